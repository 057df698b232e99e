package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptResultTest {

    static ImageOutcome sample() {
        ImageOutcome outcome = new ImageOutcome();
        outcome.source = "docker.io/library/alpine:3.20";
        outcome.digest = "sha256:" + "a".repeat(64);
        outcome.targets.add(
                new ImageOutcome.TargetOutcome("127.0.0.1:5000/alpine:3.20", outcome.digest, "pushed", 3_600_000));
        ImageOutcome.PlatformSizes p = new ImageOutcome.PlatformSizes();
        p.platform = "linux/amd64";
        p.manifestDigest = "sha256:" + "b".repeat(64);
        p.sizes.put("registry", 3_600_000L);
        p.sizes.put("containerd", 3_602_000L);
        p.layers.add(new ImageOutcome.LayerSummary("sha256:" + "c".repeat(64), 3_600_000, 8_000_000, 7_500_000));
        outcome.platforms.add(p);
        outcome.artifacts.add("image-sizes.json");
        return outcome;
    }

    @Test
    void containsOnlyScriptSafeTypes() {
        LinkedHashMap<String, Object> map = ScriptResult.of(sample());
        assertThat(map).containsKeys("digest", "targets", "sizes", "platforms", "tarball", "artifacts");
        assertSafe(map);
        assertThat(((Map<?, ?>) map.get("sizes")).get("registry")).isEqualTo(3_600_000L);
        Map<?, ?> target = (Map<?, ?>) ((ArrayList<?>) map.get("targets")).get(0);
        assertThat(target.get("status")).isEqualTo("pushed");
        assertThat(target.get("bytesUploaded")).isEqualTo(3_600_000L);
    }

    static void assertSafe(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Long
                || value instanceof Integer
                || value instanceof Boolean) {
            return;
        }
        if (value instanceof LinkedHashMap<?, ?> map) {
            map.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertSafe(v);
            });
            return;
        }
        if (value instanceof ArrayList<?> list) {
            list.forEach(ScriptResultTest::assertSafe);
            return;
        }
        throw new AssertionError("not script-safe: " + value.getClass());
    }
}
