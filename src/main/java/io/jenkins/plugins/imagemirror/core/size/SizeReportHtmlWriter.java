package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.archive.StagedFile;
import io.jenkins.plugins.imagemirror.core.image.DisplayText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code image-sizes.html} and its stylesheet {@code image-sizes.css} beside it: a page with a chart of the
 * runtimes' sizes and one of the layers per platform (SVG), no script, no inline style, nothing from elsewhere. It
 * renders styled under the Content-Security-Policy Jenkins serves artifacts with
 * ({@code sandbox; default-src 'none'; img-src 'self'; style-src 'self';}, DirectoryBrowserSupport.DEFAULT_CSP_VALUE),
 * which blocks {@code <style>} elements and {@code style} attributes but lets a stylesheet from the same directory
 * in. Every string from the image (names, paths, history) is shown with {@link DisplayText} and HTML-escaped:
 * registries and Dockerfiles are not trusted.
 */
public final class SizeReportHtmlWriter {
    public static final String FILE_NAME = "image-sizes.html";
    /** The stylesheet the page links to, written into the same directory. */
    public static final String STYLESHEET = "image-sizes.css";

    private static final String CSS = "body{font:14px/1.45 sans-serif;margin:24px;color:#222;background:#fff}\n"
            + "table{border-collapse:collapse;margin:8px 0 16px}\n"
            + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\n"
            + "td.l,th.l{text-align:left}\n"
            + "th{background:#f0f0f0}\n"
            + "code{font-size:12px;overflow-wrap:anywhere}\n"
            + "td.files{max-width:340px}\n"
            + "h2{margin-top:32px}\n";
    private static final int CHART_WIDTH = 760;
    private static final int LABEL_WIDTH = 230;
    private static final int ROW = 26;
    private static final String[] LABELS = {
        "Registry / Docker Hub",
        "containerd / Kubernetes",
        "podman",
        "docker (overlay2)",
        "docker (vfs)",
        "containerd snapshots (est.)",
        "oci-archive file",
        "docker-archive file"
    };
    private static final String[] COLORS = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"
    };

    public String toHtml(SizeReport report) {
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'\">")
                .append("<title>Image sizes: ")
                .append(esc(report.image()))
                .append("</title>")
                .append("<link rel=\"stylesheet\" href=\"")
                .append(STYLESHEET)
                .append("\">")
                .append("</head><body>\n<h1>Image sizes: <code>")
                .append(esc(report.image()))
                .append("</code></h1>\n");
        if (report.index() != null) {
            h.append("<p>Multi-platform index <code>")
                    .append(esc(report.index().digest().toString()))
                    .append("</code> (")
                    .append(report.index().size())
                    .append(" bytes), ")
                    .append(report.platforms().size())
                    .append(" platform(s).</p>\n");
        }
        for (PlatformSizes p : report.platforms()) {
            platform(h, p);
        }
        if (!report.destinations().isEmpty()) {
            h.append("<h2>Destinations</h2><table><tr><th class=\"l\">Reference</th><th class=\"l\">Digest</th></tr>");
            for (DestinationDigest d : report.destinations()) {
                h.append("<tr><td class=\"l\"><code>")
                        .append(esc(d.reference()))
                        .append("</code></td><td class=\"l\"><code>")
                        .append(esc(d.digest().toString()))
                        .append("</code></td></tr>");
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** The stylesheet's text (static: every report shares it). */
    public static String stylesheet() {
        return CSS;
    }

    /** Writes {@code dir/image-sizes.html} and {@code dir/image-sizes.css}, each through a temp file; returns the page. */
    public Path write(SizeReport report, Path dir) throws IOException {
        return writeFile(report, dir.resolve(FILE_NAME));
    }

    /** Writes the page as {@code html} and {@code image-sizes.css} beside it, each whole or not at all. */
    public Path writeFile(SizeReport report, Path html) throws IOException {
        Path dir = directoryOf(html);
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(STYLESHEET), CSS);
        return writeAtomically(html, toHtml(report));
    }

    private static Path directoryOf(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || file.getFileName() == null) {
            throw new IOException("writing the HTML size report to " + file + ": not a file; name a file, e.g."
                    + " image-sizes.html");
        }
        return dir;
    }

    private static Path writeAtomically(Path target, String text) throws IOException {
        directoryOf(target);
        try {
            return StagedFile.write(target, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("writing " + target + ": " + e.getMessage(), e);
        }
    }

    private void platform(StringBuilder h, PlatformSizes p) {
        h.append("<h2>Platform <code>")
                .append(esc(p.platform()))
                .append("</code></h2>\n<p>Manifest <code>")
                .append(esc(p.manifest().digest().toString()))
                .append("</code></p>\n");
        runtimeChart(h, p);
        Map<String, String> printed = p.sizes().printed();
        h.append("<table><tr><th class=\"l\">Runtime</th><th>Bytes</th><th class=\"l\">Shown as</th></tr>");
        String[] shown = {
            printed.get("registry"),
            "ctr " + printed.get("ctr") + ", crictl " + printed.get("crictl"),
            printed.get("podman"),
            printed.get("docker"),
            printed.get("dockerVfs"),
            printed.get("containerdSnapshotEstimate"),
            printed.get("ociArchive"),
            printed.get("dockerArchive")
        };
        int i = 0;
        for (Map.Entry<String, Long> e : p.sizes().byKey().entrySet()) {
            h.append("<tr><td class=\"l\">")
                    .append(LABELS[i])
                    .append("</td><td>")
                    .append(e.getValue())
                    .append("</td><td class=\"l\">")
                    .append(esc(shown[i]))
                    .append("</td></tr>");
            i++;
        }
        h.append("<tr><td class=\"l\">Docker Engine, containerd store (est.)</td><td>")
                .append(p.sizes().dockerContainerdStoreEstimate())
                .append("</td><td class=\"l\">")
                .append(esc(printed.get("dockerContainerdStoreEstimate")))
                .append("</td></tr></table>\n");
        for (String paragraph : p.explanation()) {
            h.append("<p>").append(esc(paragraph)).append("</p>\n");
        }
        layerChart(h, p.layers());
        layerTable(h, p.layers());
    }

    private void runtimeChart(StringBuilder h, PlatformSizes p) {
        Map<String, Long> bytes = p.sizes().byKey();
        long max = Math.max(
                1, bytes.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int height = ROW * bytes.size() + 10;
        h.append("<svg class=\"runtimes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(CHART_WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"Size per runtime\">");
        int i = 0;
        for (Long value : bytes.values()) {
            int y = 5 + i * ROW;
            double w = (CHART_WIDTH - LABEL_WIDTH - 110) * (double) value / max;
            h.append("<text x=\"0\" y=\"")
                    .append(y + 16)
                    .append("\" font-size=\"13\">")
                    .append(LABELS[i])
                    .append("</text>")
                    .append(ReportFormat.format(
                            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                            LABEL_WIDTH, y + 2, Math.max(w, 1), ROW - 6, COLORS[i]))
                    .append(ReportFormat.format(
                            "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>",
                            LABEL_WIDTH + Math.max(w, 1) + 6, y + 16, esc(SizeFormats.docker(value))));
            i++;
        }
        h.append("</svg>\n");
    }

    private void layerChart(StringBuilder h, List<LayerStats> layers) {
        long max = Math.max(
                1,
                layers.stream()
                        .mapToLong(l -> Math.max(l.compressedBytes(), l.tarStreamBytes()))
                        .max()
                        .orElse(1));
        int height = ROW * layers.size() + 34;
        h.append("<svg class=\"layers\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(CHART_WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"Layers\">")
                .append("<rect x=\"")
                .append(LABEL_WIDTH)
                .append("\" y=\"4\" width=\"12\" height=\"12\" fill=\"#4e79a7\"/>")
                .append("<text x=\"")
                .append(LABEL_WIDTH + 16)
                .append("\" y=\"15\" font-size=\"12\">compressed</text>")
                .append("<rect x=\"")
                .append(LABEL_WIDTH + 110)
                .append("\" y=\"4\" width=\"12\" height=\"12\" fill=\"#f28e2b\"/>")
                .append("<text x=\"")
                .append(LABEL_WIDTH + 126)
                .append("\" y=\"15\" font-size=\"12\">uncompressed tar</text>");
        int i = 0;
        for (LayerStats l : layers) {
            int y = 26 + i * ROW;
            double wc = (CHART_WIDTH - LABEL_WIDTH - 110) * (double) l.compressedBytes() / max;
            double wu = (CHART_WIDTH - LABEL_WIDTH - 110) * (double) l.tarStreamBytes() / max;
            String label = l.createdBy() == null ? "layer " + (l.index() + 1) : (l.index() + 1) + ": " + l.createdBy();
            h.append("<text x=\"0\" y=\"")
                    .append(y + 15)
                    .append("\" font-size=\"12\">")
                    .append(esc(label.length() > 34 ? label.substring(0, 33) + "…" : label))
                    .append("<title>")
                    .append(esc(label))
                    .append("</title></text>")
                    .append(ReportFormat.format(
                            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"9\" fill=\"#4e79a7\"/>",
                            LABEL_WIDTH, y + 2, Math.max(wc, 1)))
                    .append(ReportFormat.format(
                            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"9\" fill=\"#f28e2b\"/>",
                            LABEL_WIDTH, y + 11, Math.max(wu, 1)))
                    .append(ReportFormat.format(
                            "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s / %s</text>",
                            LABEL_WIDTH + Math.max(Math.max(wc, wu), 1) + 6,
                            y + 15,
                            esc(SizeFormats.docker(l.compressedBytes())),
                            esc(SizeFormats.docker(l.tarStreamBytes()))));
            i++;
        }
        h.append("</svg>\n");
    }

    private void layerTable(StringBuilder h, List<LayerStats> layers) {
        h.append(
                        "<table><tr><th>#</th><th class=\"l\">Made by</th><th>Compressed</th><th>Tar stream</th><th>Files</th>")
                .append("<th>File bytes</th><th>Dirs</th><th>Symlinks</th><th>Hardlinks</th><th>Whiteouts</th>")
                .append("<th>Hidden later</th><th class=\"l\">Largest files</th></tr>");
        for (LayerStats l : layers) {
            h.append("<tr><td>")
                    .append(l.index() + 1)
                    .append("</td><td class=\"l\">")
                    .append(l.createdBy() == null ? "<i>unknown</i>" : "<code>" + esc(l.createdBy()) + "</code>")
                    .append("</td><td>")
                    .append(l.compressedBytes())
                    .append("</td><td>")
                    .append(l.tarStreamBytes())
                    .append("</td><td>")
                    .append(l.files())
                    .append("</td><td>")
                    .append(l.regularFileBytes())
                    .append("</td><td>")
                    .append(l.directories())
                    .append("</td><td>")
                    .append(l.symlinks())
                    .append("</td><td>")
                    .append(l.hardlinks())
                    .append("</td><td>")
                    .append(l.whiteouts() + l.opaqueWhiteouts())
                    .append("</td><td>")
                    .append(l.hiddenBytes())
                    .append("</td><td class=\"l files\">");
            for (FileSize f :
                    l.largestFiles().subList(0, Math.min(3, l.largestFiles().size()))) {
                h.append("<code>")
                        .append(esc(f.path()))
                        .append("</code> ")
                        .append(f.size())
                        .append("<br>");
            }
            h.append("</td></tr>");
        }
        h.append("</table>\n");
    }

    /** Text for element content and quoted attributes: display controls made visible, then HTML-escaped. */
    static String esc(String raw) {
        if (raw == null) {
            return "";
        }
        String s = DisplayText.of(raw);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
