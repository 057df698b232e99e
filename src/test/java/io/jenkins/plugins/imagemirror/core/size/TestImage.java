package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small OCI image built in memory for tests: gzip layers, a config with diff IDs and history, a manifest, and
 * optionally an index over several platforms. Writes an OCI layout that skopeo can copy anywhere.
 */
public final class TestImage implements BlobOpener {
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** One platform: its manifest and config bytes. */
    public record Platform(String os, String arch, byte[] manifest, byte[] config) {
        public SizeReportCalculator.PlatformImage image() {
            return new SizeReportCalculator.PlatformImage(manifest, config);
        }
    }

    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    private final List<Platform> platforms = new ArrayList<>();
    private byte[] index;

    /** Adds a platform made of {@code tars} (uncompressed; gzipped here), one history entry per layer. */
    public TestImage platform(String os, String arch, List<byte[]> tars, List<String> history) {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder layers = new StringBuilder();
        StringBuilder hist = new StringBuilder();
        for (int i = 0; i < tars.size(); i++) {
            byte[] gz = TestLayers.gzip(tars.get(i));
            String digest = put(gz);
            diffIds.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(TestLayers.sha256(tars.get(i)))
                    .append('"');
            layers.append(i == 0 ? "" : ",").append(descriptor(LAYER_GZIP, digest, gz.length));
            hist.append(i == 0 ? "" : ",")
                    .append("{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":")
                    .append(json(history.get(i)))
                    .append('}');
        }
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"" + os
                        + "\",\"config\":{\"Env\":[\"PATH=/bin\"]}," + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                        + diffIds + "]},\"history\":[" + hist + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = put(config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":"
                        + descriptor(CONFIG, configDigest, config.length) + ",\"layers\":[" + layers + "]}")
                .getBytes(StandardCharsets.UTF_8);
        put(manifest);
        platforms.add(new Platform(os, arch, manifest, config));
        return this;
    }

    /** Makes this a multi-platform image: an index over every platform added so far. */
    public TestImage index() {
        StringBuilder entries = new StringBuilder();
        for (Platform p : platforms) {
            String d = descriptor(MANIFEST, TestLayers.sha256(p.manifest()), p.manifest().length);
            entries.append(entries.length() == 0 ? "" : ",")
                    .append(d, 0, d.length() - 1)
                    .append(",\"platform\":{\"architecture\":\"")
                    .append(p.arch())
                    .append("\",\"os\":\"")
                    .append(p.os())
                    .append("\"}}");
        }
        index = ("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[" + entries + "]}")
                .getBytes(StandardCharsets.UTF_8);
        put(index);
        return this;
    }

    public List<Platform> platforms() {
        return platforms;
    }

    /** Every blob by digest: layers, configs, manifests, the index. */
    public Map<String, byte[]> blobs() {
        return blobs;
    }

    public byte[] indexBytes() {
        return index;
    }

    public List<SizeReportCalculator.PlatformImage> images() {
        return platforms.stream().map(Platform::image).toList();
    }

    /** The digest skopeo should copy: the index's, or the single manifest's. */
    public String topDigest() {
        return TestLayers.sha256(index != null ? index : platforms.get(0).manifest());
    }

    @Override
    public InputStream open(Descriptor blob) throws IOException {
        byte[] b = blobs.get(blob.digest().toString());
        if (b == null) {
            throw new IOException("no blob " + blob.digest() + " in the test image");
        }
        return new ByteArrayInputStream(b);
    }

    /** Writes an OCI layout (oci-layout, index.json tagged {@code tag}, blobs/sha256/…) to {@code dir}. */
    public Path writeLayout(Path dir, String tag) throws IOException {
        Path blobDir = Files.createDirectories(dir.resolve("blobs/sha256"));
        for (Map.Entry<String, byte[]> b : blobs.entrySet()) {
            Files.write(blobDir.resolve(b.getKey().substring("sha256:".length())), b.getValue());
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        byte[] top = index != null ? index : platforms.get(0).manifest();
        String d = descriptor(index != null ? INDEX : MANIFEST, TestLayers.sha256(top), top.length);
        Files.writeString(
                dir.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[" + d.substring(0, d.length() - 1)
                        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
        return dir;
    }

    private String put(byte[] blob) {
        String digest = TestLayers.sha256(blob);
        blobs.put(digest, blob);
        return digest;
    }

    private static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
