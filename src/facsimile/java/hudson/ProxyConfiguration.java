package hudson;

import java.io.Serializable;
import java.net.Proxy;

public final class ProxyConfiguration implements Serializable {
    public ProxyConfiguration(String name, int port) {
        throw new UnsupportedOperationException();
    }

    public Proxy createProxy(String host) {
        throw new UnsupportedOperationException();
    }
}
