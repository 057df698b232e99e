package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class DeferredSslContextTest {
    @Test
    void anHttpClientBuiltOnItLeavesTheTlsDefaultsToTheEngine() {
        DeferredSslContext context = new DeferredSslContext();
        HttpClient client = HttpClient.newBuilder().sslContext(context).build();
        assertThat(client.sslContext()).isSameAs(context);
        // nothing chosen up front: each engine keeps the default context's protocols and cipher suites
        assertThat(client.sslParameters().getProtocols()).isNull();
        assertThat(client.sslParameters().getCipherSuites()).isNull();
    }

    @Test
    void enginesAreTheJdkDefaultContextsEngines() throws Exception {
        SSLEngine deferred = new DeferredSslContext().createSSLEngine("registry.example", 443);
        SSLEngine jdk = SSLContext.getDefault().createSSLEngine("registry.example", 443);
        assertThat(deferred.getPeerHost()).isEqualTo("registry.example");
        assertThat(deferred.getPeerPort()).isEqualTo(443);
        assertThat(deferred.getUseClientMode()).isEqualTo(jdk.getUseClientMode());
        assertThat(deferred.getEnabledProtocols()).containsExactly(jdk.getEnabledProtocols());
        assertThat(deferred.getEnabledCipherSuites()).containsExactly(jdk.getEnabledCipherSuites());
    }

    @Test
    void onceCreatedItReportsTheRealDefaults() throws Exception {
        DeferredSslContext context = new DeferredSslContext();
        context.createSSLEngine();
        assertThat(context.getDefaultSSLParameters().getProtocols())
                .containsExactly(
                        SSLContext.getDefault().getDefaultSSLParameters().getProtocols());
    }

    @Test
    void cannotBeReinitialised() {
        assertThatThrownBy(() -> new DeferredSslContext().init(null, null, null))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("the JDK's default TLS context cannot be re-initialised");
    }
}
