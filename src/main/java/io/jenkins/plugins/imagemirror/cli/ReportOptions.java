package io.jenkins.plugins.imagemirror.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --report DIR}: image-sizes.json, image-sizes.html and image-digests.env for a later CD stage. */
final class ReportOptions {
    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write image-sizes.json, image-sizes.html and image-digests.env (each registry destination's"
                    + " reference with digest) into DIR.")
    Path report;
}
