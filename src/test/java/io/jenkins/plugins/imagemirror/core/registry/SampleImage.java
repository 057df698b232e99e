package io.jenkins.plugins.imagemirror.core.registry;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small image with random (incompressible, unique per seed) layers, pushed with the client under test. Random
 * bytes stand for gzip layers: registries never look inside.
 */
public final class SampleImage {
    public final Map<Descriptor, byte[]> blobs = new LinkedHashMap<>();
    public final Descriptor config;
    public final List<Descriptor> layers = new ArrayList<>();
    public final Manifest manifest;

    public SampleImage(long seed, int... layerSizes) {
        Random random = new Random(seed);
        byte[] configBytes = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":"
                        + "\"layers\",\"diff_ids\":[]},\"seed\":" + seed + "}")
                .getBytes(StandardCharsets.UTF_8);
        config = Descriptor.ofContent(MediaType.OCI_CONFIG, configBytes);
        blobs.put(config, configBytes);
        for (int size : layerSizes) {
            byte[] layer = new byte[size];
            random.nextBytes(layer);
            Descriptor d = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, layer);
            layers.add(d);
            blobs.put(d, layer);
        }
        manifest = Manifest.create(MediaType.OCI_MANIFEST, config, layers, Map.of());
    }

    /** Pushes every blob (skipping present ones) and the manifest under {@code tag}. */
    public void push(RegistryClient client, String repository, String tag) throws IOException {
        for (Map.Entry<Descriptor, byte[]> blob : blobs.entrySet()) {
            if (!client.hasBlob(repository, blob.getKey().digest())) {
                client.putBlob(repository, blob.getKey(), new ByteArrayInputStream(blob.getValue()));
            }
        }
        client.putManifest(repository, tag, manifest);
    }

    public Descriptor layer(int i) {
        return layers.get(i);
    }

    public byte[] bytes(Descriptor d) {
        return blobs.get(d);
    }
}
