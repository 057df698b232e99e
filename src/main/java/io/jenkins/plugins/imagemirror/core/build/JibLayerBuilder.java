package io.jenkins.plugins.imagemirror.core.build;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.build.plan.LayerSpec;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Builds layers with Jib Core: reproducible tars (sorted entries, fixed times, numeric owners) compressed once and
 * kept in Jib's application-layer cache under the caller's cache directory, keyed by the entries and their source
 * files' modification times. Jib builds them as a {@code FROM scratch} image written to an OCI tar; this class
 * keeps only the layer blobs (the image config is composed by {@link ImageComposer} on the real base).
 *
 * <p>Why not let Jib build on the base: Jib's local base ({@link TarImage}) is one platform in Docker's tar format,
 * is re-read and re-hashed on every build, and Jib writes its own config and history (dropping base fields such as
 * Shell or StopSignal). Its registry base would bypass the engine's per-registry TLS, auth and 429 handling.
 *
 * <p>Jib runs on the caller's executor, which must be able to grow (Jib blocks pool threads on other pool tasks: a
 * fixed pool of 4 deadlocked). Its events arrive on many threads; the handlers here only touch concurrent maps.
 */
final class JibLayerBuilder {
    /** Jib 0.28.1's debug LogEvent when it compressed a layer rather than finding it in the cache (the evidence
     * for BuildResult.Layer.compressed; tested, so a Jib upgrade that changes it fails a test). */
    private static final Pattern BUILT = Pattern.compile("^Building (L\\d+) layer built (sha256:[0-9a-f]{64})$");

    private final Path cacheDir;
    private final ExecutorService executor;
    private final Consumer<String> log;

    JibLayerBuilder(Path cacheDir, ExecutorService executor, Consumer<String> log) {
        this.cacheDir = cacheDir;
        this.executor = executor;
        this.log = log;
    }

    /** Builds each distinct spec once; identical specs (e.g. the same COPY on two platforms) share one layer. */
    Map<LayerSpec, BuiltLayer> build(List<LayerSpec> specs) throws IOException, InterruptedException {
        List<LayerSpec> unique = new ArrayList<>(new LinkedHashSet<>(specs));
        Map<LayerSpec, BuiltLayer> out = new HashMap<>();
        if (unique.isEmpty()) {
            return out;
        }
        List<BuiltLayer> built = run(unique);
        if (built.size() == unique.size()) {
            for (int i = 0; i < unique.size(); i++) {
                out.put(unique.get(i), built.get(i));
            }
            return out;
        }
        // Jib drops a layer identical to a later one (e.g. the same COPY twice); build each alone to pair specs with
        // blobs: all cache hits, so nothing is compressed again, and the first run says what it compressed.
        Set<Digest> compressedNow = new HashSet<>();
        built.stream().filter(BuiltLayer::compressedNow).forEach(layer -> compressedNow.add(layer.digest()));
        for (LayerSpec spec : unique) {
            BuiltLayer alone = run(List.of(spec)).get(0);
            out.put(
                    spec,
                    new BuiltLayer(
                            alone.digest(),
                            alone.diffId(),
                            alone.size(),
                            alone.blob(),
                            compressedNow.contains(alone.digest())));
        }
        return out;
    }

    private List<BuiltLayer> run(List<LayerSpec> specs) throws IOException, InterruptedException {
        List<FileEntriesLayer> layers = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            layers.add(toJib("L" + i, specs.get(i)));
        }
        Path work = Files.createDirectories(cacheDir.resolve("tmp"));
        Path tar = Files.createTempFile(work, "layers-", ".tar");
        Set<Digest> builtNow = ConcurrentHashMap.newKeySet();
        try {
            JibContainerBuilder builder = Jib.fromScratch()
                    .setFormat(ImageFormat.OCI)
                    .setCreationTime(Instant.EPOCH)
                    .setFileEntriesLayers(layers);
            Containerizer containerizer = Containerizer.to(TarImage.at(tar).named("image-mirror-layers"))
                    .setBaseImageLayersCache(cacheDir.resolve("jib/base"))
                    .setApplicationLayersCache(cacheDir.resolve("jib/application"))
                    .setExecutorService(executor)
                    .setOfflineMode(true)
                    .setToolName("image-mirror")
                    .addEventHandler(LogEvent.class, event -> {
                        Matcher m = BUILT.matcher(event.getMessage());
                        if (m.matches()) {
                            builtNow.add(Digest.parse(m.group(2)));
                        }
                        if (event.getLevel() == LogEvent.Level.ERROR || event.getLevel() == LogEvent.Level.WARN) {
                            log.accept("jib: " + event.getMessage());
                        }
                    });
            builder.containerize(containerizer);
        } catch (InvalidImageReferenceException | CacheDirectoryCreationException | RegistryException e) {
            throw new IOException("building " + specs.size() + " layer(s) with Jib in " + cacheDir + ": " + e, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(
                    "building " + specs.size() + " layer(s) with Jib in " + cacheDir + ": " + cause, cause);
        }
        try {
            return read(tar, builtNow);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private static FileEntriesLayer toJib(String name, LayerSpec spec) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (LayerSpec.Entry entry : spec.entries()) {
            layer.addEntry(new FileEntry(
                    entry.source(),
                    AbsoluteUnixPath.get(entry.target()),
                    FilePermissions.fromOctalString(String.format("%03o", entry.mode())),
                    entry.modified(),
                    entry.ownership()));
        }
        return layer.build();
    }

    /** Copies the layer blobs out of Jib's OCI tar into {@code CACHE/layers/}, in manifest order. */
    private List<BuiltLayer> read(Path tar, Set<Digest> builtNow) throws IOException {
        Map<Digest, Path> blobs = new HashMap<>();
        Path store = Files.createDirectories(cacheDir.resolve("layers"));
        byte[] index = null;
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
                String name = e.getName();
                if (name.equals(LayoutNames.INDEX)) {
                    index = archive.readAllBytes();
                } else if (e.isFile() && LayoutNames.digestOfBlobPath(name).isPresent()) {
                    Digest digest = LayoutNames.digestOfBlobPath(name).get();
                    Path target = store.resolve(digest.hex());
                    if (!Files.exists(target)) {
                        Path temp = Files.createTempFile(store, ".tmp-", "");
                        Files.copy(archive, temp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                    blobs.put(digest, target);
                }
            }
        }
        if (index == null) {
            throw new IOException("reading Jib's output " + tar + ": no index.json (Jib did not write an OCI tar)");
        }
        Manifest manifest;
        ImageConfig config;
        try {
            ImageIndex images = (ImageIndex) ManifestContent.parse(index, MediaType.OCI_INDEX);
            Descriptor root = images.manifests().get(0);
            manifest = (Manifest) ManifestContent.parse(Files.readAllBytes(blobs.get(root.digest())), root.mediaType());
            config = ImageConfig.parse(
                    Files.readAllBytes(blobs.get(manifest.config().digest())));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException("reading Jib's output " + tar + ": " + e.getMessage(), e);
        }
        List<BuiltLayer> out = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            out.add(new BuiltLayer(
                    layer.digest(),
                    config.diffIds().get(i),
                    layer.size(),
                    blobs.get(layer.digest()),
                    builtNow.contains(layer.digest())));
        }
        return out;
    }
}
