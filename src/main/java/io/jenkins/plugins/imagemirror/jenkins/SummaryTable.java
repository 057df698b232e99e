package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.image.DisplayText;
import io.jenkins.plugins.imagemirror.core.size.ReportFormat;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.size.SizeReportTextWriter;
import java.io.PrintStream;

/**
 * The closing summary in the build log: the digest, each target's status and bytes uploaded, the tarball, then
 * core's runtime table (exact bytes and what each tool prints, with the explanation) when there is a report. Names
 * go through {@link DisplayText}: a bidi or control character shows escaped, it cannot reverse or forge a log line.
 */
final class SummaryTable {
    private SummaryTable() {}

    static void print(ImageOutcome outcome, SizeReport report, PrintStream log) {
        StringBuilder out = new StringBuilder();
        out.append("Image ").append(outcome.digest).append('\n');
        for (ImageOutcome.TargetOutcome t : outcome.targets) {
            out.append(ReportFormat.format(
                    "  %-8s %s (%d bytes uploaded)%n", t.status, DisplayText.of(t.reference), t.bytesUploaded));
        }
        if (outcome.tarball != null) {
            out.append(ReportFormat.format(
                    "  %-8s %s (%d bytes)%n", "written", DisplayText.of(outcome.tarball), outcome.tarballBytes));
        }
        if (report != null) {
            out.append(new SizeReportTextWriter().toText(report));
        }
        log.print(out);
    }
}
