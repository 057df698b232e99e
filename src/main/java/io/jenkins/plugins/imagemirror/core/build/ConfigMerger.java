package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.build.plan.BuildPlan;
import io.jenkins.plugins.imagemirror.core.build.plan.Instruction;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.ImageConfigWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime part of an image config ({@code config}) the way {@code docker build} merges it: the base's, with a
 * {@link BuildPlan}'s changes (ENV overrides per name, ENTRYPOINT without CMD clears an inherited CMD, labels, ports
 * and volumes add up, the base's ONBUILD triggers are consumed).
 */
final class ConfigMerger {
    private ConfigMerger() {}

    /**
     * @param base the base's config, null for scratch
     * @param defaultEnv an entry to start Env with when the base has none (BuildKit gives scratch a PATH)
     */
    static ImageConfigWriter merge(ImageConfig base, BuildPlan plan, String defaultEnv) {
        ImageConfigWriter out = new ImageConfigWriter(base);
        Map<String, String> env = new LinkedHashMap<>();
        List<String> baseEnv = base == null ? List.of() : base.env();
        if (!baseEnv.isEmpty()) {
            baseEnv.forEach(e -> put(env, e));
        } else if (defaultEnv != null) {
            put(env, defaultEnv);
        }
        env.putAll(plan.environment());
        if (!env.isEmpty()) {
            out.env(env.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .toList());
        }
        if (plan.entrypoint() != null) {
            out.entrypoint(plan.entrypoint());
        }
        if (plan.cmd() != null) {
            out.cmd(plan.cmd());
        } else if (plan.clearInheritedCmd()) {
            out.removeCmd();
        }
        if (plan.user() != null) {
            out.user(plan.user());
        }
        if (plan.workingDirectory() != null) {
            out.workingDir(plan.workingDirectory());
        }
        out.labels(plan.labels()).exposedPorts(plan.exposedPorts()).volumes(plan.volumes());
        if (plan.stopSignal() != null) {
            out.stopSignal(plan.stopSignal());
        }
        if (plan.shell() != null) {
            out.shell(plan.shell());
        }
        if (plan.healthcheck() != null) {
            Instruction.Healthcheck h = plan.healthcheck();
            out.healthcheck(
                    h.test(),
                    h.intervalNanos(),
                    h.timeoutNanos(),
                    h.startPeriodNanos(),
                    h.startIntervalNanos(),
                    h.retries());
        }
        return out.onBuild(plan.onBuild());
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
}
