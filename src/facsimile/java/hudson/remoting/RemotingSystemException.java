package hudson.remoting;

class RemotingSystemException extends RuntimeException {
    RemotingSystemException(Throwable cause) {
        super(cause);
    }
}
