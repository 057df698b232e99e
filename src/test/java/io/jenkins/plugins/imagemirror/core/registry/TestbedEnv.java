package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test bed's {@code testbed.env} (system property {@code testbed.env}), for the registry ITs, and the secret
 * scan every IT applies to the errors it sees.
 */
public final class TestbedEnv {
    private static volatile Map<String, String> env;

    private TestbedEnv() {}

    public static String get(String key) {
        Map<String, String> e = env;
        if (e == null) {
            e = load();
            env = e;
        }
        String value = e.get(key);
        if (value == null) {
            throw new IllegalStateException("test bed key " + key + " missing from " + System.getProperty("testbed.env"));
        }
        return value;
    }

    public static String caPem() {
        try {
            return Files.readString(Path.of(get("CA_CERT")));
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

    private static Map<String, String> load() {
        String file = System.getProperty("testbed.env");
        if (file == null) {
            throw new IllegalStateException("system property testbed.env is not set (run the ITs with mvn verify)");
        }
        Map<String, String> result = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    result.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
