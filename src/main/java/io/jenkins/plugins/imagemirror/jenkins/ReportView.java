package io.jenkins.plugins.imagemirror.jenkins;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the build-page views show, computed here so the Jelly files hold no logic: size rows with labels and bar
 * geometry for the SVG charts, per platform and per layer. Every string is plain text; the views escape it.
 */
public final class ReportView {
    static final int BAR_AREA = 360;

    private final ImageOutcome outcome;

    public ReportView(ImageOutcome outcome) {
        this.outcome = outcome;
    }

    /** A runtime's size with its bar. */
    public record SizeRow(String key, String label, long bytes, String human, int barWidth, int y) {}

    /** A layer's sizes with bars for compressed and unpacked bytes. */
    public record LayerRow(String digest, String compressed, String uncompressed, String files, int compressedWidth,
            int uncompressedWidth, int y) {}

    /** One platform's section. */
    public record PlatformView(String platform, String digest, List<SizeRow> sizes, int chartHeight,
            List<LayerRow> layers, int layerChartHeight) {}

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
                layers.add(new LayerRow(shortDigest(l.digest), human(l.compressedBytes), human(l.uncompressedBytes),
                        human(l.fileBytes), width(l.compressedBytes, max), width(l.uncompressedBytes, max), y));
                y += 30;
            }
            views.add(new PlatformView(p.platform, p.manifestDigest, rows, rows.size() * 22 + 4, layers, y + 4));
        }
        return views;
    }

    public int getChartHeight() {
        return getSizes().size() * 22 + 4;
    }

    public String getExplanation() {
        return outcome.explanation;
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
