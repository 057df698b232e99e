package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.DisplayText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runtime table as plain text, for a console or a build log: one block per platform, one line per runtime with
 * the exact bytes and the string that runtime prints. Names from the image are printed with {@link DisplayText}:
 * control and bidi characters escaped visibly, so a name cannot be reversed and a log line cannot be forged.
 */
public final class SizeReportTextWriter {
    public String toText(SizeReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Image sizes for ").append(clean(report.image())).append('\n');
        for (PlatformSizes p : report.platforms()) {
            Map<String, String> printed = p.sizes().printed();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"RUNTIME", "BYTES", "SHOWN AS"});
            rows.add(row("registry (Docker Hub)", p.sizes().registry(), printed.get("registry")));
            rows.add(row("containerd (ctr)", p.sizes().containerd(), printed.get("ctr")));
            rows.add(row("Kubernetes (crictl, kubelet)", p.sizes().containerd(), printed.get("crictl")));
            rows.add(row("podman", p.sizes().podman(), printed.get("podman")));
            rows.add(row("docker (overlay2)", p.sizes().docker(), printed.get("docker")));
            rows.add(row("docker (vfs)", p.sizes().dockerVfs(), printed.get("dockerVfs")));
            rows.add(row(
                    "containerd snapshots (estimate)",
                    p.sizes().containerdSnapshotEstimate(),
                    printed.get("containerdSnapshotEstimate")));
            rows.add(row("oci-archive file", p.sizes().ociArchive(), printed.get("ociArchive")));
            rows.add(row("docker-archive file", p.sizes().dockerArchive(), printed.get("dockerArchive")));
            rows.add(row(
                    "docker, containerd store (estimate)",
                    p.sizes().dockerContainerdStoreEstimate(),
                    printed.get("dockerContainerdStoreEstimate")));
            int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
            out.append('\n')
                    .append(clean(p.platform()))
                    .append("  ")
                    .append(p.manifest().digest())
                    .append('\n');
            for (String[] r : rows) {
                out.append(ReportFormat.format("  %-" + w0 + "s  %" + w1 + "s  %s%n", r[0], r[1], r[2]));
            }
            for (String paragraph : p.explanation()) {
                out.append("  - ").append(clean(paragraph)).append('\n');
            }
        }
        if (report.archives() != null) {
            ImageArchives a = report.archives();
            out.append('\n')
                    .append("Archive files copy writes")
                    .append(report.platforms().size() > 1 ? " (every platform above, in one archive)" : "")
                    .append(", named ")
                    .append(a.name() == null ? "(none)" : clean(a.name()))
                    .append('\n');
            out.append(ReportFormat.format("  oci-archive file     %,d%n", a.ociArchive()));
            out.append(
                    a.dockerArchive() == null
                            ? "  docker-archive file  (one platform only: choose it with --platform)\n"
                            : ReportFormat.format("  docker-archive file  %,d%n", a.dockerArchive()));
        }
        if (!report.destinations().isEmpty()) {
            out.append('\n');
            for (DestinationDigest d : report.destinations()) {
                out.append(clean(d.pinned())).append('\n');
            }
        }
        return out.toString();
    }

    private static String[] row(String runtime, long bytes, String shown) {
        return new String[] {runtime, ReportFormat.format("%,d", bytes), shown};
    }

    private static String clean(String s) {
        return DisplayText.of(s);
    }
}
