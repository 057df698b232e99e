package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the named arguments of a step call into an {@link ImageWorkSpec}, or fails naming the parameter, before any
 * work starts. The Jenkins steps feed it the values Stapler bound; JenkinsPipelineUnit tests feed it the script's
 * map: both go through this one validation.
 */
public final class StepArguments {

    private StepArguments() {}

    /**
     * Every parameter of the image steps, in documentation order, with the steps that take it: the one list of
     * names (the steps' setters, {@link StepKind#parameters()} and the unknown-parameter message follow it).
     */
    public enum Parameter {
        SOURCE("source", StepKind.MIRROR, StepKind.SIZES),
        SOURCE_CREDENTIALS_ID("sourceCredentialsId", StepKind.MIRROR, StepKind.SIZES),
        DOCKERFILE("dockerfile", StepKind.MIRROR, StepKind.BUILD),
        BUILD_FILE("buildFile", StepKind.MIRROR, StepKind.BUILD),
        CONTEXT("context", StepKind.MIRROR, StepKind.BUILD),
        BUILD_ARGS("buildArgs", StepKind.MIRROR, StepKind.BUILD),
        TARGET("target", StepKind.MIRROR, StepKind.BUILD),
        CREDENTIALS_ID("credentialsId", StepKind.MIRROR, StepKind.BUILD),
        TARGETS("targets", StepKind.MIRROR, StepKind.BUILD),
        TAGS("tags", StepKind.MIRROR, StepKind.BUILD),
        PLATFORMS("platforms", StepKind.MIRROR, StepKind.BUILD, StepKind.SIZES),
        TARBALL("tarball", StepKind.MIRROR, StepKind.BUILD),
        ARCHIVE_TARBALL("archiveTarball", StepKind.MIRROR, StepKind.BUILD),
        REPORT("report", StepKind.MIRROR);

        private final String name;
        private final List<StepKind> steps;

        Parameter(String name, StepKind... steps) {
            this.name = name;
            this.steps = List.of(steps);
        }

        boolean takenBy(StepKind kind) {
            return steps.contains(kind);
        }

        /** The name scripts write. */
        @Override
        public String toString() {
            return name;
        }
    }

    /** Like {@link #parse(StepKind, Map, boolean)} for a source the workspace does not hold. */
    public static ImageWorkSpec parse(StepKind kind, Map<String, ?> arguments) {
        return parse(kind, arguments, false);
    }

