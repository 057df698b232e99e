package io.jenkins.plugins.imagemirror.jenkins;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * How the records of a {@link WorkPlan} cross the agent channel: each record's {@code writeReplace} sends its
 * components in this plain class, whose {@code readResolve} calls the record's canonical constructor on the agent
 * (the same validation a record's own deserialization runs).
 *
 * <p>Why: Java serialization reads a record through a method-handle chain that it builds per record class on first
 * use (JDK 17 {@code ObjectStreamClass.RecordSupport#deserializationCtr}), about 90 generated classes for the plan's
 * four records, spun on the first step of every agent JVM; a plain class is read by field reflection. Components are
 * what Jenkins' class filter lets through: JDK values, ArrayList, LinkedHashMap, enums and the plugin's classes.
 */
final class ChannelForm implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The record a form stands for. */
    enum Kind {
        PLAN,
        SPEC,
        ENDPOINT,
        REGISTRY
    }

    private final Kind kind;
    private final Object[] components;

    ChannelForm(Kind kind, Object... components) {
        this.kind = kind;
        this.components = components;
    }

    @SuppressWarnings("unchecked")
    private Object readResolve() {
        Object[] c = components;
        return switch (kind) {
            case PLAN ->
                new WorkPlan(
                        (ImageWorkSpec) c[0],
                        (Endpoint) c[1],
                        (ArrayList<Endpoint>) c[2],
                        (LinkedHashMap<String, RegistryLogin>) c[3],
                        (ArrayList<RegistryProfile>) c[4],
                        (ArrayList<String>) c[5]);
            case SPEC ->
                new ImageWorkSpec(
                        (StepKind) c[0],
                        (String) c[1],
                        (SourceForm) c[2],
                        (String) c[3],
                        (String) c[4],
                        (String) c[5],
                        (String) c[6],
                        (LinkedHashMap<String, String>) c[7],
                        (ArrayList<TargetSpec>) c[8],
                        (ArrayList<String>) c[9],
                        (ArrayList<String>) c[10],
                        (String) c[11],
                        (Boolean) c[12],
                        (Boolean) c[13]);
            case ENDPOINT -> new Endpoint((String) c[0], (String) c[1], (RegistryProfile) c[2]);
            case REGISTRY ->
                new RegistryProfile(
                        (String) c[0], (String) c[1], (String) c[2], (String) c[3], (Boolean) c[4], (Integer) c[5]);
        };
    }
}
