package io.jenkins.plugins.imagemirror.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
        base.layers().forEach(layer -> chain.append(layer.get("digest").asText()).append('\n'));
        Path cached = cacheDir.resolve("bases").resolve("fs-"
                + OciLayout.sha256(chain.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32) + ".json");
        if (Files.isRegularFile(cached)) {
            JsonNode json = OciLayout.JSON.readTree(cached.toFile());
            json.get("directories").forEach(d -> directories.add(d.asText()));
            json.get("symlinks").fields().forEachRemaining(e -> symlinks.put(e.getKey(), e.getValue().asText()));
            return directories;
        }
        OciLayout layout = OciLayout.open(base.layout());
        for (JsonNode layer : base.layers()) {
            String digest = layer.get("digest").asText();
            String type = layer.path("mediaType").asText();
            if (type.contains("zstd")) {
                throw new IOException("reading layer " + digest + " of base image " + base.name() + " to place COPY "
                        + "destinations: zstd layers are not supported; use a gzip-compressed base");
            }
            try {
                scan(layout.blob(digest));
            } catch (IOException e) {
                throw new IOException("reading layer " + digest + " of base image " + base.name() + " to place COPY "
                        + "destinations: " + e.getMessage(), e);
            }
        }
        ObjectNode json = OciLayout.JSON.createObjectNode();
        directories.stream().sorted().forEach(json.putArray("directories")::add);
        ObjectNode links = json.putObject("symlinks");
        symlinks.keySet().stream().sorted().forEach(k -> links.put(k, symlinks.get(k)));
        Files.createDirectories(cached.getParent());
        Path temp = Files.createTempFile(cached.getParent(), ".fs-", ".json");
        Files.write(temp, OciLayout.JSON.writeValueAsBytes(json));
        Files.move(temp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
