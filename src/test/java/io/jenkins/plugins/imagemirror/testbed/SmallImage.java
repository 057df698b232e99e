package io.jenkins.plugins.imagemirror.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer linux image for the host architecture, made in plain Java (no network, no image tool), with every
 * input of the size formulas known exactly: manifest bytes {@link #manifestSize()} (M), config {@link #configSize()}
 * (K), compressed layer (A), layer tar stream (D), regular-file bytes (G), G plus symlink targets (H).
 * Written as an OCI layout directory (for {@code skopeo copy oci:DIR}) and as a hybrid archive (OCI layout plus
 * docker's manifest.json) that ctr, podman and docker all load.
 */
final class SmallImage {
    static final String NAME = "testbed.invalid/it/small:v1";

    private final byte[] layerTar;
    private final byte[] layerGz;
    private final byte[] config;
    private final byte[] manifest;
    private final long regularFileBytes;
    private final long symlinkTargetBytes;

    SmallImage() {
        byte[] hello = "hello from the image-mirror test bed\n".getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[6000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + i / 7);
        String linkTarget = "etc/hello.txt";
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            dir(out, "etc/");
            file(out, "etc/hello.txt", hello);
            dir(out, "data/");
            file(out, "data/blob.bin", data);
            TarArchiveEntry link = new TarArchiveEntry("hello", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(linkTarget);
            link.setModTime(0);
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        layerTar = tar.toByteArray();
        regularFileBytes = hello.length + data.length;
        symlinkTargetBytes = linkTarget.getBytes(StandardCharsets.UTF_8).length;
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(layerTar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        layerGz = gz.toByteArray();
        config = ("{\"architecture\":\"" + ContainerdImageSize.hostArch() + "\",\"os\":\"linux\","
                        + "\"config\":{\"Env\":[\"PATH=/\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + digest(layerTar)
                        + "\"]},\"history\":[{\"created_by\":\"image-mirror testbed SmallImage\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + digest(config)
                        + "\",\"size\":" + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                        + "\"digest\":\"" + digest(layerGz) + "\",\"size\":" + layerGz.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    String manifestDigest() {
        return digest(manifest);
    }

    /**
     * An OCI image index naming this image's manifest for linux/host-architecture: pulling through it adds its
     * bytes (I) to the containerd, CRI and podman sizes.
     */
    byte[] index() {
        return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                        + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                        + manifestDigest()
                        + "\",\"size\":" + manifest.length + ",\"platform\":{\"architecture\":\""
                        + ContainerdImageSize.hostArch()
                        + "\",\"os\":\"linux\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    byte[] manifest() {
        return manifest.clone();
    }

    long manifestSize() {
        return manifest.length;
    }

    long configSize() {
        return config.length;
    }

    /** A: the compressed layer, as the manifest describes it. */
    long compressedLayerSize() {
        return layerGz.length;
    }

    /** D: the whole uncompressed tar stream of the layer. */
    long layerTarSize() {
        return layerTar.length;
    }

    /** G: bytes of regular files. */
    long regularFileBytes() {
        return regularFileBytes;
    }

    /** H: G plus the byte lengths of symlink targets. */
    long regularFileAndSymlinkBytes() {
        return regularFileBytes + symlinkTargetBytes;
    }

    /** Writes an OCI image layout directory with one manifest, tagged v1. */
    Path writeLayout(Path dir) {
        try {
            for (Map.Entry<String, byte[]> e : entries().entrySet()) {
                if (e.getKey().equals("manifest.json")) continue;
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("writing OCI layout " + dir, e);
        }
    }

    /** Writes the hybrid archive (OCI layout + manifest.json) as one uncompressed tar. */
    Path writeArchive(Path file) {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries().entrySet()) file(out, e.getKey(), e.getValue());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("writing archive " + file, e);
        }
    }

    private Map<String, byte[]> entries() {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest()
                + "\",\"size\":" + manifest.length + ",\"annotations\":{\"io.containerd.image.name\":\"" + NAME
                + "\",\"org.opencontainers.image.ref.name\":\"v1\"}}]}";
        String docker = "[{\"Config\":\"" + blob(config) + "\",\"RepoTags\":[\"" + NAME + "\"],\"Layers\":[\""
                + blob(layerGz) + "\"]}]";
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        m.put("index.json", index.getBytes(StandardCharsets.UTF_8));
        m.put("manifest.json", docker.getBytes(StandardCharsets.UTF_8));
        m.put(blob(manifest), manifest);
        m.put(blob(config), config);
        m.put(blob(layerGz), layerGz);
        return m;
    }

    private static String blob(byte[] b) {
        return "blobs/sha256/" + digest(b).substring("sha256:".length());
    }

    static String digest(byte[] b) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void dir(TarArchiveOutputStream out, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(0);
        e.setMode(0755 | 040000);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(0);
        e.setMode(0644 | 0100000);
        e.setSize(content.length);
        out.putArchiveEntry(e);
        ((OutputStream) out).write(content);
        out.closeArchiveEntry();
    }
}
