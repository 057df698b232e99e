package io.jenkins.plugins.imagemirror.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runtime part of an image config ({@code config}): the base's, with a {@link BuildPlan}'s changes. */
final class ConfigMerger {
    private ConfigMerger() {}

    /** @param defaultEnv an entry to start Env with when the base has none (BuildKit gives scratch a PATH) */
    static ObjectNode merge(JsonNode base, BuildPlan plan, String defaultEnv) {
        ObjectNode out = base.isObject() ? ((ObjectNode) base).deepCopy() : OciLayout.JSON.createObjectNode();
        Map<String, String> env = new LinkedHashMap<>();
        if (out.path("Env").isArray() && out.path("Env").size() > 0) {
            out.path("Env").forEach(e -> put(env, e.asText()));
        } else if (defaultEnv != null) {
            put(env, defaultEnv);
        }
        env.putAll(plan.environment());
        if (!env.isEmpty()) {
            ArrayNode array = out.putArray("Env");
            env.forEach((k, v) -> array.add(k + "=" + v));
        }
        if (plan.entrypoint() != null) {
            strings(out, "Entrypoint", plan.entrypoint());
        }
        if (plan.cmd() != null) {
            strings(out, "Cmd", plan.cmd());
        } else if (plan.clearInheritedCmd()) {
            out.remove("Cmd");
        }
        if (plan.user() != null) {
            out.put("User", plan.user());
        }
        if (plan.workingDirectory() != null) {
            out.put("WorkingDir", plan.workingDirectory());
        }
        if (!plan.labels().isEmpty()) {
            ObjectNode labels = out.path("Labels").isObject() ? (ObjectNode) out.get("Labels")
                    : out.putObject("Labels");
            plan.labels().forEach(labels::put);
        }
        keys(out, "ExposedPorts", plan.exposedPorts());
        keys(out, "Volumes", plan.volumes());
        if (plan.stopSignal() != null) {
            out.put("StopSignal", plan.stopSignal());
        }
        if (plan.shell() != null) {
            strings(out, "Shell", plan.shell());
        }
        if (plan.healthcheck() != null) {
            Instruction.Healthcheck h = plan.healthcheck();
            ObjectNode check = out.putObject("Healthcheck");
            ArrayNode test = check.putArray("Test");
            h.test().forEach(test::add);
            putPositive(check, "Interval", h.intervalNanos());
            putPositive(check, "Timeout", h.timeoutNanos());
            putPositive(check, "StartPeriod", h.startPeriodNanos());
            putPositive(check, "StartInterval", h.startIntervalNanos());
            putPositive(check, "Retries", h.retries());
        }
        out.remove("OnBuild");
        if (!plan.onBuild().isEmpty()) {
            strings(out, "OnBuild", plan.onBuild());
        }
        return out;
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }

    private static void strings(ObjectNode out, String field, List<String> values) {
        ArrayNode array = out.putArray(field);
        values.forEach(array::add);
    }

    private static void keys(ObjectNode out, String field, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        ObjectNode map = out.path(field).isObject() ? (ObjectNode) out.get(field) : OciLayout.JSON.createObjectNode();
        out.set(field, map);
        keys.forEach(k -> map.putObject(k));
    }

    private static void putPositive(ObjectNode out, String field, long value) {
        if (value > 0) {
            out.put(field, value);
        }
    }
}
