package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonFactory;
import io.jenkins.plugins.imagemirror.core.image.JsonTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The size of tar archives as Go's archive/tar writes them (skopeo, podman save, ctr export, docker save, and our
 * own hybrid archive's writer when it follows the same rules): per entry a 512-byte header plus the content
 * padded to 512; entries whose name or link does not fit USTAR get a PAX extended header first; two 512-byte
 * zero blocks at the end and no padding to a 10 KiB record.
 */
public final class ArchiveSizeCalculator {
    private static final int BLOCK = 512;
    private static final int USTAR_NAME = 100;
    private static final int USTAR_PREFIX = 155;
    private static final long USTAR_MAX_SIZE = 077777777777L;
    /** Configs are read as trees without an ObjectMapper (see JsonTree: ~490 classes fewer in a fresh JVM). */
    private static final JsonFactory JSON = new JsonFactory();
    /** The config attributes the top legacy layer json repeats (containers/image's docker-archive writer). */
    private static final String[] LEGACY_ATTRIBUTES = {"architecture", "config", "container", "container_config",
        "created", "docker_version", "os"};

    private ArchiveSizeCalculator() {
    }

    /** Bytes of the archive holding {@code entries}, in any order. */
    public static long goTarBytes(List<ArchiveEntry> entries) {
        long total = 2L * BLOCK;
        for (ArchiveEntry e : entries) {
            total += entryBytes(e);
        }
        return total;
    }

    /** Bytes one entry takes: optional PAX header block + records, header, content padded to 512. */
    public static long entryBytes(ArchiveEntry e) {
        Map<String, String> pax = new LinkedHashMap<>();
        if (!fitsUstarName(e.name())) {
            pax.put("path", e.name());
        }
        if (e.linkTarget() != null && !fitsUstarField(e.linkTarget(), USTAR_NAME)) {
            pax.put("linkpath", e.linkTarget());
        }
        if (e.size() > USTAR_MAX_SIZE) {
            pax.put("size", Long.toString(e.size()));
        }
        long bytes = BLOCK + padded(e.size());
        if (!pax.isEmpty()) {
            long records = 0;
            for (Map.Entry<String, String> r : pax.entrySet()) {
                records += paxRecordLength(r.getKey(), r.getValue());
            }
            bytes += BLOCK + padded(records);
        }
        return bytes;
    }

    /**
     * The entries {@code skopeo copy … oci-archive:F} writes for these blobs (each digest once): the directories
     * {@code blobs/} and {@code blobs/sha256/}, the blobs, {@code index.json} and {@code oci-layout}.
     */
    public static List<ArchiveEntry> ociArchiveEntries(List<Descriptor> blobs, long indexJsonBytes) {
        List<ArchiveEntry> entries = new ArrayList<>();
        entries.add(ArchiveEntry.directory("blobs/"));
        Map<String, Long> unique = new LinkedHashMap<>();
        for (Descriptor b : blobs) {
            unique.putIfAbsent(b.digest().toString(), b.size());
            if (!entries.contains(ArchiveEntry.directory("blobs/" + algorithm(b) + "/"))) {
                entries.add(ArchiveEntry.directory("blobs/" + algorithm(b) + "/"));
            }
        }
        unique.forEach((digest, size) -> entries.add(ArchiveEntry.file("blobs/" + digest.replace(':', '/'), size)));
        entries.add(ArchiveEntry.file("index.json", indexJsonBytes));
        entries.add(ArchiveEntry.file("oci-layout", 31));
        return entries;
    }