    /**
     * Validates {@code arguments} (values may be Groovy strings, booleans or lists) for {@code kind}.
     *
     * @param sourceInWorkspace whether the workspace holds an image at the text of {@code source} (see
     *     {@link SourceForm}); only asked when the text alone does not decide
     * @throws IllegalArgumentException naming the step and the parameter at fault
     */
    public static ImageWorkSpec parse(StepKind kind, Map<String, ?> arguments, boolean sourceInWorkspace) {
        String step = kind.functionName();
        checkKnown(kind, arguments.keySet());
        Values v = new Values(step, arguments);
        String source = v.string("source");
        String dockerfile = v.string("dockerfile");
        String buildFile = v.string("buildFile");
        String context = v.string("context");
        List<String> rawBuildArgs = v.strings("buildArgs");
        int inputs = (source != null ? 1 : 0) + (dockerfile != null ? 1 : 0) + (buildFile != null ? 1 : 0);
        if (inputs > 1) {
            throw new IllegalArgumentException(
                    step + ": parameters " + present(arguments, "source", "dockerfile", "buildFile")
                            + " conflict: give exactly one input (a source image, a Dockerfile or a build file)");
        }
        if (inputs == 0) {
            throw new IllegalArgumentException(step + ": parameter '"
                    + (kind == StepKind.SIZES ? "source" : kind == StepKind.BUILD ? "dockerfile" : "source")
                    + "' is required"
                    + (kind == StepKind.SIZES
                            ? ""
                            : kind == StepKind.BUILD ? " (or 'buildFile')" : " (or 'dockerfile' or 'buildFile')"));
        }
        boolean build = dockerfile != null || buildFile != null;
        if (!build && context != null) {
            throw new IllegalArgumentException(
                    step + ": parameter 'context' applies to a build only (with 'dockerfile' or 'buildFile')");
        }
        if (!build && !rawBuildArgs.isEmpty()) {
            throw new IllegalArgumentException(
                    step + ": parameter 'buildArgs' applies to a build only (with 'dockerfile' or 'buildFile')");
        }
        LinkedHashMap<String, String> buildArgs = buildArgs(step, rawBuildArgs);
        SourceForm sourceForm = source == null ? null : SourceForm.of(source, sourceInWorkspace);
        String sourceCredentialsId = v.string("sourceCredentialsId");
        if (sourceCredentialsId != null && (source == null || sourceForm.inWorkspace())) {
            throw new IllegalArgumentException(
                    step + ": parameter 'sourceCredentialsId' applies to a registry 'source' only"
                            + (source == null ? "" : "; '" + source + "' is read from the workspace"));
        }
        if (sourceForm == SourceForm.REGISTRY) {
            reference(step, "source", sourceForm.strip(source));
        }
        if (sourceForm != null
                && sourceForm.inWorkspace()
                && sourceForm.strip(source).isBlank()) {
            throw new IllegalArgumentException(
                    step + ": parameter 'source': '" + source + "' names no path in the workspace");
        }

        String target = v.string("target");
        String credentialsId = v.string("credentialsId");
        List<Object> targetList = v.list("targets");
        if (target != null && targetList != null) {
            throw new IllegalArgumentException(
                    step
                            + ": parameters 'target' and 'targets' conflict: give one target as 'target', or several as 'targets'");
        }
        if (credentialsId != null && target == null) {
            throw new IllegalArgumentException(
                    step
                            + ": parameter 'credentialsId' goes with 'target'; in 'targets', give each entry its own credentialsId");
        }
        ArrayList<TargetSpec> targets = new ArrayList<>();
        if (target != null) {
            targets.add(new TargetSpec(target, credentialsId));
        }
        if (targetList != null) {
            for (int i = 0; i < targetList.size(); i++) {
                targets.add(targetEntry(step, i, targetList.get(i)));
            }
        }
        ArrayList<String> tags = new ArrayList<>(v.strings("tags"));
        for (String tag : tags) {
            try {
                ImageReference.parse("localhost/x:" + tag);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(step + ": parameter 'tags': '" + tag + "' is not a valid tag", e);
            }
        }
        ArrayList<String> platforms = new ArrayList<>();
        for (String platform : v.strings("platforms")) {
            try {
                platforms.add(Platform.parse(platform).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(step + ": parameter 'platforms': " + e.getMessage(), e);
            }
        }
        String tarball = v.string("tarball");
        boolean archiveTarball = v.bool("archiveTarball", false);
        if (archiveTarball && tarball == null) {
            throw new IllegalArgumentException(
                    step + ": parameter 'archiveTarball' needs 'tarball' (the path of the OCI tarball to write)");
        }
        if (tarball != null && (tarball.startsWith("/") || tarball.contains(".."))) {
            throw new IllegalArgumentException(
                    step + ": parameter 'tarball': '" + tarball + "' must be a relative path inside the workspace");
        }
        boolean report = kind == StepKind.SIZES || (kind == StepKind.MIRROR && v.bool("report", true));
        return new ImageWorkSpec(
                kind,
                source,
                sourceForm,
                sourceCredentialsId,
                dockerfile,
                buildFile,
                build ? (context == null ? "." : context) : null,
                buildArgs,
                targets,
                tags,
                platforms,
                tarball,
                archiveTarball,
                report);
    }

    private static TargetSpec targetEntry(String step, int index, Object entry) {
        String where = step + ": parameter 'targets' entry " + (index + 1);
        if (!(entry instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    where + ": expected [reference: '…', credentialsId: '…'], got " + describe(entry));
        }
        for (Object key : map.keySet()) {
            if (!"reference".equals(String.valueOf(key)) && !"credentialsId".equals(String.valueOf(key))) {
                throw new IllegalArgumentException(
                        where + ": unknown key '" + key + "'; known keys: reference, credentialsId");
            }
        }
        Object reference = map.get("reference");
        if (reference == null || reference.toString().isBlank()) {
            throw new IllegalArgumentException(where + ": 'reference' is required");
        }
        Object credentialsId = map.get("credentialsId");
        return new TargetSpec(
                reference.toString(),
                credentialsId == null || credentialsId.toString().isBlank() ? null : credentialsId.toString());
    }

    private static LinkedHashMap<String, String> buildArgs(String step, List<String> entries) {
        LinkedHashMap<String, String> args = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(step + ": parameter 'buildArgs': '" + entry + "' is not NAME=VALUE");
            }
            args.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return args;
    }

    static void reference(String step, String parameter, String text) {
        try {
            ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(step + ": parameter '" + parameter + "': " + e.getMessage(), e);
        }
    }

    /**
     * Fails on a parameter the step does not have, naming it and the valid ones. Jenkins' structs only logs a
     * warning for unknown parameters, so the descriptor calls this before binding (see ImageStepDescriptor).
     *
     * @throws IllegalArgumentException naming the step, the unknown parameter(s) and every parameter it accepts
     */
    public static void checkKnown(StepKind kind, Collection<String> names) {
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (!kind.parameters().contains(name)) {
                unknown.add("'" + name + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(kind.functionName() + ": unknown parameter"
                    + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; valid parameters: "
                    + String.join(", ", kind.parameters()));
        }
    }

    private static String present(Map<String, ?> arguments, String... names) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            if (arguments.get(name) != null) {
                found.add("'" + name + "'");
            }
        }
        return String.join(" and ", found);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'";
    }

    /** Typed reads of the raw map, failing with the parameter's name. */
    private record Values(String step, Map<String, ?> arguments) {
        String string(String name) {
            Object value = arguments.get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof CharSequence text) {
                String s = text.toString().strip();
                return s.isEmpty() ? null : s;
            }
            throw new IllegalArgumentException(
                    step + ": parameter '" + name + "' must be a string, got " + describe(value));
        }

        boolean bool(String name, boolean fallback) {
            Object value = arguments.get(name);
            if (value == null) {
                return fallback;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException(
                    step + ": parameter '" + name + "' must be true or false, got " + describe(value));
        }

        List<Object> list(String name) {
            Object value = arguments.get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof List<?> list) {
                return new ArrayList<>(list);
            }
            throw new IllegalArgumentException(
                    step + ": parameter '" + name + "' must be a list, got " + describe(value));
        }

        List<String> strings(String name) {
            List<Object> list = list(name);
            List<String> out = new ArrayList<>();
            if (list == null) {
                return out;
            }
            for (Object item : list) {
                if (!(item instanceof CharSequence)) {
                    throw new IllegalArgumentException(
                            step + ": parameter '" + name + "' must be a list of strings, got " + describe(item));
                }
                out.add(item.toString().strip());
            }
            return out;
        }
    }
}
