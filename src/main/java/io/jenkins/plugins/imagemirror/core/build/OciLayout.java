package io.jenkins.plugins.imagemirror.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The OCI image layout directory a build reads bases from and writes its result to: {@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/<hex>}. Blobs are content-addressed and written through a temporary file
 * and a rename, so a crash never leaves a blob with the wrong content under its digest.
 */
final class OciLayout {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    static OciLayout create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Path marker = dir.resolve("oci-layout");
        if (!Files.exists(marker)) {
            Files.writeString(marker, "{\"imageLayoutVersion\":\"1.0.0\"}");
        }
        return new OciLayout(dir);
    }

    static OciLayout open(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("oci-layout")) || !Files.isRegularFile(dir.resolve("index.json"))) {
            throw new IOException("opening OCI layout " + dir + ": no oci-layout or index.json file; point at a "
                    + "directory written by skopeo copy oci:DIR, umoci or image-mirror");
        }
        return new OciLayout(dir);
    }

    Path dir() {
        return dir;
    }

    Path blob(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("unsupported digest " + digest + "; expected sha256:<64 hex>");
        }
        return dir.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    JsonNode readJson(String digest) throws IOException {
        Path blob = blob(digest);
        if (!Files.isRegularFile(blob)) {
            throw new IOException("reading blob " + digest + " from OCI layout " + dir + ": missing");
        }
        return JSON.readTree(blob.toFile());
    }

    JsonNode index() throws IOException {
        return JSON.readTree(dir.resolve("index.json").toFile());
    }

    /** Writes bytes as a blob and returns its descriptor (mediaType, digest, size). */
    ObjectNode writeBlob(String mediaType, byte[] bytes) throws IOException {
        String digest = "sha256:" + sha256(bytes);
        Path blob = blob(digest);
        if (!Files.exists(blob)) {
            Path temp = Files.createTempFile(blob.getParent(), ".tmp-", "");
            Files.write(temp, bytes);
            Files.move(temp, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        ObjectNode descriptor = JSON.createObjectNode();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest);
        descriptor.put("size", bytes.length);
        return descriptor;
    }

    /** Adds a blob whose digest is known; hard-links when on the same file system (no copy of large layers). */
    void importBlob(Path source, String digest) throws IOException {
        Path blob = blob(digest);
        if (Files.exists(blob)) {
            return;
        }
        try {
            Files.createLink(blob, source);
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException | UnsupportedOperationException e) {
            Path temp = Files.createTempFile(blob.getParent(), ".tmp-", "");
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    void writeIndex(ObjectNode index) throws IOException {
        Path temp = Files.createTempFile(dir, ".index-", ".json");
        Files.write(temp, JSON.writeValueAsBytes(index));
        Files.move(temp, dir.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
