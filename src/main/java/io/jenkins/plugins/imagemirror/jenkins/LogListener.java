package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import java.io.PrintStream;
import java.util.List;

/** Copy progress in the build log: one line per blob with its size, one per destination when done. Thread-safe. */
final class LogListener implements CopyListener {
    private final PrintStream log;

    LogListener(PrintStream log) {
        this.log = log;
    }

    @Override
    public synchronized void resolved(String source, Descriptor root) {
        log.println("Resolved " + source + " to " + root.digest() + " (" + root.mediaType() + ", " + root.size()
                + " bytes)");
    }

    @Override
    public synchronized void blobStarted(Descriptor blob, List<String> destinations) {
        log.println("  " + blob.digest().shortForm() + " " + ReportView.human(blob.size()) + " → " + destinations.size()
                + " destination(s)");
    }

    @Override
    public synchronized void blobSkipped(Descriptor blob, String destination, String how) {
        log.println("  " + blob.digest().shortForm() + " " + ReportView.human(blob.size()) + " " + how + " at "
                + destination);
    }

    @Override
    public synchronized void blobCopied(Descriptor blob, long millis) {
        log.println("  " + blob.digest().shortForm() + " " + ReportView.human(blob.size()) + " copied in " + millis
                + " ms");
    }

    @Override
    public synchronized void destinationDone(DestinationResult result) {
        log.println(
                result.succeeded()
                        ? "  " + result.status().label() + " " + ImageLocation.withoutTransport(result.reference())
                        : "  FAILED " + result.destination() + ": " + result.error());
    }

    @Override
    public synchronized void info(String message) {
        log.println("  " + message);
    }
}
