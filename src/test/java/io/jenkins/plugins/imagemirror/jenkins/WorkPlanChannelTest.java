package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A {@link WorkPlan} as the agent channel carries it: Java serialization (remoting's), read back through a model of
 * Jenkins' class filter, equal to what was sent, and with no record read as a record (each crosses as its plain {@code Wire} form).
 */
class WorkPlanChannelTest {
    /**
     * JDK classes of jenkins/security/whitelisted-classes.txt (Jenkins 2.504.3) that a plan holds, besides arrays and
     * enums; {@code jenkins.security.ClassFilterImpl} lets plugin classes through (the plugin's jar has a manifest).
     */
    private static final Set<String> JDK_WHITELISTED = Set.of(
            "java.lang.String",
            "java.lang.Boolean",
            "java.lang.Integer",
            "java.lang.Number",
            "java.lang.Object",
            "java.util.ArrayList",
            "java.util.HashMap",
            "java.util.LinkedHashMap");

    private static final RegistryProfile CORP = new RegistryProfile(
            "corp", "https://registry.corp:5000/", "corp-push", "-----BEGIN CERTIFICATE-----\nMIIB\n", false, 17);
    private static final RegistryProfile PLAIN = new RegistryProfile("plain", "localhost:5000", null, null, true, 0);

    @Test
    void aMirrorPlanCrossesTheChannelWithoutRecordDeserialization() throws Exception {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("source", "docker://localhost:5000/team/app:1.0");
        arguments.put(
                "targets",
                List.of(Map.of("reference", "corp/team/app:1.0"), Map.of("reference", "localhost:5000/b:2")));
        arguments.put("tags", List.of("latest"));
        arguments.put("platforms", List.of("linux/amd64", "linux/arm64"));
        arguments.put("tarball", "out/app.tar");
        arguments.put("archiveTarball", true);
        arguments.put("report", false);
        assertCrossesUnchanged(plan(StepKind.MIRROR, arguments));
    }

    @Test
    void aBuildPlanCrossesTheChannelWithoutRecordDeserialization() throws Exception {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("dockerfile", "Dockerfile");
        arguments.put("context", "app");
        arguments.put("buildArgs", List.of("VERSION=1.2"));
        arguments.put("target", "corp/team/app:1.0");
        assertCrossesUnchanged(plan(StepKind.BUILD, arguments));
    }

    private static WorkPlan plan(StepKind kind, Map<String, Object> arguments) throws Exception {
        return new StepFlow(List.of(CORP, PLAIN), List.of())
                .plan(kind, arguments, id -> new RegistryLogin(id, "user-" + id, "secret-" + id));
    }

    private static void assertCrossesUnchanged(WorkPlan sent) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sent);
        }
        List<Class<?>> described = new ArrayList<>(); // the classes the stream describes (not readResolve's results)
        WorkPlan received;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                Class<?> type = super.resolveClass(desc);
                described.add(type);
                return type;
            }
        }) {
            in.setObjectInputFilter(WorkPlanChannelTest::jenkinsClassFilter);
            received = (WorkPlan) in.readObject();
        }
        assertThat(received.spec()).isEqualTo(sent.spec());
        assertThat(received.source()).isEqualTo(sent.source());
        assertThat(received.destinations()).isEqualTo(sent.destinations());
        assertThat(received.registries()).isEqualTo(sent.registries());
        assertThat(received.warnings()).isEqualTo(sent.warnings());
        assertThat(received.logins().keySet())
                .containsExactlyElementsOf(sent.logins().keySet());
        for (String id : sent.logins().keySet()) {
            RegistryLogin a = sent.logins().get(id), b = received.logins().get(id);
            assertThat(List.of(b.credentialsId(), b.username(), b.password()))
                    .containsExactly(a.credentialsId(), a.username(), a.password());
        }
        assertThat(sent.logins()).isNotEmpty();
        assertThat(received.toString()).isEqualTo(sent.toString());
        assertThat(described).isNotEmpty().noneMatch(Class::isRecord);
    }

    private static ObjectInputFilter.Status jenkinsClassFilter(ObjectInputFilter.FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type == null
                || type.isArray()
                || Enum.class.isAssignableFrom(type)
                || type.getName().startsWith("io.jenkins.plugins.imagemirror.")
                || JDK_WHITELISTED.contains(type.getName())) {
            return type == null ? ObjectInputFilter.Status.UNDECIDED : ObjectInputFilter.Status.ALLOWED;
        }
        return ObjectInputFilter.Status.REJECTED;
    }
}
