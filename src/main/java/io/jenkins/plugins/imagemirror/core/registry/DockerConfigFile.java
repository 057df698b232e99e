package io.jenkins.plugins.imagemirror.core.registry;

import io.jenkins.plugins.imagemirror.core.image.JsonException;
import io.jenkins.plugins.imagemirror.core.image.JsonNull;
import io.jenkins.plugins.imagemirror.core.image.JsonObject;
import io.jenkins.plugins.imagemirror.core.image.JsonReader;
import io.jenkins.plugins.imagemirror.core.image.JsonString;
import io.jenkins.plugins.imagemirror.core.image.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code auths} of a docker {@code config.json} (what {@code docker login} and {@code podman login}
 * write; the CLI's {@code --authfile}). Each entry has {@code auth} (base64 of {@code user:password}) or
 * {@code username} and {@code password}. Keys may be URLs ({@code https://index.docker.io/v1/}): the host is
 * kept and Docker Hub's names become {@code docker.io}. Credential helpers ({@code credsStore}) are not run.
 * Error messages name the file and the entry, never a secret.
 */
public final class DockerConfigFile {
    private DockerConfigFile() {}

    /** @throws java.nio.file.NoSuchFileException unchanged, so that callers can name their own option */
    public static Map<String, RegistryCredentials> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("reading registry credentials from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Host → credentials, in file order. Entries without credentials (e.g. only {@code identitytoken}) are skipped. */
    public static Map<String, RegistryCredentials> parse(byte[] json) {
        JsonValue root;
        try {
            root = JsonReader.readLastNameWins(json); // as docker reads it
        } catch (JsonException e) {
            // the reason can quote the input (a name, a token), which holds secrets: keep only the place
            throw new IllegalArgumentException("not valid JSON (line " + e.line() + ", column " + e.column() + ")");
        }
        if (!(root instanceof JsonObject)) {
            throw new IllegalArgumentException("expected a JSON object with 'auths'");
        }
        Map<String, RegistryCredentials> result = new LinkedHashMap<>();
        JsonValue auths = root.get("auths");
        if (auths == null || auths == JsonNull.NULL) {
            return result;
        }
        if (!(auths instanceof JsonObject entries)) {
            throw new IllegalArgumentException("'auths' must be an object");
        }
        for (Map.Entry<String, JsonValue> e : entries.members()) {
            String host = hostOf(e.getKey());
            RegistryCredentials credentials = credentials(e.getKey(), e.getValue());
            if (credentials != null) {
                result.put(host, credentials);
            }
        }
        return result;
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://reg:5000/x} → {@code reg:5000}. */
    static String hostOf(String key) {
        String h = key.trim();
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        int slash = h.indexOf('/');
        if (slash >= 0) {
            h = h.substring(0, slash);
        }
        if (h.isEmpty()) {
            throw new IllegalArgumentException("auths entry '" + key + "' names no host");
        }
        return Registries.canonicalHost(h);
    }

    private static RegistryCredentials credentials(String key, JsonValue entry) {
        if (!(entry instanceof JsonObject)) {
            throw new IllegalArgumentException("auths entry '" + key + "' must be an object");
        }
        String auth = text(entry, "auth", key);
        if (auth != null && !auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("auths entry '" + key + "': 'auth' is not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("auths entry '" + key + "': 'auth' must be base64 of user:password");
            }
            return new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        String username = text(entry, "username", key);
        String password = text(entry, "password", key);
        if (username != null && !username.isEmpty() && password != null) {
            return new RegistryCredentials(username, password);
        }
        return null;
    }

    private static String text(JsonValue entry, String field, String key) {
        JsonValue value = entry.get(field);
        if (value == null || value == JsonNull.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw new IllegalArgumentException("auths entry '" + key + "': '" + field + "' must be a string");
        }
        return text.text();
    }
}
