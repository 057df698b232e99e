package io.jenkins.plugins.imagemirror.core.size;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the three report artifacts of a copy or build into one directory ({@code --report DIR}, a Jenkins
 * workspace folder): {@code image-sizes.json}, {@code image-sizes.html} with its {@code image-sizes.css}, and
 * {@code image-digests.env} (from the report's destinations). Each file appears whole or not at all (written to a temp file, then renamed).
 */
public final class SizeArtifactsWriter {
    /** Returns the paths written, in the order json, html, css, env. */
    public List<Path> write(SizeReport report, Path dir) throws IOException {
        Path json = new SizeReportJsonWriter().write(report, dir);
        Path html = new SizeReportHtmlWriter().write(report, dir);
        return List.of(json, html, html.resolveSibling(SizeReportHtmlWriter.STYLESHEET),
                new DigestsEnvWriter().write(report.destinations(), dir));
    }
}
