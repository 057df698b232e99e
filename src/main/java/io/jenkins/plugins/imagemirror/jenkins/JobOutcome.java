package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.job.JobResult;
import io.jenkins.plugins.imagemirror.core.size.FileSize;
import io.jenkins.plugins.imagemirror.core.size.LayerStats;
import io.jenkins.plugins.imagemirror.core.size.PlatformSizes;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A {@link JobResult} as the build page, the script and the archiver see it ({@link ImageOutcome}): the registry
 * targets, the workspace tarball, the names of the files to archive, and each platform's sizes with its layers'
 * largest files.
 */
final class JobOutcome {
    /** How many of each layer's largest files the build page keeps (as the HTML report shows). */
    static final int LARGEST_FILES = 3;

    private JobOutcome() {}

    static ImageOutcome of(JobResult result, String source, Path workspace, Path outputDir) throws IOException {
        ImageOutcome outcome = new ImageOutcome();
        outcome.source = source;
        outcome.digest = result.digest().toString();
        outcome.outputDirectory = outputDir.toString();
        for (JobResult.Written written : result.targets()) {
            DestinationResult d = written.result();
            ImageLocation location = written.target().location();
            if (location.transport() == Transport.OCI_ARCHIVE) {
                Path tarball = location.file();
                outcome.tarball = workspace.relativize(tarball).toString().replace(File.separatorChar, '/');
                outcome.tarballBytes = Files.size(tarball);
            } else {
                outcome.targets.add(new ImageOutcome.TargetOutcome(
                        ImageLocation.withoutTransport(d.reference()),
                        String.valueOf(d.digest()),
                        d.status().label(),
                        d.bytesUploaded()));
            }
        }
        addReport(outcome, result.report(), result.files());
        return outcome;
    }

    /** The report's numbers for the build page, and the names of the files written. */
    static void addReport(ImageOutcome outcome, SizeReport report, List<Path> files) {
        for (Path file : files) {
            outcome.reportFiles.add(String.valueOf(file.getFileName()));
        }
        if (report == null) {
            return;
        }
        for (PlatformSizes p : report.platforms()) {
            ImageOutcome.PlatformSizes sizes = new ImageOutcome.PlatformSizes();
            sizes.platform = p.platform();
            sizes.manifestDigest = p.manifest().digest().toString();
            sizes.sizes = new LinkedHashMap<>(p.sizes().byKey());
            for (LayerStats layer : p.layers()) {
                ImageOutcome.LayerSummary summary = new ImageOutcome.LayerSummary(
                        layer.digest().toString(),
                        layer.compressedBytes(),
                        layer.tarStreamBytes(),
                        layer.regularFileBytes());
                summary.createdBy = layer.createdBy();
                for (FileSize file : layer.largestFiles()
                        .subList(0, Math.min(LARGEST_FILES, layer.largestFiles().size()))) {
                    summary.largestFiles.add(new ImageOutcome.FileSummary(file.path(), file.size()));
                }
                sizes.layers.add(summary);
            }
            outcome.platforms.add(sizes);
        }
        if (!report.platforms().isEmpty()) {
            outcome.explanation = String.join("\n\n", report.platforms().get(0).explanation());
        }
    }
}
