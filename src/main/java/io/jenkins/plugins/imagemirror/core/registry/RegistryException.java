package io.jenkins.plugins.imagemirror.core.registry;

import java.io.IOException;

/**
 * A registry operation that failed. The message reads
 * {@code <operation> <target>: <what happened and how to fix it>}, e.g.
 * {@code pushing manifest sha256:ab12… to 127.0.0.1:5001/team/app:1.0: HTTP 401 Unauthorized (credentials
 * rejected for 127.0.0.1:5001: check the username/password or token)}. It never contains a secret.
 */
public class RegistryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String target;
    private final int status;
    private final String errorCode;

    /**
     * @param status    the HTTP status, or -1 when the failure happened before a response (connection, TLS)
     * @param errorCode the first code of the registry's JSON error body ({@code MANIFEST_UNKNOWN}), or null
     */
    public RegistryException(
            String operation, String target, int status, String errorCode, String detail, Throwable cause) {
        super(operation + " " + target + ": " + detail, cause);
        this.operation = operation;
        this.target = target;
        this.status = status;
        this.errorCode = errorCode;
    }

    /** What was being done: {@code pulling manifest of}. */
    public String operation() {
        return operation;
    }

    /** To what: {@code docker.io/library/nginx:1.27}. */
    public String target() {
        return target;
    }

    /** The HTTP status, or -1 when there was no response. */
    public int status() {
        return status;
    }

    /** The registry's error code ({@code MANIFEST_UNKNOWN}, {@code TOOMANYREQUESTS}, …), or null. */
    public String errorCode() {
        return errorCode;
    }

    /** True for a missing manifest, blob or repository (404, or the registry's *_UNKNOWN codes). */
    public boolean isNotFound() {
        return status == 404 || (errorCode != null && errorCode.endsWith("_UNKNOWN"));
    }
}
