package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.size.DestinationDigest;
import io.jenkins.plugins.imagemirror.core.size.DigestsEnvWriter;
import io.jenkins.plugins.imagemirror.core.size.FileSize;
import io.jenkins.plugins.imagemirror.core.size.ImageSizer;
import io.jenkins.plugins.imagemirror.core.size.LayerScanCache;
import io.jenkins.plugins.imagemirror.core.size.LayerStats;
import io.jenkins.plugins.imagemirror.core.size.PlatformSizes;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.size.SizeReportHtmlWriter;
import io.jenkins.plugins.imagemirror.core.size.SizeReportJsonWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The files a step archives, written with core's writers into the output directory: {@code image-digests.env}
 * whenever something was pushed, {@code image-sizes.json} and {@code image-sizes.html} when the report is on. The
 * report reads the image once more from where it is cheapest (the tarball, else the first destination, else the
 * source): one streamed pass over each layer, never held in memory, and none for a layer already scanned (by an earlier
 * report, or as the copy streamed it) in this JVM or from this workspace ({@link LayerScanCache}).
 */
final class ReportFiles {
    /** How many of each layer's largest files the build page keeps (as the HTML report shows). */
    static final int LARGEST_FILES = 3;

    private ReportFiles() {}

    static void writeDigests(ImageOutcome outcome, Path dir) throws IOException {
        if (outcome.targets.isEmpty()) {
            return;
        }
        new DigestsEnvWriter().write(destinations(outcome), dir);
        outcome.reportFiles.add(DigestsEnvWriter.FILE_NAME);
    }

    /**
     * Computes the size report of the image {@code image} reads (core's ImageSizer), fills the outcome, writes JSON
     * and HTML, and returns the report (for the log's table).
     */
    static SizeReport writeReport(ImageOutcome outcome, ImageSource image, String name, List<String> platformFilter,
            Path dir, LayerScanCache scans) throws IOException {
        Platform only = platformFilter.size() == 1 ? Platform.parse(platformFilter.get(0)) : null;
        // the archives are predicted under the image's own name (the tarball's, when the report reads it); the
        // agent's JVM runs one step after another: layers an earlier report scanned are not read again
        SizeReport report = new ImageSizer(scans).size(name, image.imageName().orElse(name),
                image.resolve(), image::manifest, image::openBlob, only == null ? List.of() : List.of(only), Set.of());
        if (platformFilter.size() > 1) {
            List<PlatformSizes> kept = new ArrayList<>();
            for (PlatformSizes p : report.platforms()) {
                if (platformFilter.stream().anyMatch(f -> matches(f, p.platform()))) {
                    kept.add(p);
                }
            }
            report = new SizeReport(report.image(), report.index(), kept, report.destinations());
        }
        report = report.withDestinations(destinations(outcome));
        new SizeReportJsonWriter().write(report, dir);
        new SizeReportHtmlWriter().write(report, dir);
        outcome.reportFiles.add(SizeReportJsonWriter.FILE_NAME);
        outcome.reportFiles.add(SizeReportHtmlWriter.FILE_NAME);
        outcome.reportFiles.add(SizeReportHtmlWriter.STYLESHEET);
        for (PlatformSizes p : report.platforms()) {
            ImageOutcome.PlatformSizes sizes = new ImageOutcome.PlatformSizes();
            sizes.platform = p.platform();
            sizes.manifestDigest = p.manifest().digest().toString();
            sizes.sizes = new LinkedHashMap<>(p.sizes().byKey());
            for (LayerStats layer : p.layers()) {
                ImageOutcome.LayerSummary summary = new ImageOutcome.LayerSummary(layer.digest().toString(),
                        layer.compressedBytes(), layer.tarStreamBytes(), layer.regularFileBytes());
                summary.createdBy = layer.createdBy();
                for (FileSize file : layer.largestFiles().subList(0, Math.min(LARGEST_FILES, layer.largestFiles().size()))) {
                    summary.largestFiles.add(new ImageOutcome.FileSummary(file.path(), file.size()));
                }
                sizes.layers.add(summary);
            }
            outcome.platforms.add(sizes);
        }
        if (!report.platforms().isEmpty()) {
            outcome.explanation = String.join("\n\n", report.platforms().get(0).explanation());
        }
        return report;
    }

    private static boolean matches(String wanted, String platform) {
        try {
            return Platform.parse(wanted).matches(Platform.parse(platform));
        } catch (IllegalArgumentException e) {
            return false;
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
