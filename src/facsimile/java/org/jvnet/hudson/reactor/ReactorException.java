package org.jvnet.hudson.reactor;

public class ReactorException extends Exception {
    ReactorException(Throwable cause) {
        throw new UnsupportedOperationException();
    }
}
