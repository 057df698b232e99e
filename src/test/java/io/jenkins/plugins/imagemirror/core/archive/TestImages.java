package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Small real images made in plain Java for the tests: one gzip layer holding {@code /hello.txt}, an OCI config
 * and an OCI manifest per platform, and a two-platform OCI index. Deterministic bytes, so digests are stable.
 */
public final class TestImages {
    public static final Platform AMD64 = Platform.of("linux", "amd64");
    public static final Platform ARM64 = new Platform("linux", "arm64", "v8");

    private TestImages() {}

    /** An uncompressed layer tar with one directory and one file. */
    public static byte[] layerTar(String fileContent) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            TarWriter tar = new TarWriter(bytes);
            tar.directory("etc");
            tar.file("etc/hello.txt", fileContent.getBytes(StandardCharsets.UTF_8));
            tar.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] config(Platform platform, Digest diffId) {
        String json = "{\"architecture\":\"" + platform.architecture() + "\",\"os\":\"" + platform.os() + "\""
                + (platform.variant() == null ? "" : ",\"variant\":\"" + platform.variant() + "\"")
                + ",\"config\":{\"Cmd\":[\"/bin/sh\"],\"Labels\":{\"test\":\"image-mirror\"}}"
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}"
                + ",\"history\":[{\"created_by\":\"TestImages\"}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a one-layer image for {@code platform} into {@code layout}; returns its manifest. */
    public static Manifest image(OciLayoutWriter layout, Platform platform, String content) throws IOException {
        return image(layout, platform, content, false);
    }

    /** As {@link #image(OciLayoutWriter, Platform, String)}; with Docker's media types (as Docker Hub serves). */
    public static Manifest image(OciLayoutWriter layout, Platform platform, String content, boolean dockerTypes)
            throws IOException {
        byte[] tar = layerTar(content + " on " + platform + "\n");
        byte[] layer = gzip(tar);
        Descriptor layerDescriptor =
                Descriptor.ofContent(dockerTypes ? MediaType.DOCKER_LAYER_GZIP : MediaType.OCI_LAYER_GZIP, layer);
        byte[] config = config(platform, Digest.sha256(tar));
        Descriptor configDescriptor =
                Descriptor.ofContent(dockerTypes ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG, config);
        Manifest manifest = Manifest.create(
                dockerTypes ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST,
                configDescriptor,
                List.of(layerDescriptor),
                Map.of());
        layout.writeBlob(layerDescriptor, layer);
        layout.writeBlob(configDescriptor, config);
        layout.writeBlob(manifest.descriptor(), manifest.bytes());
        return manifest;
    }

    /** Writes images for linux/amd64 and linux/arm64/v8 and an index over them; returns the index. */
    public static ImageIndex twoPlatforms(OciLayoutWriter layout, String content) throws IOException {
        return twoPlatforms(layout, content, false);
    }

    /** As {@link #twoPlatforms(OciLayoutWriter, String)}; a Docker manifest list of Docker manifests if asked. */
    public static ImageIndex twoPlatforms(OciLayoutWriter layout, String content, boolean dockerTypes)
            throws IOException {
        Manifest amd64 = image(layout, AMD64, content, dockerTypes);
        Manifest arm64 = image(layout, ARM64, content, dockerTypes);
        ImageIndex index = ImageIndex.create(
                dockerTypes ? MediaType.DOCKER_MANIFEST_LIST : MediaType.OCI_INDEX,
                List.of(
                        amd64.descriptor().withPlatform(AMD64),
                        arm64.descriptor().withPlatform(ARM64)),
                Map.of());
        layout.writeBlob(index.descriptor(), index.bytes());
        return index;
    }
}
