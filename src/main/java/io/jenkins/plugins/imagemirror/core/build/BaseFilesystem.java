package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Which paths of the image being built are directories or symbolic links: the base's (read from its layers,
 * whiteouts applied) plus what WORKDIR and earlier COPYs made. COPY needs it as Docker does: {@code COPY app.jar
 * /opt} puts the file into {@code /opt} when that is a directory, and a destination under a symbolic link
 * ({@code /bin -> usr/bin} in merged-/usr bases) is written to the link's target, never replacing the link.
 *
 * <p>Cost: one pass over the base's layers (decompressing them), only when a COPY first asks, and cached in
 * {@code CACHE/bases/fs-<hash of the layer digests>.json} for later builds.
 */
final class BaseFilesystem {
    private static final int MAX_LINKS = 40;

    /** What {@code CACHE/bases/fs-<hash>.json} remembers of the base's layers: sorted, so the file is stable. */
    record Snapshot(List<String> directories, Map<String, String> symlinks) {}

    private final BaseImage base;
    private final Path cacheDir;
    private final Set<String> madeDirectories = new HashSet<>();
    private Set<String> directories;
    private Map<String, String> symlinks;

    BaseFilesystem(BaseImage base, Path cacheDir) {
        this.base = base;
        this.cacheDir = cacheDir;
    }

    /** Nothing but what this build makes (scratch, or tests). */
    static BaseFilesystem empty() {
        return new BaseFilesystem(BaseImage.scratch(), null);
    }

    /** Records a directory this build makes (and its parents). */
    void addDirectory(String path) {
        for (String p = path; p.length() > 1; p = parent(p)) {
            madeDirectories.add(p);
        }
    }

    boolean isDirectory(String path) throws IOException {
        String resolved = resolve(path);
        return resolved.equals("/") || madeDirectories.contains(resolved) || load().contains(resolved);
    }

    /** The path with every symbolic link of the base in it followed (absolute and relative targets). */
    String resolve(String path) throws IOException {
        if (base.isScratch()) {
            return path;
        }
        load();
        String current = path;
        for (int hops = 0; hops < MAX_LINKS; hops++) {
            String next = resolveOnce(current);
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        throw new IOException("resolving " + path + " in base image " + base.name() + ": more than " + MAX_LINKS
                + " symbolic links (a loop?)");
    }

    /** {@link #resolve} for the directory part only: the last element is what a layer entry creates. */
    String resolveParent(String path) throws IOException {
        String parent = parent(path);
        String resolved = resolve(parent);
        return resolved.equals(parent) ? path : (resolved.equals("/") ? "" : resolved)
                + path.substring(path.lastIndexOf('/'));
    }

    private String resolveOnce(String path) {
        String[] parts = path.substring(1).split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String candidate = prefix + "/" + parts[i];
            String target = madeDirectories.contains(candidate) ? null : symlinks.get(candidate);
            if (target != null) {
                String resolved = target.startsWith("/") ? target : prefix + "/" + target;
                StringBuilder rest = new StringBuilder();
                for (int j = i + 1; j < parts.length; j++) {
                    rest.append('/').append(parts[j]);
                }
                return "/" + DockerIgnore.clean(resolved + rest);
            }
            prefix.append('/').append(parts[i]);
        }
        return path;
    }

    private Set<String> load() throws IOException {
        if (directories != null) {
            return directories;
        }
        directories = new HashSet<>();
        symlinks = new HashMap<>();
        if (base.isScratch()) {
            return directories;
        }
        StringBuilder chain = new StringBuilder();
        base.layers().forEach(layer -> chain.append(layer.digest()).append('\n'));
        Path cached = cacheDir.resolve("bases").resolve("fs-" + Digest.sha256(chain.toString()).hex().substring(0, 32)
                + ".json");
        Optional<Snapshot> snapshot = CacheRecord.read(cached, Snapshot.class);
        if (snapshot.isPresent()) {
            directories.addAll(snapshot.get().directories());
            symlinks.putAll(snapshot.get().symlinks());
            return directories;
        }
        for (Descriptor layer : base.layers()) {
            if (layer.mediaType().contains("zstd")) {
                throw new IOException("reading layer " + layer.digest() + " of base image " + base.name() + " to place "
                        + "COPY destinations: zstd layers are not supported; use a gzip-compressed base");
            }
            try {
                scan(base.blobFile(layer));
            } catch (IOException e) {
                throw new IOException("reading layer " + layer.digest() + " of base image " + base.name() + " to place "
                        + "COPY destinations: " + e.getMessage(), e);
            }
        }
        CacheRecord.write(cached, new Snapshot(directories.stream().sorted().toList(), new TreeMap<>(symlinks)));
        return directories;
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

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
