package io.jenkins.plugins.imagemirror.jenkins;

import java.io.PrintStream;
import java.util.Map;

/** The closing summary in the build log: digest, each target's status, the sizes per runtime. */
final class SummaryTable {
    private SummaryTable() {}

    static void print(ImageOutcome outcome, PrintStream log) {
        StringBuilder out = new StringBuilder();
        out.append("Image ").append(outcome.digest).append('\n');
        for (ImageOutcome.TargetOutcome t : outcome.targets) {
            out.append(String.format("  %-8s %-70s %12d bytes uploaded%n", t.status, t.reference, t.bytesUploaded));
        }
        if (outcome.tarball != null) {
            out.append(String.format("  %-8s %-70s %12d bytes%n", "written", outcome.tarball, outcome.tarballBytes));
        }
        for (ImageOutcome.PlatformSizes p : outcome.platforms) {
            out.append("  ").append(p.platform).append('\n');
            for (Map.Entry<String, Long> e : p.sizes.entrySet()) {
                out.append(String.format("    %-45s %12s %15d bytes%n", ReportView.label(e.getKey()),
                        ReportView.human(e.getValue()), e.getValue()));
            }
        }
        log.print(out);
    }
}
