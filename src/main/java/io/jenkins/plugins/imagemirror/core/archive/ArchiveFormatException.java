package io.jenkins.plugins.imagemirror.core.archive;

import java.io.IOException;

/** An archive that is malformed or unsafe (path traversal, link escape, oversized header...). Never retried. */
public class ArchiveFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArchiveFormatException(String message) {
        super(message);
    }

    public ArchiveFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
