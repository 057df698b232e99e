package org.jvnet.hudson.reactor;

public class ReactorException extends Exception {
    public ReactorException(Throwable cause) { throw new UnsupportedOperationException(); }
}
