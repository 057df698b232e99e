package io.jenkins.plugins.imagemirror.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every JUnit Jupiter test (META-INF/services + autodetection in junit-platform.properties): tees
 * System.out and System.err during each test and fails the test when the output contains a secret of the test
 * bed (TLS_PASS, TOKEN_PASS, or their Basic {@code user:pass} encodings) or anything shaped like a JWT (the bed's
 * issuer signs JWTs; a Bearer token in a log is a leaked credential). The failure names the kind of secret, never
 * the secret. Without a test bed (unit tests) only the JWT shape is checked.
 */
public final class SecretScanExtension implements BeforeEachCallback, AfterEachCallback {
    /** Header and payload of a JWT: base64url JSON objects start with "eyJ" ({"). */
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SecretScanExtension.class);

    private record Capture(PrintStream out, PrintStream err, ByteArrayOutputStream bytes) {}

    @Override
    public void beforeEach(ExtensionContext context) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Capture capture = new Capture(System.out, System.err, bytes);
        context.getStore(NS).put("capture", capture);
        System.setOut(new PrintStream(new Tee(capture.out(), bytes), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(capture.err(), bytes), true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Capture capture = context.getStore(NS).remove("capture", Capture.class);
        if (capture == null) {
            return;
        }
        System.out.flush();
        System.err.flush();
        System.setOut(capture.out());
        System.setErr(capture.err());
        String text;
        synchronized (capture.bytes()) {
            text = capture.bytes().toString(StandardCharsets.UTF_8);
        }
        List<String> found = findSecrets(text, bedSecrets());
        if (!found.isEmpty()) {
            throw new AssertionError("secret leaked to the output of " + context.getDisplayName() + ": "
                    + String.join(", ", found) + " (values not shown)");
        }
    }

    /** The names of the secrets (and "a JWT") that {@code text} contains; never their values. */
    static List<String> findSecrets(String text, Map<String, String> secrets) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            if (!secret.getValue().isEmpty() && text.contains(secret.getValue())) {
                found.add(secret.getKey());
            }
        }
        if (JWT.matcher(text).find()) {
            found.add("a JWT (bearer token)");
        }
        return found;
    }

    /** The bed's passwords and their Basic encodings, by name; empty when no bed is configured. */
    static Map<String, String> bedSecrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        String file = System.getProperty("testbed.env");
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            return secrets;
        }
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            return secrets;
        }
        for (String[] account : new String[][] {{"TLS_USER", "TLS_PASS"}, {"TOKEN_USER", "TOKEN_PASS"}}) {
            String pass = env.get(account[1]);
            if (pass == null || pass.isEmpty()) {
                continue;
            }
            secrets.put(account[1], pass);
            String user = env.getOrDefault(account[0], "");
            secrets.put(
                    "Basic credentials of " + account[0],
                    Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
        }
        return secrets;
    }

    /** Writes to the original stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream capture;

        Tee(OutputStream original, ByteArrayOutputStream capture) {
            this.original = original;
            this.capture = capture;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            original.write(b, off, len);
            synchronized (capture) {
                capture.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
