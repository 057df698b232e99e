package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.build.BuildResult;
import io.jenkins.plugins.imagemirror.core.build.BuildSpec;
import io.jenkins.plugins.imagemirror.core.build.EngineBaseImages;
import io.jenkins.plugins.imagemirror.core.build.ImageBuilder;
import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
@Command(name = "build", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Build an image from a Dockerfile (no RUN) or a build file, without a daemon, and write it to"
                + " every DST with one digest.",
                "Locations: docker://REF, oci-archive:PATH[:NAME], oci:DIR[:NAME], docker-archive:PATH[:NAME]."})
final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory.")
    Path context;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "DST", description = "Where to write the image.")
    List<String> destinations;

    @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE", description = "The Dockerfile (default CONTEXT/Dockerfile).")
    Path dockerfile;

    @Option(names = "--build-file", paramLabel = "BUILD.YAML", description = "A YAML build file instead of a Dockerfile.")
    Path buildFile;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "A value for an ARG. Repeatable.")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(names = "--cache", paramLabel = "DIR",
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
        List<ImageLocation> to = Delivery.parse(destinations);
        Registries registries = registry.registries().onRateLimit(output.rateLimitListener());
        CopyListener progress = output.progress();
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "image-mirror");
        Files.createDirectories(cacheDir);
        Path layout = Files.createTempDirectory(cacheDir, "build-");
        try {
            BuildSpec spec = new BuildSpec(context, dockerfile, buildFile, buildArgs, tuning.platforms, cacheDir,
                    layout.resolve("image"), null, new EngineBaseImages(registries, progress));
            BuildResult built = new ImageBuilder(progress::info).build(spec);
            progress.info("built " + built.digest() + " (" + built.images().size() + " platform"
                    + (built.images().size() == 1 ? "" : "s") + ")");
            ImageLocation builtLocation = ImageLocation.of(ImageLocation.Transport.OCI_LAYOUT, built.layout(), null);
            try (ImageSource src = Transports.openSource(builtLocation, registries)) {
                // the build already made its platforms: the layout is copied whole, digest unchanged
                return Delivery.deliver(src, builtLocation,
                        context.toAbsolutePath().normalize().toString(), Delivery.firstRegistryName(to), to, registries,
                        tuning.copyOptions().withPlatforms(List.of()), tuning, output, report);
            }
        } finally {
            deleteTree(layout);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw new UncheckedIOException(e);
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
