package io.jenkins.plugins.imagemirror.jenkins;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * What the agent throws back over the channel when a step's work fails: JDK exception types only, with no cause chain
 * of a bundled library's types. Jenkins' class filter (JEP-200, {@code jenkins.security.ClassFilterImpl#isBlacklisted})
 * rejects the serial form of types outside core, remoting, plugin jars and its whitelist (e.g. a Jackson exception's
 * {@code JsonLocation}), and the controller would then show a {@code ProxyException} instead of the message.
 * <ul>
 *   <li>An {@link IOException} or {@link IllegalArgumentException} (bad reference, missing file, HTTP 401, plain HTTP
 *       refused, a malformed archive or build file) is what the user can fix: a plain {@link IOException} carrying
 *       only the message, on one line. The controller turns it into an {@code AbortException}.</li>
 *   <li>An interruption stays an {@link InterruptedException}.</li>
 *   <li>Anything else is a bug: a {@link RuntimeException} naming the original type, with its stack trace and a cause
 *       chain converted the same way, so that the build log still shows where it happened.</li>
 * </ul>
 */
final class AgentFailure {
    private AgentFailure() {}

    static Exception portable(Throwable failure) {
        if (failure instanceof InterruptedException || failure instanceof InterruptedIOException) {
            return new InterruptedException(oneLine(failure));
        }
        if (failure instanceof IOException || failure instanceof IllegalArgumentException) {
            return new IOException(oneLine(failure));
        }
        return bug(failure);
    }

    /** The message on one line (Jackson and others put locations on a second line); the type when there is none. */
    static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static RuntimeException bug(Throwable failure) {
        RuntimeException copy = new RuntimeException(
                failure.getClass().getName() + ": " + failure.getMessage(),
                failure.getCause() == null || failure.getCause() == failure ? null : bug(failure.getCause()));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }
}
