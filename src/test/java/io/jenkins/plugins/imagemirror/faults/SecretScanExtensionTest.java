package io.jenkins.plugins.imagemirror.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scan itself: it finds what it must, names it without the value, and is active for every test. */
class SecretScanExtensionTest {
    private static final String JWT =
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ0ZXN0YmVkIiwiZXhwIjoxfQ.c2lnbmF0dXJl";

    @Test
    void findsPasswordsAndTokensByNameOnly() {
        Map<String, String> secrets = Map.of("TLS_PASS", "s3cr3t-value-123");

        assertThat(SecretScanExtension.findSecrets("login with s3cr3t-value-123 ok", secrets))
                .containsExactly("TLS_PASS");
        assertThat(SecretScanExtension.findSecrets("Authorization: Bearer " + JWT, secrets))
                .containsExactly("a JWT (bearer token)");
        assertThat(SecretScanExtension.findSecrets("pushing blob sha256:ab12 to 127.0.0.1:5000/x: HTTP 401", secrets))
                .isEmpty();
    }

    @Test
    void isRegisteredForEveryTest() {
        assertThat(System.out.getClass()).isEqualTo(java.io.PrintStream.class);
        assertThat(System.out)
                .as("System.out is the extension's tee during a test")
                .isNotSameAs(ORIGINAL_OUT);
    }

    private static final java.io.PrintStream ORIGINAL_OUT = System.out;
}
