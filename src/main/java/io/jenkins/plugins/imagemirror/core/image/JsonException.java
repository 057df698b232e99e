package io.jenkins.plugins.imagemirror.core.image;

import java.io.IOException;

/**
 * Input that is not strict JSON. {@link #reason} says what is wrong (for the common mistakes in the words Jackson
 * used: messages users saw before); {@link #line} and {@link #column} (1-based, the column in bytes) say where,
 * without quoting the input (a credentials file's secrets stay out of messages).
 */
public final class JsonException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int line;
    private final int column;

    JsonException(String reason, int line, int column) {
        super(reason + " (line " + line + ", column " + column + ")");
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** What is wrong, without the place. */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
