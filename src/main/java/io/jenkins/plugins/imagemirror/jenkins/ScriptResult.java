package io.jenkins.plugins.imagemirror.jenkins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Map a step returns to the script, made of String, Long, Integer, Boolean, ArrayList and LinkedHashMap only
 * (what CPS serialises and the sandbox lets scripts read). Built from {@link ImageOutcome}, which holds no secret.
 */
public final class ScriptResult {
    private ScriptResult() {}

    public static LinkedHashMap<String, Object> of(ImageOutcome outcome) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("digest", outcome.digest);
        ArrayList<Object> targets = new ArrayList<>();
        for (ImageOutcome.TargetOutcome t : outcome.targets) {
            LinkedHashMap<String, Object> target = new LinkedHashMap<>();
            target.put("reference", t.reference);
            target.put("digest", t.digest);
            target.put("status", t.status);
            target.put("bytesUploaded", Long.valueOf(t.bytesUploaded));
            targets.add(target);
        }
        map.put("targets", targets);
        map.put("sizes", sizes(outcome.primarySizes()));
        ArrayList<Object> platforms = new ArrayList<>();
        for (ImageOutcome.PlatformSizes p : outcome.platforms) {
            LinkedHashMap<String, Object> platform = new LinkedHashMap<>();
            platform.put("platform", p.platform);
            platform.put("digest", p.manifestDigest);
            platform.put("sizes", sizes(p.sizes));
            platform.put("layers", Integer.valueOf(p.layers.size()));
            platforms.add(platform);
        }
        map.put("platforms", platforms);
        map.put("tarball", outcome.tarball);
        map.put("artifacts", new ArrayList<Object>(outcome.artifacts));
        return map;
    }

    private static LinkedHashMap<String, Object> sizes(Map<String, Long> sizes) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        sizes.forEach(map::put);
        return map;
    }
}
