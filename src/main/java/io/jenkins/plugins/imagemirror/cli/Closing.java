package io.jenkins.plugins.imagemirror.cli;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Closes everything even when one close fails; closing a destination that was not committed discards it. */
final class Closing {
    private Closing() {}

    static void all(List<? extends Closeable> closeables) throws IOException {
        IOException first = null;
        for (Closeable c : closeables) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
