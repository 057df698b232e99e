package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.jenkins.pipeline.SeedImage;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a step fails, through the same flow the Jenkins execution runs: what was being done, to what, and how to fix
 * it, and never a password, in the exception or the log.
 */
class StepFailuresIT {
    static final Testbed BED = Testbed.get();
    static final SeedImage IMAGE = seed();
    static final RegistryProfile UPSTREAM = new RegistryProfile("up", BED.plain(), null, null, true, 5);

    @TempDir
    Path dir;

    Path workspace;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void seedSource() throws IOException {
        IMAGE.push(new RegistryClient(RegistrySettings.defaults(BED.plain()).withPlainHttp(true)), "fail/seed", "1");
    }

    LinkedHashMap<String, Object> mirror(
            List<RegistryProfile> registries, Map<String, ?> arguments, Map<String, RegistryLogin> logins)
            throws Exception {
        workspace = Files.createDirectories(dir.resolve("ws"));
        StepFlow flow = new StepFlow(registries, List.of());
        WorkPlan plan = flow.plan(StepKind.MIRROR, arguments, id -> {
            RegistryLogin login = logins.get(id);
            if (login == null) {
                throw new IOException("mirrorImage: credentials '" + id + "' not found");
            }
            return login;
        });
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        return flow.run(
                plan,
                p -> new ImageWork(workspace.toFile(), out).run(p),
                new StepFlow.Recorder() {
                    @Override
                    public void archive(String directory, LinkedHashMap<String, String> files) {}

                    @Override
                    public void report(ImageOutcome outcome) {}

                    @Override
                    public int artifactSet(String callId) {
                        return 1;
                    }
                },
                out);
    }

    @Test
    void rejectedCredentialsNameRegistryAndIdButNotTheSecret() throws Exception {
        String ca = Files.readString(BED.caCert());
        List<RegistryProfile> registries =
                List.of(UPSTREAM, new RegistryProfile("corp", BED.tls(), "corp-push", ca, false, 5));
        String wrong = "wrong-" + BED.tlsPass();
        assertThatThrownBy(() -> mirror(
                        registries,
                        Map.of("source", "up/fail/seed:1", "target", "corp/fail/seed:1", "report", false),
                        Map.of("corp-push", new RegistryLogin("corp-push", BED.tlsUser(), wrong))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("mirrorImage: 1 of 1 destination(s) failed:")
                .hasMessageContaining(BED.tls() + "/fail/seed")
                .hasMessageContaining("401")
                .hasMessageContaining("(credentials 'corp-push')")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrong).doesNotContain(BED.tlsPass()));
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(wrong);
        try (var left = Files.list(dir.resolve("ws@tmp"))) {
            assertThat(left.toList())
                    .as("the failed step's report directory is removed")
                    .isEmpty();
        }
    }

    @Test
    void rateLimitBeyondTheConfiguredWaitFailsWithTheRegistrysWords() throws Exception {
        List<RegistryProfile> registries =
                List.of(UPSTREAM, new RegistryProfile("limited", BED.always429(), null, null, true, 1));
        assertThatThrownBy(() -> mirror(
                        registries,
                        Map.of("source", "up/fail/seed:1", "target", "limited/fail/limited:1", "report", false),
                        Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(BED.always429())
                .hasMessageContaining("429");
    }

    @Test
    void missingCredentialsFailBeforeAnyWork() {
        List<RegistryProfile> registries =
                List.of(UPSTREAM, new RegistryProfile("corp", BED.tls(), "corp-push", null, false, 5));
        assertThatThrownBy(() ->
                        mirror(registries, Map.of("source", "up/fail/seed:1", "target", "corp/fail/seed:1"), Map.of()))
                .hasMessage("mirrorImage: credentials 'corp-push' not found");
        assertThat(log.size()).isZero();
    }

    static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static SeedImage seed() {
        try {
            return new SeedImage("failures");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
