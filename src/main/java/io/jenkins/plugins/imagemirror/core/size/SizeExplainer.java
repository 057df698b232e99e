package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Explains one platform's numbers in plain words: why Docker Hub, docker, containerd, Kubernetes and podman show
 * different sizes for the same image, and what a node that already holds some layers downloads.
 */
public final class SizeExplainer {
    private SizeExplainer() {}

    public static List<String> explain(
            Descriptor manifest,
            Descriptor config,
            long indexBytes,
            List<LayerStats> layers,
            RuntimeSizes s,
            Set<Digest> presentLayers,
            long downloadBytes) {
        long d = layers.stream().mapToLong(LayerStats::tarStreamBytes).sum();
        long g = s.dockerVfs();
        long symlinks = s.docker() - g;
        long hidden = layers.stream().mapToLong(LayerStats::hiddenBytes).sum();
        List<String> out = new ArrayList<>();
        out.add(ReportFormat.format(
                "Compression: %s %s (%,d bytes) compressed and %s (%,d bytes) as uncompressed tar "
                        + "streams, a ratio of %s. Registries store and send the compressed form; runtimes unpack it.",
                layers.size() == 1 ? "the one layer weighs" : "the " + layers.size() + " layers weigh",
                SizeFormats.docker(s.registry()),
                s.registry(),
                SizeFormats.docker(d),
                d,
                ratio(d, s.registry())));
        out.add(ReportFormat.format(
                "Docker Hub and registry UIs show %s: the sum of the compressed layers, without manifest and config.",
                SizeFormats.docker(s.registry())));
        out.add(ReportFormat.format(
                "containerd (ctr images ls) shows %s and Kubernetes (crictl images, kubelet) shows %s: both count "
                        + "the blobs containerd keeps in its content store, still compressed: manifest (%,d bytes), "
                        + "config (%,d bytes) and layers%s. The unpacked snapshots are not counted; on ext4 they "
                        + "take about %s more.",
                SizeFormats.ctr(s.containerd()),
                SizeFormats.crictl(s.containerd()),
                manifest.size(),
                config.size(),
                indexBytes > 0
                        ? ReportFormat.format(", plus the index (%,d bytes) it was pulled through", indexBytes)
                        : "",
                SizeFormats.docker(s.containerdSnapshotEstimate())));
        out.add(ReportFormat.format(
                "docker (overlay2) shows %s: the unpacked files, %,d bytes of regular files plus %,d bytes of symlink "
                        + "targets; with the vfs driver it shows %s (files only). Hard links and whiteouts add nothing, "
                        + "and a file rewritten by a later layer counts again.",
                SizeFormats.docker(s.docker()), g, symlinks, SizeFormats.docker(s.dockerVfs())));
        out.add(ReportFormat.format(
                "Docker Engine set to use the containerd image store counts both: the compressed content and the "
                        + "unpacked snapshots, about %s (an estimate).",
                SizeFormats.docker(s.dockerContainerdStoreEstimate())));
        out.add(ReportFormat.format(
                "podman shows %s: the uncompressed tar streams (headers and padding included), plus the config and "
                        + "the manifest twice%s.",
                SizeFormats.podman(s.podman()), indexBytes > 0 ? ", plus the index" : ""));
        if (hidden > 0) {
            out.add(ReportFormat.format(
                    "%s (%,d bytes) of files are hidden by later layers (overwritten or deleted): every runtime still "
                            + "downloads and stores them. Removing them in the layer that adds them would shrink "
                            + "every number above.",
                    SizeFormats.docker(hidden), hidden));
        }
        long present =
                layers.stream().filter(l -> presentLayers.contains(l.digest())).count();
        out.add(
                present == 0
                        ? ReportFormat.format(
                                "A node holding none of these layers downloads %s (%,d bytes).",
                                SizeFormats.docker(downloadBytes), downloadBytes)
                        : ReportFormat.format(
                                "A node that already holds %d of the %d layers (e.g. the base image) downloads only %s "
                                        + "(%,d bytes): the manifest, the config and the %d missing layer%s.",
                                present,
                                layers.size(),
                                SizeFormats.docker(downloadBytes),
                                downloadBytes,
                                layers.size() - present,
                                layers.size() - present == 1 ? "" : "s"));
        return out;
    }

    private static String ratio(long uncompressed, long compressed) {
        return compressed == 0 ? "n/a" : ReportFormat.format("%.2f:1", (double) uncompressed / compressed);
    }
}
