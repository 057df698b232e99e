package io.jenkins.plugins.imagemirror.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Randomized references, digests, platforms, locations, manifests and configs thrown at the parsers: each input
 * parses (and then prints back to something that parses to the same value) or fails with an
 * IllegalArgumentException carrying a message; never another exception, a hang or a partial result.
 * Inputs are mutations of valid ones (the interesting border) plus arbitrary strings. Tries are modest (2 cores).
 */
class ParserPropertiesTest {
    private static final ExecutorService WATCHDOG = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parser-watchdog");
        t.setDaemon(true);
        return t;
    });

    @AfterContainer
    static void stop() {
        WATCHDOG.shutdownNow();
    }

    @Property(tries = 400)
    void imageReferences(@ForAll("references") String text) throws Exception {
        ImageReference parsed = clean(() -> ImageReference.parse(text));
        if (parsed != null) {
            assertThat(ImageReference.parse(parsed.toString())).isEqualTo(parsed);
        }
    }

    @Property(tries = 300)
    void digests(@ForAll("digests") String text) throws Exception {
        Digest parsed = clean(() -> Digest.parse(text));
        if (parsed != null) {
            assertThat(Digest.parse(parsed.toString())).isEqualTo(parsed);
        }
    }

    @Property(tries = 300)
    void platforms(@ForAll("platforms") String text) throws Exception {
        Platform parsed = clean(() -> Platform.parse(text));
        if (parsed != null) {
            assertThat(Platform.parse(parsed.toString())).isEqualTo(parsed);
        }
    }

    @Property(tries = 300)
    void imageLocations(@ForAll("locations") String text) throws Exception {
        ImageLocation parsed = clean(() -> ImageLocation.parse(text));
        if (parsed != null) {
            assertThat(ImageLocation.parse(parsed.toString())).isEqualTo(parsed);
        }
    }

    @Property(tries = 400)
    void manifests(@ForAll("manifests") String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ManifestContent parsed = clean(() -> ManifestContent.parse(bytes, null));
        if (parsed != null) {
            assertThat(parsed.bytes()).as("verbatim bytes").isEqualTo(bytes);
            assertThat(parsed.digest()).isEqualTo(Digest.sha256(bytes));
        }
    }

    @Property(tries = 300)
    void configs(@ForAll("configs") String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ImageConfig parsed = clean(() -> ImageConfig.parse(bytes));
        if (parsed != null) {
            assertThat(parsed.bytes()).as("verbatim bytes").isEqualTo(bytes);
            assertThat(parsed.diffIds()).doesNotContainNull(); // platform may be null: some artifacts do not say
        }
    }

    /** The parse result, or null after a clean IllegalArgumentException; anything else fails the property. */
    private static <T> T clean(Callable<T> parse) throws Exception {
        Future<T> result = WATCHDOG.submit(parse);
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("parser hung (more than 5 s)");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            assertThat(cause).as("exception type").isInstanceOf(IllegalArgumentException.class);
            assertThat(cause.getMessage()).as("message of %s", cause).isNotBlank();
            return null;
        }
    }

    // ---- generators: valid inputs, their mutations, and noise ----

    private static final String HEX = "0123456789abcdef";
    private static final String DIGEST = "sha256:" + "a1b2c3d4e5f60718".repeat(4);

    @Provide
    Arbitrary<String> references() {
        return mutated(List.of(
                "nginx",
                "nginx:1.27",
                "library/nginx@" + DIGEST,
                "127.0.0.1:5000/team/app:1.0",
                "registry.corp:443/a/b/c:v1@" + DIGEST,
                "docker.io/library/busybox:latest",
                "localhost/x",
                "ghcr.io/o-r_g/app.name__x:tag-1.2_3"));
    }

    @Provide
    Arbitrary<String> digests() {
        return mutated(List.of(DIGEST, "sha512:" + "0f".repeat(64), "sha256:" + "A".repeat(64)));
    }

    @Provide
    Arbitrary<String> platforms() {
        return mutated(List.of("linux/amd64", "linux/arm64/v8", "windows/amd64", "linux/arm/v7", "linux"));
    }

    @Provide
    Arbitrary<String> locations() {
        return mutated(List.of(
                "docker://nginx:1.27",
                "oci-archive:/tmp/a.tar",
                "oci-archive:/tmp/a.tar:x/y:1",
                "oci:/tmp/layout:v1",
                "docker-archive:/tmp/d.tar:app:2",
                "docker://127.0.0.1:5000/a@" + DIGEST));
    }

    @Provide
    Arbitrary<String> manifests() {
        String config = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + DIGEST
                + "\",\"size\":123}";
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + config
                + ",\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + DIGEST + "\",\"size\":45}]}";
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":"
                + "[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + DIGEST
                + "\",\"size\":500,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}}]}";
        String docker = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":"
                + config.replace(
                        "application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json")
                + ",\"layers\":[]}";
        return Arbitraries.oneOf(mutated(List.of(manifest, index, docker, "{\"schemaVersion\":1}")), jsonNoise());
    }

    @Provide
    Arbitrary<String> configs() {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"a\":\"b\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIGEST + "\"]},"
                + "\"history\":[{\"created_by\":\"RUN x\",\"empty_layer\":false}]}";
        return Arbitraries.oneOf(
                mutated(List.of(config, "{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}")),
                jsonNoise());
    }

    /** Valid inputs with a few characters replaced, inserted, deleted or duplicated; and random strings. */
    private static Arbitrary<String> mutated(List<String> valid) {
        Arbitrary<String> base = Arbitraries.of(valid);
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.of(
                        ':', '/', '@', '.', '-', '_', '"', '{', '}', '[', ']', ',', '0', '9', 'A', 'z', ' ', '\u0000',
                        '\u00e9', '\uFFFF', '\\'),
                Arbitraries.chars().with(HEX.toCharArray()),
                Arbitraries.chars().all());
        Arbitrary<String> edits = base.flatMap(s -> Arbitraries.integers()
                .between(1, 4)
                .flatMap(n -> Arbitraries.integers()
                        .between(0, Math.max(0, s.length() - 1))
                        .list()
                        .ofSize(n)
                        .flatMap(positions -> chars.list()
                                .ofSize(n)
                                .flatMap(cs -> Arbitraries.integers()
                                        .between(0, 3)
                                        .list()
                                        .ofSize(n)
                                        .map(kinds -> edit(s, positions, cs, kinds))))));
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(300);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, base), net.jqwik.api.Tuple.of(10, edits), net.jqwik.api.Tuple.of(3, noise));
    }

    private static String edit(String s, List<Integer> positions, List<Character> cs, List<Integer> kinds) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < positions.size(); i++) {
            int p = Math.min(positions.get(i), Math.max(0, b.length() - 1));
            char c = cs.get(i);
            switch (kinds.get(i)) {
                case 0 -> {
                    if (b.length() > 0) b.setCharAt(p, c);
                    else b.append(c);
                }
                case 1 -> b.insert(p, c);
                case 2 -> {
                    if (b.length() > 0) b.deleteCharAt(p);
                }
                default -> b.insert(p, b.substring(p, Math.min(b.length(), p + 8)));
            }
        }
        return b.toString();
    }

    /** Structurally odd JSON: wrong types, deep nesting, huge numbers, duplicates. */
    private static Arbitrary<String> jsonNoise() {
        return Arbitraries.of(
                "",
                "null",
                "[]",
                "42",
                "\"x\"",
                "{}",
                "{\"schemaVersion\":\"2\"}",
                "{\"schemaVersion\":2,\"config\":null,\"layers\":{}}",
                "{\"schemaVersion\":2,\"manifests\":[null]}",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + DIGEST
                        + "\",\"size\":-1,\"mediaType\":\"x\"},\"layers\":[]}",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + DIGEST
                        + "\",\"size\":1e400,\"mediaType\":\"x\"},\"layers\":[]}",
                "{\"schemaVersion\":99999999999999999999}",
                "{\"rootfs\":{\"diff_ids\":[1,2]}}",
                "{\"os\":[],\"architecture\":{}}",
                "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                "{\"schemaVersion\":2,\"schemaVersion\":2}",
                "\uFEFF{}",
                "{\"history\":[{\"empty_layer\":\"yes\"}]}");
    }
}
