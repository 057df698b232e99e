package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What to copy and how hard: platforms, extra tags, parallelism. */
final class CopyTuning {
    @Option(
            names = "--platform",
            split = ",",
            paramLabel = "OS/ARCH[/VARIANT]",
            description = "Only these platforms (comma-separated or repeated). One platform: that platform's own"
                    + " manifest; several: a new index. Either way the digest changes, and is reported.")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "Extra tag at every registry destination. Repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(
            names = "--jobs",
            paramLabel = "N",
            defaultValue = "4",
            description = "Blobs copied at once (default ${DEFAULT-VALUE}).")
    int jobs;

    List<Platform> parsedPlatforms() {
        List<Platform> parsed = new ArrayList<>();
        for (String p : platforms) {
            parsed.add(Platform.parse(p));
        }
        return parsed;
    }

    CopyOptions copyOptions() {
        return CopyOptions.defaults().withJobs(jobs).withPlatforms(parsedPlatforms());
    }
}
