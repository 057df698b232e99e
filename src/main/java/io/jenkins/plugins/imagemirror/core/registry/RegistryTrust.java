package io.jenkins.plugins.imagemirror.core.registry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} of one registry client: the JDK's trusted CAs plus the registry's own CA
 * certificates, if any. A fresh context per client, never the JVM-wide default: a Jenkins agent runs builds
 * for many registries with different trust at once. Verification (chain and host name) always stays on.
 */
final class RegistryTrust {
    private RegistryTrust() {}

    static SSLContext sslContext(String host, String caCertificatePem) {
        try {
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            TrustManager[] managers = jdk.getTrustManagers();
            if (caCertificatePem != null && !caCertificatePem.isBlank()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int n = 0;
                for (TrustManager m : managers) {
                    if (m instanceof X509TrustManager x) {
                        for (X509Certificate c : x.getAcceptedIssuers()) {
                            store.setCertificateEntry("jdk-" + n++, c);
                        }
                    }
                }
                Collection<? extends Certificate> own = CertificateFactory.getInstance("X.509")
                        .generateCertificates(
                                new ByteArrayInputStream(caCertificatePem.getBytes(StandardCharsets.US_ASCII)));
                if (own.isEmpty()) {
                    throw new IllegalArgumentException("CA certificate for " + host
                            + ": no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
                }
                for (Certificate c : own) {
                    store.setCertificateEntry("registry-" + n++, c);
                }
                TrustManagerFactory combined =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                combined.init(store);
                managers = combined.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException(
                    "CA certificate for " + host + ": not a readable PEM certificate (" + e.getMessage() + ")", e);
        }
    }
}
