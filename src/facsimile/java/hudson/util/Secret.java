package hudson.util;

import java.io.Serializable;

public final class Secret implements Serializable {
    /*package*/ Secret(String value) {
        throw new UnsupportedOperationException();
    }

    public String getPlainText() {
        throw new UnsupportedOperationException();
    }
}
