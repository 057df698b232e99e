package io.jenkins.plugins.imagemirror.jenkins.pipeline;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A small, real, deterministic linux/amd64 image (gzip tar layers with files and a symlink, a config whose diff_ids
 * match) that the pipeline tests push to a test-bed registry as the "upstream" image.
 */
public final class SeedImage {
    private static final String LINK_TARGET = "/etc/seed-1.txt";
    final Map<Descriptor, byte[]> blobs = new LinkedHashMap<>();
    final Manifest manifest;
    private long compressed;
    private long files;

    public SeedImage(String seed) throws IOException {
        this(seed, null);
    }

    /** @param createdBy the history text of both layers (as a Dockerfile instruction would be), or null for none */
    public SeedImage(String seed, String createdBy) throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String content = (seed + " layer " + i + "\n").repeat(200 * (i + 1));
            byte[] tar = tar(Map.of("etc/seed-" + i + ".txt", content), i == 1 ? "usr/bin/seed-link" : null);
            files += content.getBytes(StandardCharsets.UTF_8).length + (i == 1 ? LINK_TARGET.length() : 0);
            diffIds.add("\"" + Digest.sha256(tar) + "\"");
            byte[] gz = gzip(tar);
            Descriptor layer = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, gz);
            compressed += gz.length;
            layers.add(layer);
            blobs.put(layer, gz);
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"SEED=" + seed
                        + "\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}"
                        + (createdBy == null
                                ? ""
                                : ",\"history\":[{\"created_by\":" + jsonString(createdBy) + "},{\"created_by\":"
                                        + jsonString(createdBy) + "}]")
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.ofContent(MediaType.OCI_CONFIG, config);
        blobs.put(configDescriptor, config);
        manifest = Manifest.create(MediaType.OCI_MANIFEST, configDescriptor, layers, Map.of());
    }

    /** A: the sum of the compressed layer sizes, what a registry UI shows. */
    /** The config and layer blobs. */
    public List<Descriptor> blobDescriptors() {
        return new ArrayList<>(blobs.keySet());
    }

    public long compressedBytes() {
        return compressed;
    }

    /** H: regular file bytes plus symlink target bytes, what docker (overlay2) shows. */
    public long fileBytes() {
        return files;
    }

    /** The manifest's digest: what every mirror of this image must report. */
    public String digest() {
        return Digest.sha256(manifest.bytes()).toString();
    }

    public void push(RegistryClient client, String repository, String tag) throws IOException {
        for (Map.Entry<Descriptor, byte[]> blob : blobs.entrySet()) {
            if (!client.hasBlob(repository, blob.getKey().digest())) {
                client.putBlob(repository, blob.getKey(), new ByteArrayInputStream(blob.getValue()));
            }
        }
        client.putManifest(repository, tag, manifest);
    }

    /** The image as an engine source, served from memory. */
    public ImageSource asSource() {
        return new ImageSource() {
            @Override
            public String describe() {
                return "memory:seed";
            }

            @Override
            public Descriptor resolve() {
                return manifest.descriptor();
            }

            @Override
            public ManifestContent manifest(Descriptor descriptor) {
                return manifest;
            }

            @Override
            public InputStream openBlob(Descriptor blob) throws IOException {
                byte[] bytes = blobs.get(blob);
                if (bytes == null) {
                    bytes = blobs.entrySet().stream()
                            .filter(e -> e.getKey().digest().equals(blob.digest()))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElseThrow(() -> new IOException("no blob " + blob));
                }
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public void close() {}
        };
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    private static byte[] tar(Map<String, String> files, String symlink) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(content.length);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            if (symlink != null) {
                TarArchiveEntry link = new TarArchiveEntry(symlink, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName(LINK_TARGET);
                link.setModTime(0);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
