package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The registry ITs' view of the {@link Testbed}, and the secret scan they apply to every error they see. */
public final class TestbedEnv {
    private TestbedEnv() {}

    public static String get(String key) {
        return Testbed.get().value(key);
    }

    public static String caPem() {
        try {
            return Files.readString(Testbed.get().caCert());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails when any test-bed password appears in the throwable's messages, causes or stack trace text. */
    public static void assertNoSecret(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        for (String key : new String[] {"TLS_PASS", "TOKEN_PASS"}) {
            assertThat(text.toString()).as("secret %s in %s", key, t).doesNotContain(get(key));
        }
    }
}
