package io.jenkins.plugins.imagemirror.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The exact byte count behind the SIZE column of {@code ctr images ls}, which prints it rounded.
 *
 * <p>containerd sums the descriptor sizes it walks from the image's target: the target itself, then for an index
 * only the best manifest for the host platform (descriptors without a platform are kept, but sort last), then that
 * manifest's config and layers. This class repeats that walk on the blobs read from the namespace's content store,
 * and {@link #checkPrinted} proves the result by formatting it as ctr does and comparing with ctr's own output.
 */
final class ContainerdImageSize {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerdImageSize() {}

    /**
     * @param targetSize the size of the image's target descriptor
     * @param targetMediaType its media type
     * @param blob reads a blob of the namespace's content store by digest
     */
    static long of(long targetSize, String targetMediaType, byte[] targetBlob, Function<String, byte[]> blob) {
        return targetSize + children(targetMediaType, targetBlob, blob);
    }

    private static long children(String mediaType, byte[] bytes, Function<String, byte[]> blob) {
        JsonNode doc = parse(bytes);
        if (isIndex(mediaType, doc)) {
            List<JsonNode> candidates = new ArrayList<>();
            for (JsonNode m : doc.path("manifests")) {
                JsonNode p = m.get("platform");
                if (p == null || matchesHost(p)) candidates.add(m);
            }
            // stable: matching platforms first, those without a platform after them
            candidates.sort((a, b) -> Boolean.compare(a.get("platform") == null, b.get("platform") == null));
            if (candidates.isEmpty()) return 0;
            JsonNode chosen = candidates.get(0);
            String digest = chosen.get("digest").asText();
            return chosen.get("size").asLong()
                    + children(chosen.path("mediaType").asText(), blob.apply(digest), blob);
        }
        long sum = doc.path("config").path("size").asLong();
        for (JsonNode l : doc.path("layers")) sum += l.get("size").asLong();
        return sum;
    }

    private static boolean isIndex(String mediaType, JsonNode doc) {
        return mediaType.equals("application/vnd.oci.image.index.v1+json")
                || mediaType.equals("application/vnd.docker.distribution.manifest.list.v2+json")
                || (doc.has("manifests") && !doc.has("layers"));
    }

    static boolean matchesHost(JsonNode platform) {
        return platform.path("os").asText().equals("linux")
                && platform.path("architecture").asText().equals(hostArch());
    }

    /** GOARCH of this JVM's machine, the platform ctr and the CRI select by default. */
    static String hostArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    /** ctr's rendering: 1024-based units with one decimal, Go's %.1f (round half to even on the exact value). */
    static String printed(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double size = bytes;
        int i = 0;
        while (size >= 1024 && i < units.length - 1) {
            size /= 1024;
            i++;
        }
        return new BigDecimal(size).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " " + units[i];
    }

    static void checkPrinted(long bytes, String ctrPrinted, String what) {
        if (!printed(bytes).equals(ctrPrinted)) {
            throw new IllegalStateException("size of " + what + ": walked " + bytes + " bytes (" + printed(bytes)
                    + ") but ctr images ls prints " + ctrPrinted + ": the walk no longer matches containerd's");
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("parsing a manifest or index from containerd's content store", e);
        }
    }
}
