package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.size.DestinationDigest;
import io.jenkins.plugins.imagemirror.core.size.DigestsEnvWriter;
import io.jenkins.plugins.imagemirror.core.size.LayerAnalyzer;
import io.jenkins.plugins.imagemirror.core.size.LayerStats;
import io.jenkins.plugins.imagemirror.core.size.PlatformSizes;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.size.SizeReportCalculator;
import io.jenkins.plugins.imagemirror.core.size.SizeReportHtmlWriter;
import io.jenkins.plugins.imagemirror.core.size.SizeReportJsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The files a step archives, written with core's writers into the output directory: {@code image-digests.env}
 * whenever something was pushed, {@code image-sizes.json} and {@code image-sizes.html} when the report is on. The
 * report reads the image once more from where it is cheapest (the tarball, else the first destination, else the
 * source): one pass over each layer, streamed, never held in memory.
 */
final class ReportFiles {
    private ReportFiles() {}

    static void writeDigests(ImageOutcome outcome, Path dir) throws IOException {
        if (outcome.targets.isEmpty()) {
            return;
        }
        new DigestsEnvWriter().write(destinations(outcome), dir);
        outcome.reportFiles.add(DigestsEnvWriter.FILE_NAME);
    }

    /** Computes the size report of the image {@code image} reads, fills the outcome, writes JSON and HTML. */
    static void writeReport(ImageOutcome outcome, ImageSource image, String name, List<String> platformFilter, Path dir)
            throws IOException {
        Descriptor root = image.resolve();
        ManifestContent top = image.manifest(root);
        byte[] index = null;
        List<SizeReportCalculator.PlatformImage> platforms = new ArrayList<>();
        if (top instanceof ImageIndex idx) {
            index = idx.bytes();
            for (Descriptor entry : idx.manifests()) {
                if (selected(entry, platformFilter)) {
                    platforms.add(platform(image, image.manifest(entry)));
                }
            }
        } else {
            platforms.add(platform(image, top));
        }
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate(name, index, platforms, image::openBlob, Set.of())
                .withDestinations(destinations(outcome));
        new SizeReportJsonWriter().write(report, dir);
        new SizeReportHtmlWriter().write(report, dir);
        outcome.reportFiles.add(SizeReportJsonWriter.FILE_NAME);
        outcome.reportFiles.add(SizeReportHtmlWriter.FILE_NAME);
        for (PlatformSizes p : report.platforms()) {
            ImageOutcome.PlatformSizes sizes = new ImageOutcome.PlatformSizes();
            sizes.platform = p.platform();
            sizes.manifestDigest = p.manifest().digest().toString();
            sizes.sizes = new LinkedHashMap<>(p.sizes().byKey());
            for (LayerStats layer : p.layers()) {
                sizes.layers.add(new ImageOutcome.LayerSummary(layer.digest().toString(), layer.compressedBytes(),
                        layer.tarStreamBytes(), layer.regularFileBytes()));
            }
            outcome.platforms.add(sizes);
        }
        if (!report.platforms().isEmpty()) {
            outcome.explanation = String.join("\n\n", report.platforms().get(0).explanation());
        }
    }

    private static boolean selected(Descriptor entry, List<String> filter) {
        if (filter.isEmpty()) {
            return entry.platform() == null || !"unknown".equals(entry.platform().os());
        }
        for (String p : filter) {
            if (entry.platform() != null && Platform.parse(p).matches(entry.platform())) {
                return true;
            }
        }
        return false;
    }

    private static SizeReportCalculator.PlatformImage platform(ImageSource image, ManifestContent content)
            throws IOException {
        if (!(content instanceof Manifest manifest)) {
            throw new IOException("reading " + image.describe() + " for the size report: an index inside an index");
        }
        try (InputStream config = image.openBlob(manifest.config())) {
            return new SizeReportCalculator.PlatformImage(manifest.bytes(), config.readAllBytes());
        }
    }

    private static List<DestinationDigest> destinations(ImageOutcome outcome) {
        List<DestinationDigest> list = new ArrayList<>();
        for (ImageOutcome.TargetOutcome t : outcome.targets) {
            int at = t.reference.indexOf('@');
            list.add(new DestinationDigest(at < 0 ? t.reference : t.reference.substring(0, at), Digest.parse(t.digest)));
        }
        return list;
    }
}
