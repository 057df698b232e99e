package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** "Test connection" against the test bed: the verdicts an administrator sees, never with a password in them. */
class RegistryPingIT {
    final Testbed bed = Testbed.get();

    @Test
    void tlsWithBasicAuth() throws Exception {
        String ca = Files.readString(bed.caCert());
        RegistryProfile tls = new RegistryProfile("corp", bed.tls(), "corp-push", ca, false, 5);
        RegistryPing.Result ok = RegistryPing.ping(tls, new RegistryLogin("corp-push", bed.tlsUser(), bed.tlsPass()));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.message())
                .isEqualTo("GET https://" + bed.tls() + "/v2/: OK as " + bed.tlsUser() + " (credentials 'corp-push')");

        RegistryPing.Result rejected =
                RegistryPing.ping(tls, new RegistryLogin("corp-push", bed.tlsUser(), "wrong-" + bed.tlsPass()));
        assertThat(rejected.ok()).isFalse();
        assertThat(rejected.message())
                .startsWith("GET https://" + bed.tls() + "/v2/: ")
                .contains("401")
                .doesNotContain(bed.tlsPass());

        RegistryPing.Result untrusted =
                RegistryPing.ping(new RegistryProfile("corp", bed.tls(), null, null, false, 5), null);
        assertThat(untrusted.ok()).isFalse();
        assertThat(untrusted.message()).startsWith("GET https://" + bed.tls() + "/v2/: ");
    }

    @Test
    void dockerHubStyleTokens() throws Exception {
        String ca = Files.readString(bed.caCert());
        RegistryProfile hub = new RegistryProfile("hub", bed.token(), "hub", ca, false, 5);
        RegistryPing.Result ok = RegistryPing.ping(hub, new RegistryLogin("hub", bed.tokenUser(), bed.tokenPass()));
        assertThat(ok.ok()).as(ok.message()).isTrue();
        RegistryPing.Result bad = RegistryPing.ping(hub, new RegistryLogin("hub", bed.tokenUser(), "nope"));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.message()).doesNotContain(bed.tokenPass());
    }

    @Test
    void plainHttpAnonymous() {
        RegistryPing.Result ok = RegistryPing.ping(new RegistryProfile("lab", bed.plain(), null, null, true, 5), null);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.message()).isEqualTo("GET http://" + bed.plain() + "/v2/: OK (anonymous)");
    }
}
