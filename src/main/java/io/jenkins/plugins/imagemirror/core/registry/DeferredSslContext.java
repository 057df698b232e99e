package io.jenkins.plugins.imagemirror.core.registry;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default TLS context ({@link SSLContext#getDefault()}), created on the first TLS connection instead of
 * with the client. For the clients of plain-HTTP registries: they need TLS only if the registry redirects a blob
 * to HTTPS storage or sends them to an HTTPS token service, and then get exactly the JDK default, as before.
 *
 * <p>Why: {@code HttpClient.newBuilder().build()} without a context calls {@code SSLContext.getDefault()}, which
 * loads the JDK's CA certificates and about 800 TLS classes: a third of the classes and 0.3 to 0.4 s of the CPU
 * of a fresh-JVM {@code copy} whose destination already has the image (bench/run.sh, "present").
 */
final class DeferredSslContext extends SSLContext {
    DeferredSslContext() {
        super(new Spi(), null, "TLS");
    }

    private static final class Spi extends SSLContextSpi {
        private volatile SSLContext context;

        private SSLContext context() {
            SSLContext c = context;
            if (c == null) {
                synchronized (this) {
                    c = context;
                    if (c == null) {
                        try {
                            c = SSLContext.getDefault();
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
                        }
                        context = c;
                    }
                }
            }
            return c;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new UnsupportedOperationException("the JDK's default TLS context cannot be re-initialised");
        }

        /**
         * Asked for when the HTTP client is built: empty parameters (no cipher suites, no protocols given) leave
         * each engine with the default context's own defaults, without creating that context now.
         */
        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return context == null ? new SSLParameters() : context.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return context().getSupportedSSLParameters();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return context().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return context().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return context().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return context().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return context().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return context().getClientSessionContext();
        }
    }
}
