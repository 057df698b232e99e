package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigFileTest {
    private static final String SECRET = "s3cr3t:with:colons";

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, RegistryCredentials> parse(String json) {
        return DockerConfigFile.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authAndUsernamePasswordEntriesWithDockerHubKeys() {
        Map<String, RegistryCredentials> c = parse("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubuser:" + SECRET) + "\"},"
                + "\"127.0.0.1:5001\":{\"username\":\"testuser\",\"password\":\"pw\"},"
                + "\"http://registry.corp:5000/v2/\":{\"auth\":\"" + b64("ci:token") + "\",\"email\":\"x@y\"},"
                + "\"ghcr.io\":{\"identitytoken\":\"opaque\"}"
                + "},\"credsStore\":\"desktop\"}");
        assertThat(c)
                .containsExactly(
                        Map.entry("docker.io", new RegistryCredentials("hubuser", SECRET)),
                        Map.entry("127.0.0.1:5001", new RegistryCredentials("testuser", "pw")),
                        Map.entry("registry.corp:5000", new RegistryCredentials("ci", "token")));
    }

    @Test
    void everyNameOfDockerHubIsOneHost() {
        for (String key : new String[] {
            "docker.io",
            "index.docker.io",
            "registry-1.docker.io",
            "https://index.docker.io/v1/",
            "https://registry-1.docker.io"
        }) {
            assertThat(DockerConfigFile.hostOf(key)).as(key).isEqualTo("docker.io");
        }
        assertThat(DockerConfigFile.hostOf("Localhost:5000")).isEqualTo("localhost:5000");
    }

    @Test
    void aRepeatedEntryCountsWithItsLastValueAsDockerReadsIt() {
        // Go's encoding/json, docker's reader of config.json, takes the last of a repeated name
        assertThat(parse("{\"auths\":{\"reg:1\":{\"auth\":\"" + b64("old:one") + "\"}," + "\"reg:1\":{\"auth\":\""
                        + b64("new:two") + "\"}}}"))
                .containsExactly(Map.entry("reg:1", new RegistryCredentials("new", "two")));
    }

    @Test
    void noAuthsIsNoCredentials() {
        assertThat(parse("{}")).isEmpty();
        assertThat(parse("{\"auths\":{}}")).isEmpty();
    }

    @Test
    void errorsNameTheEntryNeverTheSecret() {
        assertThatThrownBy(() -> parse("{\"auths\":{\"reg:1\":{\"auth\":\"%%%" + SECRET + "\"}}}"))
                .hasMessage("auths entry 'reg:1': 'auth' is not valid base64");
        assertThatThrownBy(() -> parse("{\"auths\":{\"reg:1\":{\"auth\":\"" + b64("nocolon") + "\"}}}"))
                .hasMessage("auths entry 'reg:1': 'auth' must be base64 of user:password");
        assertThatThrownBy(() -> parse("{\"auths\":{\"reg:1\":{\"password\":\"" + SECRET + "\" oops}}}"))
                .hasMessageStartingWith("not valid JSON (line 1, column ")
                .message()
                .doesNotContain(SECRET)
                .doesNotContain("s3cr3t");
        assertThatThrownBy(() -> parse("{\"auths\":[]}")).hasMessage("'auths' must be an object");
    }

    @Test
    void readNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        assertThatThrownBy(() -> DockerConfigFile.read(file)).isInstanceOf(java.nio.file.NoSuchFileException.class);
        Files.writeString(file, "{\"auths\":{\"reg:1\":{\"auth\":\"" + b64("u") + "\"}}}");
        assertThatThrownBy(() -> DockerConfigFile.read(file))
                .hasMessage("reading registry credentials from " + file
                        + ": auths entry 'reg:1': 'auth' must be base64 of user:password");
        Files.writeString(file, "{\"auths\":{\"reg:1\":{\"auth\":\"" + b64("u:p") + "\"}}}");
        assertThat(DockerConfigFile.read(file)).containsExactly(Map.entry("reg:1", new RegistryCredentials("u", "p")));
    }
}
