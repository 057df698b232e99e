package io.jenkins.plugins.imagemirror.core.image;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the config of an image built on a base ({@code null}: scratch). Everything the changes do not touch is
 * kept as the base wrote it: unknown fields, values, key order (a changed field keeps its place, a new one is
 * added last), so the bytes, and the digest, depend only on the base's bytes and the changes. Top-level fields that
 * describe how the base itself was built ({@code container}, {@code container_config}, {@code docker_version}) are
 * dropped as stale. Not thread-safe; one writer per image.
 */
public final class ImageConfigWriter {
    private static final Set<String> STALE = Set.of("container", "container_config", "docker_version");
    /** Written from the arguments of {@link #write}, never copied from the base. */
    private static final Set<String> REPLACED = Set.of("config", "rootfs", "history", "variant");

    private final JsonObject base;
    private final JsonObject runtime;

    public ImageConfigWriter(ImageConfig base) {
        this.base = base == null ? new JsonObject() : Json.parseObject(base.bytes(), "image config");
        this.runtime = this.base.get("config") instanceof JsonObject config ? config.deepCopy() : new JsonObject();
    }

    /** {@code config.Env}, replaced. */
    public ImageConfigWriter env(List<String> entries) {
        return strings("Env", entries);
    }

    public ImageConfigWriter entrypoint(List<String> command) {
        return strings("Entrypoint", command);
    }

    public ImageConfigWriter cmd(List<String> command) {
        return strings("Cmd", command);
    }

    /** Drops the inherited {@code Cmd} (a new ENTRYPOINT without CMD, as {@code docker build} does). */
    public ImageConfigWriter removeCmd() {
        runtime.remove("Cmd");
        return this;
    }

    public ImageConfigWriter user(String user) {
        runtime.put("User", user);
        return this;
    }

    public ImageConfigWriter workingDir(String path) {
        runtime.put("WorkingDir", path);
        return this;
    }

    /** Adds to the base's labels; a name the base has gets the new value in its place. */
    public ImageConfigWriter labels(Map<String, String> labels) {
        if (!labels.isEmpty()) {
            JsonObject node =
                    runtime.get("Labels") instanceof JsonObject existing ? existing : runtime.putObject("Labels");
            for (Map.Entry<String, String> label : labels.entrySet()) {
                node.put(label.getKey(), label.getValue());
            }
        }
        return this;
    }

    /** Adds {@code port/protocol} keys to {@code ExposedPorts}. */
    public ImageConfigWriter exposedPorts(List<String> ports) {
        return keys("ExposedPorts", ports);
    }

    public ImageConfigWriter volumes(List<String> paths) {
        return keys("Volumes", paths);
    }

    public ImageConfigWriter stopSignal(String signal) {
        runtime.put("StopSignal", signal);
        return this;
    }

    public ImageConfigWriter shell(List<String> shell) {
        return strings("Shell", shell);
    }

    /**
     * Replaces {@code Healthcheck}; {@code test} in Docker's form ({@code ["CMD", …]}, {@code ["NONE"]}); durations in
     * nanoseconds; zero durations and retries are left out (the runtime's defaults).
     */
    public ImageConfigWriter healthcheck(
            List<String> test,
            long intervalNanos,
            long timeoutNanos,
            long startPeriodNanos,
            long startIntervalNanos,
            int retries) {
        JsonObject check = runtime.putObject("Healthcheck");
        JsonArray array = check.putArray("Test");
        for (String word : test) {
            array.add(word);
        }
        positive(check, "Interval", intervalNanos);
        positive(check, "Timeout", timeoutNanos);
        positive(check, "StartPeriod", startPeriodNanos);
        positive(check, "StartInterval", startIntervalNanos);
        positive(check, "Retries", retries);
        return this;
    }

    /** Replaces the base's ONBUILD triggers (they ran in this build: they are not inherited); none: no field. */
    public ImageConfigWriter onBuild(List<String> triggers) {
        runtime.remove("OnBuild");
        return triggers.isEmpty() ? this : strings("OnBuild", triggers);
    }

    /**
     * The config's bytes: {@code created}, {@code author} (null: none), the platform, the base's other top-level
     * fields, the changed {@code config}, {@code rootfs} with {@code diffIds} (the base's first), and the base's
     * history followed by {@code added} (each entry dated {@code created}).
     */
    public byte[] write(
            String created, String author, Platform platform, List<Digest> diffIds, List<ImageConfig.History> added) {
        JsonObject out = new JsonObject();
        out.put("created", created);
        if (author != null) {
            out.put("author", author);
        }
        out.put("architecture", platform.architecture());
        out.put("os", platform.os());
        if (platform.variant() != null) {
            out.put("variant", platform.variant());
        }
        for (Map.Entry<String, JsonValue> field : base.members()) {
            if (!out.has(field.getKey()) && !STALE.contains(field.getKey()) && !REPLACED.contains(field.getKey())) {
                out.put(field.getKey(), field.getValue());
            }
        }
        out.put("config", runtime);
        JsonObject rootfs = out.putObject("rootfs");
        rootfs.put("type", "layers");
        JsonArray ids = rootfs.putArray("diff_ids");
        for (Digest id : diffIds) {
            ids.add(id.toString());
        }
        JsonArray history = out.putArray("history");
        if (base.get("history") instanceof JsonArray inherited) {
            for (JsonValue entry : inherited) {
                history.add(entry);
            }
        }
        for (ImageConfig.History entry : added) {
            JsonObject node = history.addObject();
            node.put("created", created);
            node.put("created_by", entry.createdBy());
            node.put("comment", entry.comment());
            if (entry.emptyLayer()) {
                node.put("empty_layer", true);
            }
        }
        return Json.bytes(out);
    }

    private ImageConfigWriter strings(String field, List<String> values) {
        JsonArray array = runtime.putArray(field);
        for (String value : values) {
            array.add(value);
        }
        return this;
    }

    private ImageConfigWriter keys(String field, List<String> keys) {
        if (!keys.isEmpty()) {
            JsonObject map = runtime.get(field) instanceof JsonObject existing ? existing : new JsonObject();
            runtime.put(field, map);
            for (String key : keys) {
                map.putObject(key);
            }
        }
        return this;
    }

    private static void positive(JsonObject node, String field, long value) {
        if (value > 0) {
            node.put(field, value);
        }
    }
}
