package hudson;

import java.io.IOException;

// Real: public final class AbortException extends IOException (core/src/main/java/hudson/AbortException.java).
// The constructor keeps its message so that the unit tests can run the code that throws it.
public final class AbortException extends IOException {
    public AbortException(String message) {
        super(message);
    }
}
