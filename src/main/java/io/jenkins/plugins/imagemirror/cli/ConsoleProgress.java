package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.io.PrintWriter;
import java.util.List;

/** Progress lines on stderr: one per blob event and per destination. Silent with {@code -q} except for errors. */
final class ConsoleProgress implements CopyListener {
    private final PrintWriter err;
    private final boolean quiet;

    ConsoleProgress(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public void resolved(String source, Descriptor root) {
        line("source " + source + " is " + root.digest() + " (" + kind(root.mediaType()) + ")");
    }

    @Override
    public void blobStarted(Descriptor blob, List<String> destinations) {
        line("copying blob " + blob.digest().shortForm() + " (" + Bytes.human(blob.size()) + ") to "
                + String.join(", ", destinations));
    }

    @Override
    public void blobSkipped(Descriptor blob, String destination, String how) {
        line("blob " + blob.digest().shortForm() + " " + how + " at " + destination);
    }

    @Override
    public void blobCopied(Descriptor blob, long millis) {
        line("copied blob " + blob.digest().shortForm() + " in " + millis + " ms");
    }

    @Override
    public void destinationDone(DestinationResult r) {
        if (r.succeeded()) {
            line(r.status().label() + " " + r.reference() + " (" + Bytes.human(r.bytesUploaded()) + " uploaded)");
        } else {
            synchronized (err) {
                err.println("error: " + r.error());
                err.flush();
            }
        }
    }

    @Override
    public void info(String message) {
        line(message);
    }

    private void line(String text) {
        if (!quiet) {
            synchronized (err) {
                err.println(text);
                err.flush();
            }
        }
    }

    private static String kind(String mediaType) {
        return mediaType.contains("index") || mediaType.contains("list") ? "index" : "manifest";
    }
}
