package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The same failure reads the same whichever JDK client met it: java.net.http (manifests, tokens) or
 * HttpURLConnection ({@link BlobExchange}: blob bytes). The exceptions are the JDK 17 ones, with their messages.
 */
class ConnectionFailureTest {
    private static final String HOST = "registry.corp:5000";

    @Test
    void aConnectTimeoutReadsTheSameOnBothClients() {
        assertThat(ConnectionFailure.describe(new HttpConnectTimeoutException("HTTP connect timed out"), HOST))
                .isEqualTo("connecting to registry.corp:5000 timed out");
        assertThat(ConnectionFailure.describe(new SocketTimeoutException("Connect timed out"), HOST))
                .isEqualTo("connecting to registry.corp:5000 timed out");
    }

    @Test
    void noAnswerWithinTheReadTimeoutReadsTheSameOnBothClients() {
        String expected = "timed out: no response from registry.corp:5000 within the read timeout (uploads get more"
                + " time per MiB); the registry stalls, or raise the read timeout if it is merely slow";
        assertThat(ConnectionFailure.describe(new HttpTimeoutException("request timed out"), HOST))
                .isEqualTo(expected);
        assertThat(ConnectionFailure.describe(new SocketTimeoutException("Read timed out"), HOST))
                .isEqualTo(expected);
    }

    @Test
    void aPeerThatHangsUpReadsTheSameOnBothClients() {
        String expected = "registry.corp:5000 closed the connection without answering (the registry, or a proxy in"
                + " front of it, went away or restarted mid-request)";
        assertThat(ConnectionFailure.describe(new IOException("HTTP/1.1 header parser received no bytes"), HOST))
                .isEqualTo(expected);
        assertThat(ConnectionFailure.describe(new SocketException("Unexpected end of file from server"), HOST))
                .isEqualTo(expected);
        assertThat(ConnectionFailure.describe(new SocketException("Broken pipe"), HOST))
                .as("the registry went away while a blob was being sent")
                .isEqualTo(expected);
        assertThat(ConnectionFailure.describe(new SocketException("Connection reset"), HOST))
                .isEqualTo(expected);
    }

    @Test
    void httpUrlConnectionsHostNameMismatchIsATlsFailure() {
        IOException e = new IOException("Wrong HTTPS hostname: should be <registry.corp>");
        assertThat(ConnectionFailure.isTls(e)).as("not retried").isTrue();
        assertThat(ConnectionFailure.describe(e, HOST))
                .isEqualTo("TLS certificate of registry.corp:5000 is not issued for registry.corp:5000 (check the host"
                        + " name, or the certificate's subjectAltName)");
    }
}
