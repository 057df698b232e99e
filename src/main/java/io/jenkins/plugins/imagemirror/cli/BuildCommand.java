package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.job.BuildRequest;
import io.jenkins.plugins.imagemirror.core.job.JobRequest;
import io.jenkins.plugins.imagemirror.core.job.JobTarget;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code build CONTEXT DST [DST...]}: builds without a daemon (Jib) into a temporary OCI layout, then the copier
 * writes it to every destination with one digest. Everything the Dockerfile cannot do fails before any work.
 */
@Command(
        name = "build",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Build an image from a Dockerfile (no RUN) or a build file, without a daemon, and write it to"
                    + " every DST with one digest.",
            "Locations: docker://REF, oci-archive:PATH[:NAME], oci:DIR[:NAME], docker-archive:PATH[:NAME]."
        })
final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory.")
    Path context;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "DST", description = "Where to write the image.")
    List<String> destinations;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "DOCKERFILE",
            description = "The Dockerfile (default CONTEXT/Dockerfile).")
    Path dockerfile;

    @Option(
            names = "--build-file",
            paramLabel = "BUILD.YAML",
            description = "A YAML build file instead of a Dockerfile.")
    Path buildFile;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "A value for an ARG. Repeatable.")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "Layer and base-image cache, kept between builds (default ~/.cache/image-mirror).")
    Path cache;

    @Mixin
    OutputOptions output;

    @Mixin
    CopyTuning tuning;

    @Mixin
    RegistryOptions registry;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws IOException, BuildInputException, InterruptedException {
        if (dockerfile != null && buildFile != null) {
            throw new IllegalArgumentException("-f and --build-file: give one of them, not both");
        }
        if (!Files.isDirectory(context)) {
            throw new IllegalArgumentException("build context " + context + ": not a directory");
        }
        List<JobTarget> to = Delivery.targets(destinations);
        Registries registries = registry.registries().onRateLimit(output.rateLimitListener());
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "image-mirror");
        BuildRequest build = new BuildRequest(context, dockerfile, buildFile, buildArgs, cacheDir);
        return Delivery.run(
                new JobRequest(
                        null,
                        build,
                        to,
                        tuning.tags,
                        tuning.parsedPlatforms(),
                        tuning.copyOptions(),
                        registries,
                        report.report,
                        report.report != null),
                context.toAbsolutePath().normalize().toString(),
                output);
    }
}
