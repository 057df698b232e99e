package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.build.plan.ArchiveExtractor;
import io.jenkins.plugins.imagemirror.core.build.plan.BuildInput;
import io.jenkins.plugins.imagemirror.core.build.plan.BuildPlan;
import io.jenkins.plugins.imagemirror.core.build.plan.ContextFiles;
import io.jenkins.plugins.imagemirror.core.build.plan.DockerIgnore;
import io.jenkins.plugins.imagemirror.core.build.plan.ImageFilesystem;
import io.jenkins.plugins.imagemirror.core.build.plan.LayerSpec;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Builds an image without a container runtime: parses the Dockerfile or build file (everything it cannot build
 * fails here, before any work), fetches each platform's base through the {@link BaseImageSource}, has Jib build
 * the layers (each distinct layer once, whatever the number of platforms; unchanged layers come from the cache),
 * composes each platform's config and manifest on its base, and writes an OCI layout holding one manifest, or an
 * OCI image index for several platforms. Pushing is the engine's job: hand {@link BuildResult#layout()} to its
 * copier, so every destination gets the same digest.
 */
public final class ImageBuilder {
    private final Consumer<String> log;

    /** @param log receives progress lines (never secrets); may be called from Jib's threads */
    public ImageBuilder(Consumer<String> log) {
        this.log = log;
    }

    public BuildResult build(BuildSpec spec) throws BuildInputException, IOException, InterruptedException {
        return build(spec, System.getenv());
    }

    /** @param environment the process environment of the build (SOURCE_DATE_EPOCH) */
    public BuildResult build(BuildSpec spec, Map<String, String> environment)
            throws BuildInputException, IOException, InterruptedException {
        if (!Files.isDirectory(spec.context())) {
            throw new IOException("build context " + spec.context() + " is not a directory; pass the directory "
                    + "holding the files to COPY");
        }
        Instant created = spec.creationTime(environment);
        Instant fileTime = created.equals(Instant.EPOCH) ? Instant.ofEpochSecond(1) : created;
        BuildInput input = BuildInput.read(
                spec.buildFile(), spec.dockerfile(), spec.context(), spec.buildArgs(), created, fileTime);
        List<Platform> platforms = input.platforms(spec.platforms());
        List<String> unused = input.unusedBuildArgs(spec.buildArgs());
        if (!unused.isEmpty()) {
            log.accept(
                    "warning: build args " + unused + " were not consumed: " + input.file() + " has no ARG for them");
        }
        Path cache = Files.createDirectories(spec.cacheDir());
        ContextFiles context = new ContextFiles(
                spec.context(),
                DockerIgnore.read(spec.context(), spec.buildFile() == null ? spec.dockerfile() : null),
                List.of(cache, spec.outputDir()));
        ArchiveExtractor archives = new ArchiveExtractor(cache.resolve("staging"));

        List<BaseImage> bases = new ArrayList<>();
        List<BuildPlan> plans = new ArrayList<>();
        for (Platform platform : platforms) {
            String reference = input.base(platform);
            log.accept("base " + reference + " for " + platform);
            BaseImage base = spec.baseImages().fetch(reference, platform, cache);
            bases.add(base);
            ImageFilesystem filesystem = base.isScratch()
                    ? ImageFilesystem.empty()
                    : ImageFilesystem.onBase(base.name(), () -> BaseFilesystem.read(base, cache));
            plans.add(input.plan(platform, base.name(), base.config(), context, archives, filesystem));
        }

        List<LayerSpec> jibLayers = new ArrayList<>();
        Map<LayerSpec, BuiltLayer> built = new HashMap<>();
        ArchiveLayerWriter archiveLayers = new ArchiveLayerWriter(cache, fileTime);
        for (BuildPlan plan : plans) {
            for (LayerSpec layer : plan.layers()) {
                if (layer.archive() == null) {
                    jibLayers.add(layer);
                } else if (!built.containsKey(layer)) {
                    try {
                        built.put(layer, archiveLayers.write(layer.archive(), layer.archiveDestination()));
                    } catch (IllegalArgumentException e) {
                        throw new BuildInputException(
                                input.file(), layer.line(), layer.createdBy() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        ExecutorService executor = executor();
        try {
            built.putAll(new JibLayerBuilder(cache, executor, log).build(jibLayers));
        } finally {
            executor.shutdownNow();
        }

        OciLayoutWriter out = OciLayoutWriter.open(spec.outputDir());
        List<Descriptor> manifests = new ArrayList<>();
        List<BuildResult.PlatformImage> images = new ArrayList<>();
        for (int i = 0; i < platforms.size(); i++) {
            BuildPlan plan = plans.get(i);
            List<BuiltLayer> layers = plan.layers().stream().map(built::get).toList();
            Manifest manifest = ImageComposer.compose(out, bases.get(i), plan, layers, platforms.get(i));
            manifests.add(manifest.descriptor().withPlatform(platforms.get(i)));
            images.add(report(manifest, bases.get(i), plan, layers, platforms.get(i)));
        }
        Descriptor top;
        if (manifests.size() == 1) {
            top = manifests.get(0).withPlatform(null);
        } else {
            ImageIndex index = ImageIndex.create(MediaType.OCI_INDEX, manifests, Map.of());
            top = index.descriptor();
            out.writeBlob(top, index.bytes());
        }
        out.writeIndex(List.of(top));
        String digest = top.digest().toString();
        log.accept("built " + digest + " (" + platforms.size() + " platform" + (platforms.size() == 1 ? "" : "s")
                + ") in " + spec.outputDir());
        return new BuildResult(spec.outputDir(), digest, top.mediaType(), top.size(), images);
    }

    private static BuildResult.PlatformImage report(
            Manifest manifest, BaseImage base, BuildPlan plan, List<BuiltLayer> layers, Platform platform) {
        List<BuildResult.Layer> report = new ArrayList<>();
        for (int i = 0; i < base.layers().size(); i++) {
            Descriptor layer = base.layers().get(i);
            report.add(new BuildResult.Layer(
                    layer.digest().toString(),
                    layer.size(),
                    base.config().diffIds().get(i).toString(),
                    base.name(),
                    0,
                    true,
                    false));
        }
        List<BuildPlan.Step> steps =
                plan.steps().stream().filter(s -> s.layer() != null).toList();
        for (int i = 0; i < layers.size(); i++) {
            BuiltLayer layer = layers.get(i);
            report.add(new BuildResult.Layer(
                    layer.digest().toString(),
                    layer.size(),
                    layer.diffId().toString(),
                    steps.get(i).createdBy(),
                    steps.get(i).line(),
                    false,
                    layer.compressedNow()));
        }
        return new BuildResult.PlatformImage(
                platform.toString(),
                manifest.digest().toString(),
                manifest.config().digest().toString(),
                report);
    }

    /** Jib blocks pool threads on other pool tasks: the pool must grow (a fixed pool of 4 deadlocked). */
    private static ExecutorService executor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "image-mirror-jib-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
