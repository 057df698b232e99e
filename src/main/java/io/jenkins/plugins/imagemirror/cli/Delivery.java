package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.copy.ImageDestination;
import io.jenkins.plugins.imagemirror.core.copy.ImageLocation;
import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
import io.jenkins.plugins.imagemirror.core.copy.Transports;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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

    static int deliver(ImageSource source, ImageLocation sourceLocation, String reportName,
                       List<ImageLocation> destinations, Registries registries, CopyOptions options,
                       CopyTuning tuning, OutputOptions output, ReportOptions report) throws IOException {
        List<ImageDestination> opened = new ArrayList<>();
        try {
            for (ImageLocation location : destinations) {
                opened.add(Transports.openDestination(location, registries, tuning.tags, tuning.dockerPlatform()));
            }
            CopyResult result = new ImageCopier(options, output.progress()).copy(source, opened);
            output.writeJson(sourceLocation, result);
            output.summary(result);
            if (result.allSucceeded()) {
                report.write(source, reportName, options.platforms(), result);
            }
            return result.allSucceeded() ? 0 : 1;
        } finally {
            Closing.all(opened);
        }
    }
}
