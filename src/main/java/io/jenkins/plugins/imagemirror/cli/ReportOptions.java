package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.size.DestinationDigest;
import io.jenkins.plugins.imagemirror.core.size.SizeArtifactsWriter;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.size.ImageSizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --report DIR}: image-sizes.json, image-sizes.html and image-digests.env for a later CD stage. */
final class ReportOptions {
    @Option(names = "--report", paramLabel = "DIR",
            description = "Write image-sizes.json, image-sizes.html and image-digests.env (each destination's"
                    + " reference with digest) into DIR.")
    Path report;

    /**
     * Reads the sizes from {@code source} (one pass over its layers) and writes the three files. Only successful
     * destinations go into image-digests.env.
     */
    SizeReport write(ImageSource source, String image, String archiveName, List<Platform> platforms, CopyResult result)
            throws IOException {
        if (report == null) {
            return null;
        }
        List<DestinationDigest> pushed = new ArrayList<>();
        for (DestinationResult d : result.destinations()) {
            if (d.succeeded()) {
                pushed.add(new DestinationDigest(withoutDigest(d.reference()), d.digest()));
            }
        }
        // the report covers the platforms asked for (all when none), and predicts the archives of that choice
        SizeReport sizes = new ImageSizer().size(image, archiveName, source.resolve(), source::manifest,
                source::openBlob, platforms, Set.of()).withDestinations(pushed);
        new SizeArtifactsWriter().write(sizes, report);
        return sizes;
    }

    private static String withoutDigest(String reference) {
        int at = reference.lastIndexOf("@sha256:");
        return at < 0 ? reference : reference.substring(0, at);
    }
}
