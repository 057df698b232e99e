package io.jenkins.plugins.imagemirror.core.build;

/**
 * A build input (Dockerfile, build file, .dockerignore, context) that image-mirror cannot build, found before any
 * work starts. The message is {@code FILE:LINE: reason; what to do instead} (line 0 when no line applies) so that
 * editors and CI logs can jump to it.
 */
public final class BuildInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public BuildInputException(String file, int line, String message) {
        this(file, line, message, null);
    }

    public BuildInputException(String file, int line, String message, Throwable cause) {
        super(line > 0 ? file + ":" + line + ": " + message : file + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    /** The file as the user named it, e.g. {@code Dockerfile} or {@code build.yaml}. */
    public String file() {
        return file;
    }

    /** The 1-based line where the offending instruction starts, or 0. */
    public int line() {
        return line;
    }
}
