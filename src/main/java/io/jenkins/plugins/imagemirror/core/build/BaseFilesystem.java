package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.build.plan.DockerIgnore;
import io.jenkins.plugins.imagemirror.core.build.plan.ImageFilesystem;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.JsonArray;
import io.jenkins.plugins.imagemirror.core.image.JsonObject;
import io.jenkins.plugins.imagemirror.core.image.JsonString;
import io.jenkins.plugins.imagemirror.core.image.JsonValue;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads which paths of a base image are directories or symbolic links, for {@link ImageFilesystem}: every layer
 * in order, whiteouts applied.
 *
 * <p>Cost: one pass over the base's layers (decompressing them), only when a COPY first asks, and cached in
 * {@code CACHE/bases/fs-<hash of the layer digests>.json} for later builds.
 */
final class BaseFilesystem {
    /** What {@code CACHE/bases/fs-<hash>.json} remembers of the base's layers: sorted, so the file is stable. */
    record Snapshot(List<String> directories, Map<String, String> symlinks) {
        JsonObject toJson() {
            JsonObject record = new JsonObject();
            JsonArray list = record.putArray("directories");
            for (String directory : directories) {
                list.add(directory);
            }
            JsonObject links = record.putObject("symlinks");
            for (Map.Entry<String, String> link : symlinks.entrySet()) {
                links.put(link.getKey(), link.getValue());
            }
            return record;
        }

        /** Null unless {@code record} has a list of strings and an object of strings. */
        static Snapshot fromJson(JsonObject record) {
            if (!(record.get("directories") instanceof JsonArray list)
                    || !(record.get("symlinks") instanceof JsonObject links)) {
                return null;
            }
            List<String> directories = list.strings();
            if (directories == null) {
                return null;
            }
            Map<String, String> symlinks = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> link : links.members()) {
                if (!(link.getValue() instanceof JsonString target)) {
                    return null;
                }
                symlinks.put(link.getKey(), target.text());
            }
            return new Snapshot(directories, symlinks);
        }
    }

    private final Set<String> directories = new HashSet<>();
    private final Map<String, String> symlinks = new HashMap<>();

    private BaseFilesystem() {}

    /** The tree of {@code base}'s layers (scratch: empty), from the cache when a build read it before. */
    static ImageFilesystem.Tree read(BaseImage base, Path cacheDir) throws IOException {
        BaseFilesystem fs = new BaseFilesystem();
        if (!base.isScratch()) {
            fs.load(base, cacheDir);
        }
        return new ImageFilesystem.Tree(fs.directories, fs.symlinks);
    }

    private void load(BaseImage base, Path cacheDir) throws IOException {
        StringBuilder chain = new StringBuilder();
        base.layers().forEach(layer -> chain.append(layer.digest()).append('\n'));
        Path cached = cacheDir.resolve("bases")
                .resolve("fs-" + Digest.sha256(chain.toString()).hex().substring(0, 32) + ".json");
        Optional<Snapshot> snapshot = CacheRecord.read(cached, Snapshot::fromJson);
        if (snapshot.isPresent()) {
            directories.addAll(snapshot.get().directories());
            symlinks.putAll(snapshot.get().symlinks());
            return;
        }
        for (Descriptor layer : base.layers()) {
            if (layer.mediaType().contains("zstd")) {
                throw new IOException("reading layer " + layer.digest() + " of base image " + base.name() + " to place "
                        + "COPY destinations: zstd layers are not supported; use a gzip-compressed base");
            }
            try {
                scan(base.blobFile(layer));
            } catch (IOException e) {
                throw new IOException(
                        "reading layer " + layer.digest() + " of base image " + base.name() + " to place "
                                + "COPY destinations: " + e.getMessage(),
                        e);
            }
        }
        CacheRecord.write(
                cached, new Snapshot(directories.stream().sorted().toList(), new TreeMap<>(symlinks)).toJson());
    }

    /** Applies one layer: entries add paths, whiteouts remove them (and everything below). */
    private void scan(Path blob) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(blob));
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String path = "/" + DockerIgnore.clean(e.getName());
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (name.equals(".wh..wh..opq")) {
                    removeBelow(parent(path), false);
                    continue;
                }
                if (name.startsWith(".wh.")) {
                    removeBelow(parent(path) + (parent(path).equals("/") ? "" : "/") + name.substring(4), true);
                    continue;
                }
                for (String p = parent(path); p.length() > 1; p = parent(p)) {
                    directories.add(p);
                }
                if (e.isDirectory()) {
                    directories.add(path);
                    symlinks.remove(path);
                } else if (e.isSymbolicLink()) {
                    removeBelow(path, true);
                    symlinks.put(path, e.getLinkName());
                } else {
                    removeBelow(path, true);
                }
            }
        }
    }

    private void removeBelow(String path, boolean itself) {
        String prefix = path.equals("/") ? "/" : path + "/";
        if (itself) {
            directories.remove(path);
            symlinks.remove(path);
        }
        directories.removeIf(d -> d.startsWith(prefix));
        symlinks.keySet().removeIf(d -> d.startsWith(prefix));
    }

    private static InputStream decompressed(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GzipCompressorInputStream(in, true) : in;
    }

    private static String parent(String path) {
        return ImageFilesystem.parent(path);
    }
}
