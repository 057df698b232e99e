package io.jenkins.plugins.imagemirror.core.build.plan;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one platform's image is made of, after every variable has been substituted: the base, the config changes
 * over the base, and the steps (a layer, or a config-only history entry) in order. Both the Dockerfile and the
 * build file compile to this. A null field means "inherit from the base".
 */
public record BuildPlan(
        String base,
        Instant created,
        Map<String, String> environment,
        Map<String, String> labels,
        List<String> exposedPorts,
        List<String> volumes,
        String user,
        String workingDirectory,
        List<String> entrypoint,
        List<String> cmd,
        boolean clearInheritedCmd,
        List<String> shell,
        String stopSignal,
        Instruction.Healthcheck healthcheck,
        List<String> onBuild,
        String author,
        List<Step> steps) {

    /** A history entry; {@code layer} is null for a config-only instruction. */
    public record Step(String createdBy, int line, LayerSpec layer) {}

    public BuildPlan {
        // insertion order matters (config Env order, label order): copy into linked maps, not Map.copyOf
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        exposedPorts = List.copyOf(exposedPorts);
        volumes = List.copyOf(volumes);
        onBuild = List.copyOf(onBuild);
        steps = List.copyOf(steps);
    }

    public List<LayerSpec> layers() {
        return steps.stream().map(Step::layer).filter(Objects::nonNull).toList();
    }
}
