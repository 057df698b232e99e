package io.jenkins.plugins.imagemirror.core.size;

import java.util.List;
import java.util.Locale;

/**
 * The runtime size table as plain text, for a console or a build log: per platform, each runtime's bytes and the
 * string that runtime's own tool prints, then the explanation.
 */
public final class SizeReportTextWriter {

    /** One row: the label, the bytes, and how that tool prints them. */
    private record Row(String label, long bytes, String printed) {}

    public String toText(SizeReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Sizes of ").append(report.image());
        if (report.index() != null) {
            out.append(" (index ").append(report.index().digest()).append(", ").append(report.platforms().size())
                    .append(" platforms)");
        }
        out.append('\n');
        for (PlatformSizes p : report.platforms()) {
            out.append('\n').append(p.platform()).append("  manifest ").append(p.manifest().digest())
                    .append(", ").append(p.layers().size()).append(p.layers().size() == 1 ? " layer" : " layers");
            if (p.sizes().registry() > 0) {
                out.append(String.format(Locale.ROOT, ", compression %.2fx",
                        (double) p.tarStreamBytes() / p.sizes().registry()));
            }
            out.append('\n');
            RuntimeSizes s = p.sizes();
            List<Row> rows = List.of(
                    new Row("registry / Docker Hub (compressed layers)", s.registry(), SizeFormats.docker(s.registry())),
                    new Row("containerd: ctr images ls", s.containerd(), SizeFormats.ctr(s.containerd())),
                    new Row("Kubernetes: crictl images, kubelet", s.containerd(), SizeFormats.crictl(s.containerd())),
                    new Row("podman images", s.podman(), SizeFormats.podman(s.podman())),
                    new Row("docker image ls (overlay2)", s.docker(), SizeFormats.docker(s.docker())),
                    new Row("docker image ls (vfs)", s.dockerVfs(), SizeFormats.docker(s.dockerVfs())),
                    new Row("containerd snapshots on disk (estimate)", s.containerdSnapshotEstimate(),
                            SizeFormats.ctr(s.containerdSnapshotEstimate())),
                    new Row("docker, containerd image store (estimate)", s.dockerContainerdStoreEstimate(),
                            SizeFormats.docker(s.dockerContainerdStoreEstimate())),
                    new Row("oci-archive file", s.ociArchive(), SizeFormats.docker(s.ociArchive())),
                    new Row("docker-archive file", s.dockerArchive(), SizeFormats.docker(s.dockerArchive())));
            out.append(String.format(Locale.ROOT, "  %-44s %15s  %s%n", "where", "bytes", "shown as"));
            for (Row row : rows) {
                out.append(String.format(Locale.ROOT, "  %-44s %15d  %s%n", row.label(), row.bytes(), row.printed()));
            }
            for (String paragraph : p.explanation()) {
                out.append("  - ").append(paragraph).append('\n');
            }
        }
        if (!report.destinations().isEmpty()) {
            out.append('\n');
            for (DestinationDigest d : report.destinations()) {
                out.append(d.pinned()).append('\n');
            }
        }
        return out.toString();
    }
}
