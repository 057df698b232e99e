package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {
    private static final String SECRET = "pa55-w0rd-never-shown";

    @Test
    void toStringNeverShowsThePassword() {
        RegistryCredentials credentials = new RegistryCredentials("ci", SECRET);
        RegistrySettings settings = RegistrySettings.defaults("Registry.Corp:5000")
                .withCredentials(credentials)
                .withCaCertificatePem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        assertThat(credentials.toString()).isEqualTo("RegistryCredentials[username=ci, password=****]");
        assertThat(settings.toString())
                .isEqualTo("RegistrySettings[host=registry.corp:5000, credentials=user ci,"
                        + " caCertificate=custom, plainHttp=false, maxRetryWait=PT30S, maxAttempts=5, connectTimeout=PT15S,"
                        + " readTimeout=PT1M, uploadChunkSize=0]");
        Registries registries = Registries.defaults().with(settings);
        assertThat(registries.toString())
                .contains("user ci")
                .doesNotContain(SECRET)
                .doesNotContain("MIIB");
        assertThat(new RegistryClient(RegistrySettings.defaults("r:1").withCredentials(credentials)).toString())
                .doesNotContain(SECRET);
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> RegistrySettings.defaults("reg/x"))
                .hasMessage("registry settings: host 'reg/x' is not a host[:port]");
        assertThatThrownBy(() -> RegistrySettings.defaults("r").withRetries(0, Duration.ZERO))
                .hasMessage("registry settings for r: maxAttempts must be >= 1");
        assertThatThrownBy(() -> RegistrySettings.defaults("r").withRetries(3, Duration.ofSeconds(-1)))
                .hasMessage("registry settings for r: maxRetryWait must be >= 0");
        assertThatThrownBy(() -> RegistrySettings.defaults("r").withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("registry settings for r: timeouts must be positive");
        assertThatThrownBy(() -> new RegistryCredentials("", "x"))
                .hasMessage("registry credentials: user name is required");
        assertThatThrownBy(() -> new RegistryCredentials("u", null))
                .hasMessage("registry credentials for 'u': password is required");
    }

    @Test
    void dockerHubApiHost() {
        assertThat(RegistrySettings.defaults("docker.io").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(RegistrySettings.defaults("docker.io").isDockerHub()).isTrue();
        assertThat(RegistrySettings.defaults("127.0.0.1:5000").apiHost()).isEqualTo("127.0.0.1:5000");
    }

    @Test
    void registriesPerHostWithDefaultsAndDockerHubAliases() {
        RegistryCredentials hub = new RegistryCredentials("hubuser", SECRET);
        Registries r = Registries.defaults()
                .withDefault(RegistrySettings.defaults("x").withRetries(2, Duration.ofSeconds(3)))
                .with(RegistrySettings.defaults("127.0.0.1:5000").withPlainHttp(true))
                .withCredentials(Map.of("index.docker.io", hub));
        assertThat(r.settings("127.0.0.1:5000").plainHttp()).isTrue();
        assertThat(r.settings("127.0.0.1:5000").maxAttempts()).isEqualTo(5);
        assertThat(r.settings("registry-1.docker.io").credentials()).isEqualTo(hub);
        assertThat(r.settings("docker.io").host()).isEqualTo("docker.io");
        RegistrySettings other = r.settings("other.example:443");
        assertThat(other.host()).isEqualTo("other.example:443");
        assertThat(other.credentials()).isNull();
        assertThat(other.maxAttempts()).isEqualTo(2);
        assertThat(other.maxRetryWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.client("index.docker.io")).isSameAs(r.client("docker.io"));
    }

    @Test
    void serializableForJenkinsAgents() throws Exception {
        Registries r = Registries.defaults()
                .with(RegistrySettings.defaults("reg:1").withCredentials(new RegistryCredentials("u", SECRET)));
        r.client("reg:1");
        Registries copy = roundTrip(r);
        assertThat(copy.settings("reg:1")).isEqualTo(r.settings("reg:1"));
        assertThat(copy.client("reg:1").settings()).isEqualTo(r.settings("reg:1"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
