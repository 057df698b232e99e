package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.transport.ArchiveName;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part {@code copy} and {@code build} share: write an opened source to every destination, then the JSON result,
 * the summary lines and (when every destination succeeded) the size report. Returns the exit code.
 */
final class Delivery {
    private Delivery() {}

    /** Parses every destination before any work, so a typo fails fast with exit code 2. */
    static List<ImageLocation> parse(List<String> destinations) {
        List<ImageLocation> parsed = new ArrayList<>();
        for (String d : destinations) {
            parsed.add(ImageLocation.parse(d));
        }
        return parsed;
    }

    /**
     * @param imageName the name archives written without {@code :NAME} carry (see {@link ArchiveName}): the
     *                  source's own, or for a build its first registry destination; empty for the fallback
     */
    static int deliver(ImageSource source, ImageLocation sourceLocation, String reportName, Optional<String> imageName,
                       List<ImageLocation> destinations, Registries registries, CopyOptions options,
                       CopyTuning tuning, OutputOptions output, ReportOptions report) throws IOException {
        List<ImageDestination> opened = new ArrayList<>();
        try {
            for (ImageLocation location : destinations) {
                if (ArchiveName.applies(location) && ArchiveName.of(location, imageName).fromFile()) {
                    output.progress().info(ArchiveName.of(location, imageName).notice(location));
                }
                opened.add(Transports.openDestination(location, registries, tuning.tags, tuning.dockerPlatform(),
                        imageName));
            }
            CopyResult result = new ImageCopier(options, output.progress()).copy(source, opened);
            output.writeJson(sourceLocation, result);
            output.summary(result);
            if (result.allSucceeded()) {
                report.write(source, reportName, archiveName(destinations, imageName), options.platforms(), result);
            }
            return result.allSucceeded() ? 0 : 1;
        } finally {
            Closing.all(opened);
        }
    }

    /** The name the report's archive predictions assume: the first archive destination's, else the default. */
    static String archiveName(List<ImageLocation> destinations, Optional<String> imageName) {
        for (ImageLocation d : destinations) {
            if (d.transport() == ImageLocation.Transport.OCI_ARCHIVE
                    || d.transport() == ImageLocation.Transport.DOCKER_ARCHIVE) {
                return ArchiveName.of(d, imageName).name();
            }
        }
        return imageName.orElse(null);
    }

    /** A build's name: its first registry destination (without digest), if any. */
    static Optional<String> firstRegistryName(List<ImageLocation> destinations) {
        return destinations.stream().filter(d -> d.transport() == ImageLocation.Transport.REGISTRY).findFirst()
                .map(d -> d.reference().toString());
    }
}
