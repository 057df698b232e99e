package io.jenkins.plugins.imagemirror.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> STALE = Set.of("container", "container_config", "docker_version");
    /** Written from the arguments of {@link #write}, never copied from the base. */
    private static final Set<String> REPLACED = Set.of("config", "rootfs", "history", "variant");

    private final ObjectNode base;
    private final ObjectNode runtime;

    public ImageConfigWriter(ImageConfig base) {
        this.base = base == null ? NODES.objectNode() : (ObjectNode) Json.parseObject(base.bytes(), "image config");
        JsonNode config = this.base.path("config");
        this.runtime = config.isObject() ? ((ObjectNode) config).deepCopy() : NODES.objectNode();
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
            ObjectNode node = runtime.path("Labels").isObject()
                    ? (ObjectNode) runtime.get("Labels")
                    : runtime.putObject("Labels");
            labels.forEach(node::put);
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
        ObjectNode check = runtime.putObject("Healthcheck");
        ArrayNode array = check.putArray("Test");
        test.forEach(array::add);
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
        ObjectNode out = NODES.objectNode();
        out.put("created", created);
        if (author != null) {
            out.put("author", author);
        }
        out.put("architecture", platform.architecture());
        out.put("os", platform.os());
        if (platform.variant() != null) {
            out.put("variant", platform.variant());
        }
        base.fields().forEachRemaining(field -> {
            if (!out.has(field.getKey()) && !STALE.contains(field.getKey()) && !REPLACED.contains(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        });
        out.set("config", runtime);
        ObjectNode rootfs = out.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(id -> ids.add(id.toString()));
        ArrayNode history = out.putArray("history");
        base.path("history").forEach(history::add);
        for (ImageConfig.History entry : added) {
            ObjectNode node = history.addObject();
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
        ArrayNode array = runtime.putArray(field);
        values.forEach(array::add);
        return this;
    }

    private ImageConfigWriter keys(String field, List<String> keys) {
        if (!keys.isEmpty()) {
            ObjectNode map = runtime.path(field).isObject() ? (ObjectNode) runtime.get(field) : NODES.objectNode();
            runtime.set(field, map);
            keys.forEach(map::putObject);
        }
        return this;
    }

    private static void positive(ObjectNode node, String field, long value) {
        if (value > 0) {
            node.put(field, value);
        }
    }
}
