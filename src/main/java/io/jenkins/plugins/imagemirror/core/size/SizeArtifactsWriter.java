package io.jenkins.plugins.imagemirror.core.size;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the three report artifacts of a copy or build into one directory ({@code --report DIR}, a Jenkins
 * workspace folder): {@code image-sizes.json}, {@code image-sizes.html} and {@code image-digests.env} (from the
 * report's destinations). Each file appears whole or not at all (written to a temp file, then renamed).
 */
public final class SizeArtifactsWriter {
    /** Returns the paths written, in the order json, html, env. */
    public List<Path> write(SizeReport report, Path dir) throws IOException {
        return List.of(new SizeReportJsonWriter().write(report, dir), new SizeReportHtmlWriter().write(report, dir),
                new DigestsEnvWriter().write(report.destinations(), dir));
    }
}
