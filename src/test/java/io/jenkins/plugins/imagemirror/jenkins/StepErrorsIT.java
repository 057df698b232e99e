package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.jenkins.pipeline.SeedImage;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's mistake found on the agent ends the step with one line saying what to fix, and what crosses the agent
 * channel is JDK exception types only, which Jenkins' class filter accepts. The filter is modelled on
 * {@code jenkins.security.ClassFilterImpl#isBlacklisted(Class)}: arrays, throwables and enums pass; classes from
 * core, remoting or a plugin jar pass; otherwise only the names in core's {@code whitelisted-classes.txt} (the JDK
 * entries the plugin's failures need are listed below); anything else is rejected, e.g. Jackson's JsonLocation
 * inside a JsonProcessingException. (The filter is stricter than Jenkins in one way: the plugin requires every
 * class in the chain to be the JDK's, which the tests check separately.)
 */
class StepErrorsIT {
    static final Testbed BED = Testbed.get();
    static final SeedImage IMAGE = seed();
    static final RegistryProfile UP = new RegistryProfile("up", BED.plain(), null, null, true, 5);

    /** Entries of core's whitelisted-classes.txt that Throwable's serial form uses. */
    static final Set<String> WHITELISTED = Set.of(
            "java.lang.String",
            "java.lang.StackTraceElement",
            "java.lang.Object",
            "java.util.Collections$EmptyList",
            "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableCollection",
            "java.util.ArrayList");

    @TempDir
    Path workspace;

    @BeforeAll
    static void seedSource() throws IOException {
        IMAGE.push(new RegistryClient(RegistrySettings.defaults(BED.plain()).withPlainHttp(true)), "errors/seed", "1");
    }

    /** What the agent throws back for a call: planned on the controller, run through the channel-side conversion. */
    Exception agentFailure(
            List<RegistryProfile> registries, Map<String, Object> arguments, Map<String, RegistryLogin> logins)
            throws Exception {
        TestController controller = new TestController(workspace, registries, logins);
        WorkPlan plan = controller.flow().plan(StepKind.MIRROR, arguments, controller, controller);
        try {
            ImageWorkCallable.run(new ImageWork(workspace.toFile(), controller.log), plan);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

    String userMessage(
            List<RegistryProfile> registries, Map<String, Object> arguments, Map<String, RegistryLogin> logins) {
        StepCall.Ending ending = new StepCall(StepKind.MIRROR, new LinkedHashMap<>(arguments))
                .attempt(new TestController(workspace, registries, logins), () -> false);
        assertThat(ending.bug()).isNull();
        return ending.userMessage();
    }

    @Test
    void rejectedCredentials() throws Exception {
        String ca = Files.readString(BED.caCert());
        List<RegistryProfile> registries =
                List.of(UP, new RegistryProfile("corp", BED.tls(), "corp-push", ca, false, 5));
        Map<String, Object> arguments =
                Map.of("source", "up/errors/seed:1", "target", "corp/errors/seed:1", "report", false);
        Map<String, RegistryLogin> logins = Map.of("corp-push", new RegistryLogin("corp-push", BED.tlsUser(), "wrong"));
        assertPortable(agentFailure(registries, arguments, logins));
        assertThat(userMessage(registries, arguments, logins))
                .isEqualTo("mirrorImage: 1 of 1 destination(s) failed:"
                        + " checking manifest of " + BED.tls()
                        + "/errors/seed:1: HTTP 401 Unauthorized: credentials rejected for "
                        + BED.tls() + " (check the username/password or token) (credentials 'corp-push')");
    }

    @Test
    void plainHttpRefused() throws Exception {
        List<RegistryProfile> registries = List.of(new RegistryProfile("up", BED.plain(), null, null, false, 5));
        Map<String, Object> arguments = Map.of("source", "up/errors/seed:1", "tarball", "copy.tar");
        assertPortable(agentFailure(registries, arguments, Map.of()));
        assertThat(userMessage(registries, arguments, Map.of()))
                .isEqualTo("mirrorImage: checking manifest of "
                        + BED.plain() + "/errors/seed:1: " + BED.plain()
                        + " does not speak TLS: if it is a plain-HTTP registry,"
                        + " allow it explicitly (CLI: --plain-http " + BED.plain()
                        + "; Jenkins: the registry's plain-HTTP option)");
    }

    @Test
    void aCorruptLayoutFailsWithOneLineAndNoJacksonType() throws Exception {
        Files.createDirectories(workspace.resolve("layout"));
        Files.writeString(workspace.resolve("layout/oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(workspace.resolve("layout/index.json"), "{\"schemaVersion\": 2, \"manifests\": [\n  {oops");
        Map<String, Object> arguments = Map.of("source", "layout", "tarball", "copy.tar");
        assertPortable(agentFailure(List.of(), arguments, Map.of()));
        assertThat(userMessage(List.of(), arguments, Map.of()))
                .isEqualTo("mirrorImage: reading oci:"
                        + workspace.resolve("layout")
                        + ": index.json: manifest: not valid JSON (Unexpected character ('o' (code"
                        + " 111)): was expecting double-quote to start field name)");
    }

    @Test
    void theFilterModelRejectsWhatUsedToCrossTheChannel() {
        IOException jackson;
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"manifests\": [ {oops");
            throw new AssertionError("parsed");
        } catch (IOException e) {
            jackson = new IOException("reading index.json: " + e.getMessage(), e);
        }
        IOException wrapped = jackson;
        assertThatThrownBy(() -> throughClassFilter(wrapped))
                .isInstanceOf(InvalidClassException.class)
                .hasMessageContaining("REJECTED");
    }

    static void assertPortable(Exception thrown) throws Exception {
        assertThat(thrown).isExactlyInstanceOf(IOException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n");
        List<String> types = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            types.add(t.getClass().getName());
            for (Throwable s : t.getSuppressed()) {
                types.add(s.getClass().getName());
            }
        }
        assertThat(types).allMatch(name -> name.startsWith("java."), "JDK types only");
        Throwable back = throughClassFilter(thrown);
        assertThat(back).hasMessage(thrown.getMessage());
    }

    /** Serialized and read back through the model of Jenkins' class filter. */
    static Throwable throughClassFilter(Throwable thrown) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(thrown);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(StepErrorsIT::jenkinsClassFilter);
            return (Throwable) in.readObject();
        }
    }

    static ObjectInputFilter.Status jenkinsClassFilter(ObjectInputFilter.FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        if (type.isArray()
                || type.isPrimitive()
                || Throwable.class.isAssignableFrom(type)
                || Enum.class.isAssignableFrom(type)) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        if (type.getName().startsWith("io.jenkins.plugins.imagemirror.") || WHITELISTED.contains(type.getName())) {
            return ObjectInputFilter.Status.ALLOWED; // the plugin's own jar carries a plugin manifest
        }
        return ObjectInputFilter.Status.REJECTED;
    }

    private static SeedImage seed() {
        try {
            return new SeedImage("errors");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
