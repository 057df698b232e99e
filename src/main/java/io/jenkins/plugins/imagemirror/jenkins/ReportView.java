package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.image.DisplayText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the build page shows of one image step call, computed here so the Jelly files hold no logic: the call's
 * heading, its targets (none for {@code imageSizes}), size rows with labels and bar geometry for the SVG charts, per
 * platform and per layer. Every string is plain text, text from the image or the script passed through
 * {@link DisplayText} (bidi and control characters shown escaped); the views HTML-escape it.
 */
public final class ReportView {
    static final int BAR_AREA = 360;

    private final ImageOutcome outcome;
    private final int number;
    private final int count;

    /**
     * @param number the call's place in the build, 1 for the first
     * @param count how many calls the build recorded
     */
    public ReportView(ImageOutcome outcome, int number, int count) {
        this.outcome = outcome;
        this.number = number;
        this.count = count;
    }

    /** A destination of the call. */
    public record TargetRow(String reference, String digest, String status, String uploaded) {}

    /** A runtime's size with its bar. */
    public record SizeRow(String key, String label, long bytes, String human, int barWidth, int y) {}

    /** One of a layer's largest files. */
    public record FileRow(String path, String human) {}

    /** A layer's sizes with bars for compressed and unpacked bytes, what made it and its largest files. */
    public record LayerRow(
            String digest,
            String compressed,
            String uncompressed,
            String files,
            int compressedWidth,
            int uncompressedWidth,
            int y,
            String madeBy,
            List<FileRow> largestFiles) {}

    /** One platform's section. */
    public record PlatformView(
            String platform,
            String digest,
            List<SizeRow> sizes,
            int chartHeight,
            List<LayerRow> layers,
            int layerChartHeight) {}

    /** {@code Image} for a build's only call, {@code Image 2 of 3} when there are several. */
    public String getHeading() {
        return count <= 1 ? "Image" : "Image " + number + " of " + count;
    }

    /** The in-page anchor of this call's section. */
    public String getAnchor() {
        return "call-" + number;
    }

    public String getDigest() {
        return DisplayText.of(outcome.digest);
    }

    public String getSource() {
        return DisplayText.of(outcome.source);
    }

    /** An archived artifact of the call: its name as shown, and its link relative to the report page. */
    public record ArtifactLink(String name, String href) {}

    /** The call's archived artifacts, in the order archived, each linked under the build's {@code artifact/}. */
    public List<ArtifactLink> getArtifacts() {
        List<ArtifactLink> links = new ArrayList<>();
        if (outcome.artifacts != null) {
            for (String name : outcome.artifacts) {
                links.add(new ArtifactLink(DisplayText.of(name), "../artifact/" + pathSegment(name)));
            }
        }
        return links;
    }

    /** {@code name} percent-encoded as one URL path segment (a tarball's name may hold spaces, '#' or '?'). */
    static String pathSegment(String name) {
        try {
            return new URI(null, null, name, null)
                    .getRawPath()
                    .replace("/", "%2F")
                    .replace(":", "%3A");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("artifact name '" + name + "': " + e.getMessage(), e);
        }
    }

    /** True for a call that pushed nothing and wrote no tarball ({@code imageSizes}): no target table. */
    public boolean isSizesOnly() {
        return outcome.targets.isEmpty() && outcome.tarball == null;
    }

    public List<TargetRow> getTargets() {
        List<TargetRow> rows = new ArrayList<>();
        for (ImageOutcome.TargetOutcome t : outcome.targets) {
            rows.add(new TargetRow(
                    DisplayText.of(t.reference), DisplayText.of(t.digest), t.status, human(t.bytesUploaded)));
        }
        if (outcome.tarball != null) {
            rows.add(new TargetRow(
                    DisplayText.of(outcome.tarball),
                    DisplayText.of(outcome.digest),
                    "written",
                    human(outcome.tarballBytes)));
        }
        return rows;
    }

    public List<SizeRow> getSizes() {
        return rows(outcome.primarySizes());
    }

    public List<PlatformView> getPlatforms() {
        List<PlatformView> views = new ArrayList<>();
        for (ImageOutcome.PlatformSizes p : outcome.platforms) {
            List<SizeRow> rows = rows(p.sizes);
            long max = 1;
            for (ImageOutcome.LayerSummary l : p.layers) {
                max = Math.max(max, Math.max(l.compressedBytes, l.uncompressedBytes));
            }
            List<LayerRow> layers = new ArrayList<>();
            int y = 0;
            for (ImageOutcome.LayerSummary l : p.layers) {
                List<FileRow> files = new ArrayList<>();
                if (l.largestFiles != null) {
                    for (ImageOutcome.FileSummary f : l.largestFiles) {
                        files.add(new FileRow(DisplayText.of(f.path), human(f.bytes)));
                    }
                }
                layers.add(new LayerRow(
                        shortDigest(l.digest),
                        human(l.compressedBytes),
                        human(l.uncompressedBytes),
                        human(l.fileBytes),
                        width(l.compressedBytes, max),
                        width(l.uncompressedBytes, max),
                        y,
                        l.createdBy == null ? "" : DisplayText.of(l.createdBy),
                        files));
                y += 30;
            }
            views.add(new PlatformView(
                    DisplayText.of(p.platform),
                    DisplayText.of(p.manifestDigest),
                    rows,
                    rows.size() * 22 + 4,
                    layers,
                    y + 4));
        }
        return views;
    }

    public int getChartHeight() {
        return getSizes().size() * 22 + 4;
    }

    /** Paragraphs of plain words (the explanation is ours, numbers only from the image). */
    public List<String> getExplanation() {
        return outcome.explanation == null ? List.of() : List.of(outcome.explanation.split("\n\n"));
    }

    private static List<SizeRow> rows(Map<String, Long> sizes) {
        long max = 1;
        for (Long v : sizes.values()) {
            max = Math.max(max, v);
        }
        List<SizeRow> rows = new ArrayList<>();
        int y = 0;
        for (String key : ImageOutcome.RUNTIMES) {
            Long bytes = sizes.get(key);
            if (bytes != null) {
                rows.add(new SizeRow(key, label(key), bytes, human(bytes), width(bytes, max), y));
                y += 22;
            }
        }
        return rows;
    }

    private static int width(long value, long max) {
        return (int) Math.max(1, Math.round((double) value / max * BAR_AREA));
    }

    /** What each runtime key means, in the words a user sees in that tool. */
    public static String label(String key) {
        return switch (key) {
            case "registry" -> "Registry / Docker Hub (compressed layers)";
            case "containerd" -> "containerd, crictl, kubelet";
            case "podman" -> "podman images";
            case "docker" -> "docker image ls (overlay2)";
            case "dockerVfs" -> "docker image ls (vfs)";
            case "containerdSnapshotEstimate" -> "containerd snapshots on disk (estimate)";
            case "ociArchive" -> "OCI tarball file";
            case "dockerArchive" -> "docker save file";
            default -> key;
        };
    }

    static String shortDigest(String digest) {
        if (digest == null) {
            return "";
        }
        int colon = digest.indexOf(':');
        return digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }

    /** Decimal units like {@code docker} and {@code podman} print: {@code 119.4 MB}; exact bytes below 1 kB. */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
