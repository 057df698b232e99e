package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The verified formulas (see docs: each reproduced the runtime's number exactly): from the manifest, config and
 * index byte counts and the analyzed layers of one platform, what each runtime reports.
 */
public final class RuntimeSizeCalculator {
    private RuntimeSizeCalculator() {
    }

    /**
     * @param manifest    the platform's manifest descriptor (its size is M)
     * @param config      the config descriptor (K)
     * @param configJson  the config bytes (the docker-archive repeats parts of it)
     * @param indexBytes  I when the image is referenced through an index (containerd and podman count it), else 0
     * @param layers      the analyzed layers, base first
     * @param refName     the name archives carry (e.g. {@code registry/app:1.0}), or null
     */
    public static RuntimeSizes calculate(Descriptor manifest, Descriptor config, byte[] configJson,
            long indexBytes, List<LayerStats> layers, String refName) {
        long m = manifest.size();
        long k = config.size();
        long a = 0;
        long d = 0;
        long g = 0;
        long h = 0;
        long snapshot = 0;
        List<Descriptor> blobs = new ArrayList<>();
        for (LayerStats layer : layers) {
            a += layer.compressedBytes();
            d += layer.tarStreamBytes();
            g += layer.regularFileBytes();
            h += layer.overlayBytes();
            snapshot += layer.snapshotBytesEstimate();
            blobs.add(Descriptor.of(layer.mediaType(), layer.digest(), layer.compressedBytes()));
        }
        blobs.add(config);
        blobs.add(manifest);
        long containerd = m + k + a + indexBytes;
        long podman = d + k + 2 * m + indexBytes;
        long oci = ArchiveSizeCalculator.goTarBytes(ArchiveSizeCalculator.ociArchiveEntries(blobs,
                ArchiveSizeCalculator.ociIndexJsonBytes(manifest, refName)));
        long docker = ArchiveSizeCalculator.goTarBytes(
                ArchiveSizeCalculator.dockerArchiveEntries(configJson, layers, refName));
        return new RuntimeSizes(a, containerd, podman, h, g, snapshot, oci, docker, containerd + snapshot);
    }

    /**
     * One layer's share of each runtime's number: what removing the layer would save. Registry and containerd count
     * it compressed, podman as its tar stream, docker as its files (overlay2 with symlink targets); the archives
     * count the layer's own tar entry (an OCI blob compressed, a docker-archive layer uncompressed), without the
     * small per-layer metadata files a docker-archive adds.
     */
    public static RuntimeSizes forLayer(LayerStats layer) {
        long a = layer.compressedBytes();
        long ociEntry = ArchiveSizeCalculator.entryBytes(ArchiveEntry.file("blobs/sha256/" + "0".repeat(64), a));
        long dockerEntry = ArchiveSizeCalculator.entryBytes(
                ArchiveEntry.file("0".repeat(64) + ".tar", layer.tarStreamBytes()));
        return new RuntimeSizes(a, a, layer.tarStreamBytes(), layer.overlayBytes(), layer.regularFileBytes(),
                layer.snapshotBytesEstimate(), ociEntry, dockerEntry, a + layer.snapshotBytesEstimate());
    }
}
