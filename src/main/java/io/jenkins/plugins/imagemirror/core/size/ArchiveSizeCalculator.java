package io.jenkins.plugins.imagemirror.core.size;

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
    public static List<ArchiveEntry> ociArchiveEntries(List<BlobDescriptor> blobs, long indexJsonBytes) {
        List<ArchiveEntry> entries = new ArrayList<>();
        entries.add(ArchiveEntry.directory("blobs/"));
        Map<String, Long> unique = new LinkedHashMap<>();
        for (BlobDescriptor b : blobs) {
            unique.putIfAbsent(b.digest(), b.size());
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
    public static long ociIndexJsonBytes(BlobDescriptor target, String refName) {
        String annotations = refName == null ? ""
                : ",\"annotations\":{\"org.opencontainers.image.ref.name\":" + jsonString(refName) + "}";
        String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":" + jsonString(target.mediaType())
                + ",\"digest\":" + jsonString(target.digest()) + ",\"size\":" + target.size() + annotations + "}]}";
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The entries of a docker-archive as skopeo and podman write it ({@code docker save} format with legacy layer
     * directories): uncompressed layers {@code HEX.tar}, the config {@code HEX.json}, per layer
     * {@code ID/layer.tar} (a symlink), {@code ID/VERSION} and {@code ID/json}, then {@code manifest.json} and
     * {@code repositories}. The legacy {@code json} files are estimated (the top one carries the config); they
     * rarely cross a 512-byte boundary.
     */
    public static List<ArchiveEntry> dockerArchiveEntries(String configHex, long configBytes, List<LayerStats> layers,
            String repoTag) {
        List<ArchiveEntry> entries = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        StringBuilder manifestLayers = new StringBuilder();
        for (LayerStats layer : layers) {
            String hex = layer.diffId().substring(layer.diffId().indexOf(':') + 1);
            if (!seen.contains(hex)) {
                seen.add(hex);
                entries.add(ArchiveEntry.file(hex + ".tar", layer.tarStreamBytes()));
            }
            manifestLayers.append(manifestLayers.length() == 0 ? "" : ",").append('"').append(hex).append(".tar\"");
        }
        entries.add(ArchiveEntry.file(configHex + ".json", configBytes));
        String fakeId = "0".repeat(64);
        for (int i = 0; i < layers.size(); i++) {
            String hex = layers.get(i).diffId().substring(layers.get(i).diffId().indexOf(':') + 1);
            entries.add(ArchiveEntry.symlink(fakeId + "/layer.tar", "../" + hex + ".tar"));
            entries.add(ArchiveEntry.file(fakeId + "/VERSION", 3));
            boolean top = i == layers.size() - 1;
            entries.add(ArchiveEntry.file(fakeId + "/json", top ? configBytes + 64 : 256));
        }
        String tags = repoTag == null ? "" : jsonString(repoTag);
        String manifest = "[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[" + tags + "],\"Layers\":["
                + manifestLayers + "]}]";
        entries.add(ArchiveEntry.file("manifest.json", manifest.getBytes(StandardCharsets.UTF_8).length));
        if (repoTag != null) {
            entries.add(ArchiveEntry.file("repositories", repoTag.length() + 80));
        }
        return entries;
    }

    private static String algorithm(BlobDescriptor b) {
        return b.digest().substring(0, b.digest().indexOf(':'));
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
