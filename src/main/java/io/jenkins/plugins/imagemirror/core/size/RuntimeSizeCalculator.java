package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.archive.ArchiveContents;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.util.List;

/**
 * The verified formulas (see docs: each reproduced the runtime's number exactly): from the manifest, config and
 * index byte counts and the analyzed layers of one platform, what each runtime reports.
 */
public final class RuntimeSizeCalculator {
    private RuntimeSizeCalculator() {}

    /**
     * @param manifest    the platform's manifest descriptor (its size is M)
     * @param config      the config descriptor (K)
     * @param indexBytes  I when the image is referenced through an index (containerd and podman count it), else 0
     * @param layers      the analyzed layers, base first
     * @param archives    the archive files copy writes for this platform ({@link ArchivePrediction})
     */
    public static RuntimeSizes calculate(
            Descriptor manifest, Descriptor config, long indexBytes, List<LayerStats> layers, ImageArchives archives) {
        long m = manifest.size();
        long k = config.size();
        long a = 0;
        long d = 0;
        long g = 0;
        long h = 0;
        long snapshot = 0;
        for (LayerStats layer : layers) {
            a += layer.compressedBytes();
            d += layer.tarStreamBytes();
            g += layer.regularFileBytes();
            h += layer.overlayBytes();
            snapshot += layer.snapshotBytesEstimate();
        }
        long containerd = m + k + a + indexBytes;
        long podman = d + k + 2 * m + indexBytes;
        long docker = archives.dockerArchive() == null ? 0 : archives.dockerArchive();
        return new RuntimeSizes(
                a, containerd, podman, h, g, snapshot, archives.ociArchive(), docker, containerd + snapshot);
    }

    /**
     * One layer's share of each runtime's number: what removing the layer would save. Registry and containerd count
     * it compressed, podman as its tar stream, docker as its files (overlay2 with symlink targets); both archives
     * count the layer's own tar entry: the blob as it is in the registry, header and padding included.
     */
    public static RuntimeSizes forLayer(LayerStats layer) {
        long a = layer.compressedBytes();
        long entry = ArchiveContents.blobEntryBytes(Descriptor.of(layer.mediaType(), layer.digest(), a));
        return new RuntimeSizes(
                a,
                a,
                layer.tarStreamBytes(),
                layer.overlayBytes(),
                layer.regularFileBytes(),
                layer.snapshotBytesEstimate(),
                entry,
                entry,
                a + layer.snapshotBytesEstimate());
    }
}