    /** The {@code index.json} skopeo writes for one manifest (or index) tagged {@code refName} (may be null). */
    public static long ociIndexJsonBytes(Descriptor target, String refName) {
        String annotations = refName == null ? ""
                : ",\"annotations\":{\"org.opencontainers.image.ref.name\":" + jsonString(refName) + "}";
        String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":" + jsonString(target.mediaType())
                + ",\"digest\":" + jsonString(target.digest().toString()) + ",\"size\":" + target.size() + annotations + "}]}";
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The entries of a docker-archive as skopeo and podman write it ({@code docker save} format with legacy layer
     * directories, no directory entries): uncompressed layers {@code DIFFHEX.tar} (each once), the config
     * {@code HEX.json}, per layer {@code ID/layer.tar} (a symlink), {@code ID/VERSION} and {@code ID/json}, then
     * {@code manifest.json} and {@code repositories}. The legacy {@code json} files hold the layer ID, its parent and,
     * for the top layer, seven attributes of the config; their lengths are computed, not their content.
     *
     * @param config  the config bytes
     * @param repoTag {@code name:tag} the archive is tagged with, or null (untagged, or a digest reference)
     */
    public static List<ArchiveEntry> dockerArchiveEntries(byte[] config, List<LayerStats> layers, String repoTag) {
        String configHex = sha256Hex(config);
        List<ArchiveEntry> entries = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        StringBuilder manifestLayers = new StringBuilder();
        for (LayerStats layer : layers) {
            String hex = layer.diffId().hex();
            if (!seen.contains(hex)) {
                seen.add(hex);
                entries.add(ArchiveEntry.file(hex + ".tar", layer.tarStreamBytes()));
            }
            manifestLayers.append(manifestLayers.length() == 0 ? "" : ",").append('"').append(hex).append(".tar\"");
        }
        entries.add(ArchiveEntry.file(configHex + ".json", config.length));
        String id = "0".repeat(64); // layer IDs are 64 hex digits; their value does not change any length
        for (int i = 0; i < layers.size(); i++) {
            String hex = layers.get(i).diffId().hex();
            entries.add(ArchiveEntry.symlink(id + "/layer.tar", "../" + hex + ".tar"));
            entries.add(ArchiveEntry.file(id + "/VERSION", 3));
            entries.add(ArchiveEntry.file(id + "/json", legacyJsonBytes(config, i > 0, i == layers.size() - 1)));
        }
        String[] nameTag = splitTag(repoTag);
        String tags = nameTag == null ? "" : jsonString(nameTag[0] + ":" + nameTag[1]);
        String manifest = "[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[" + tags + "],\"Layers\":["
                + manifestLayers + "]}]";
        entries.add(ArchiveEntry.file("manifest.json", utf8Length(manifest)));
        String repositories = nameTag == null ? "{}"
                : "{" + jsonString(nameTag[0]) + ":{" + jsonString(nameTag[1]) + ":\"" + id + "\"}}";
        entries.add(ArchiveEntry.file("repositories", utf8Length(repositories)));
        return entries;
    }

    /** Length of a legacy layer "json": {"id"}, + "parent", + seven config attributes for the top layer. */
    static long legacyJsonBytes(byte[] config, boolean hasParent, boolean top) {
        long idField = "\"id\":\"\"".length() + 64;
        long length = 2 + idField;
        if (hasParent) {
            length += 1 + idField + "parent".length() - "id".length();
        }
        if (top) {
            JsonNode root;
            try {
                root = JsonTree.read(JSON, config);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the image config is not JSON: " + e.getMessage(), e);
            }
            for (String attr : LEGACY_ATTRIBUTES) {
                JsonNode value = root == null ? null : root.get(attr);
                length += 1 + utf8Length(jsonString(attr)) + 1 + goCompactLength(value);
            }
        }
        return length;
    }

    /** Length of Go's compact, HTML-escaped encoding of a JSON value ("null" when absent). */
    private static long goCompactLength(JsonNode value) {
        if (value == null) {
            return 4;
        }
        String compact = new String(JsonTree.bytes(value), StandardCharsets.UTF_8); // JsonNode.toString: an ObjectMapper
        long escapes = compact.chars().filter(c -> c == '<' || c == '>' || c == '&').count();
        return utf8Length(compact) + 5 * escapes;
    }

    /** {"name","tag"} of name:tag, or null for null, a digest reference or no tag. */
    static String[] splitTag(String reference) {
        if (reference == null || reference.contains("@")) {
            return null;
        }
        int colon = reference.lastIndexOf(':');
        if (colon < 0 || colon < reference.lastIndexOf('/')) {
            return null;
        }
        return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String algorithm(Descriptor b) {
        return b.digest().algorithm();
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** A PAX record is "LEN key=value\n" where LEN counts its own digits. */
    static long paxRecordLength(String key, String value) {
        long body = 1 + key.getBytes(StandardCharsets.UTF_8).length + 1
                + value.getBytes(StandardCharsets.UTF_8).length + 1;
        long length = body + Long.toString(body).length();
        if (Long.toString(length).length() > Long.toString(body).length()) {
            length++;
        }
        return length;
    }

    private static boolean fitsUstarName(String name) {
        if (fitsUstarField(name, USTAR_NAME)) {
            return true;
        }
        if (!isAscii(name)) {
            return false;
        }
        // split at a slash into prefix (<= 155) and name (1..100), as Go's writer does
        int limit = Math.min(name.length(), USTAR_PREFIX + 1);
        if (limit == name.length() && name.endsWith("/")) {
            limit--;
        }
        int slash = name.lastIndexOf('/', limit - 1);
        int suffix = name.length() - slash - 1;
        return slash > 0 && suffix > 0 && suffix <= USTAR_NAME && slash <= USTAR_PREFIX;
    }

    private static boolean fitsUstarField(String s, int max) {
        return isAscii(s) && s.length() <= max;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
