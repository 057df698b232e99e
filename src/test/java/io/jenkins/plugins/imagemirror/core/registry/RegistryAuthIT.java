package io.jenkins.plugins.imagemirror.core.registry;

import static io.jenkins.plugins.imagemirror.core.registry.TestbedEnv.assertNoSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Basic auth over TLS (htpasswd), Docker Hub's Bearer-token flow, and TLS trust, against the test bed. */
class RegistryAuthIT {
    private static final String TLS = TestbedEnv.get("TLS");
    private static final String TOKEN = TestbedEnv.get("TOKEN");
    private final String run = Long.toString(System.nanoTime(), 36);

    private static RegistrySettings tls(String user, String password) {
        RegistrySettings s = RegistrySettings.defaults(TLS).withCaCertificatePem(TestbedEnv.caPem());
        return user == null ? s : s.withCredentials(new RegistryCredentials(user, password));
    }

    private static RegistrySettings token(String user, String password) {
        RegistrySettings s = RegistrySettings.defaults(TOKEN).withCaCertificatePem(TestbedEnv.caPem());
        return user == null ? s : s.withCredentials(new RegistryCredentials(user, password));
    }

    @Test
    void basicAuthOverTlsWithTheRightPassword() throws Exception {
        RegistryClient client = new RegistryClient(tls(TestbedEnv.get("TLS_USER"), TestbedEnv.get("TLS_PASS")));
        client.ping();
        SampleImage image = new SampleImage(10, 200_000);
        String repo = "it/" + run + "/basic";
        image.push(client, repo, "1.0");
        assertThat(client.getManifest(repo, "1.0").bytes()).isEqualTo(image.manifest.bytes());
        try (InputStream in = client.getBlob(repo, image.layer(0))) {
            assertThat(Digest.sha256(in.readAllBytes()))
                    .isEqualTo(image.layer(0).digest());
        }
    }

    @Test
    void wrongPasswordIsRejectedWithoutShowingIt() {
        String wrong = TestbedEnv.get("TLS_PASS") + "x";
        RegistryClient client = new RegistryClient(tls(TestbedEnv.get("TLS_USER"), wrong));
        RegistryException e = catchThrowableOfType(client::ping, RegistryException.class);
        assertThat(e)
                .hasMessage("connecting to " + TLS + ": HTTP 401 Unauthorized: credentials rejected for " + TLS
                        + " (check the username/password or token)");
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain(wrong);
        assertNoSecret(e);
        RegistryException push = catchThrowableOfType(
                () -> new SampleImage(11, 10).push(client, "it/" + run + "/denied", "1"), RegistryException.class);
        assertThat(push)
                .hasMessage("checking blob "
                        + new SampleImage(11, 10).config.digest().shortForm() + " in "
                        + TLS + "/it/" + run + "/denied: HTTP 401 Unauthorized: credentials rejected for " + TLS
                        + " (check the username/password or token)");
        assertNoSecret(push);
    }

    @Test
    void noCredentialsSaysWhichRegistryWantsThem() {
        RegistryException e = catchThrowableOfType(new RegistryClient(tls(null, null))::ping, RegistryException.class);
        assertThat(e)
                .hasMessage("connecting to " + TLS + ": HTTP 401 Unauthorized: " + TLS
                        + " requires credentials and none are configured for it (CLI: --authfile)");
    }

    @Test
    void untrustedCertificateNamesTheFix() {
        RegistrySettings untrusted = RegistrySettings.defaults(TLS)
                .withCredentials(new RegistryCredentials(TestbedEnv.get("TLS_USER"), TestbedEnv.get("TLS_PASS")));
        RegistryException e = catchThrowableOfType(new RegistryClient(untrusted)::ping, RegistryException.class);
        assertThat(e)
                .hasMessage(
                        "connecting to " + TLS + ": TLS certificate of " + TLS + " is not trusted: pass" + " --ca-cert "
                                + TLS
                                + "=ca.pem (CLI), or set the registry's CA certificate (Jenkins: Manage Jenkins > System > Image Mirror)");
        assertThat(e.status()).isEqualTo(-1);
        assertNoSecret(e);
    }

    @Test
    void trustIsPerClientNeverJvmWide() throws Exception {
        // one client trusts the test bed's CA; a client created afterwards without it still refuses the registry
        new RegistryClient(tls(TestbedEnv.get("TLS_USER"), TestbedEnv.get("TLS_PASS"))).ping();
        RegistryException e =
                catchThrowableOfType(new RegistryClient(RegistrySettings.defaults(TLS))::ping, RegistryException.class);
        assertThat(e.getMessage()).contains("is not trusted");
    }

    @Test
    void tokenFlowLikeDockerHubPushPullAndMount() throws Exception {
        RegistryClient client = new RegistryClient(token(TestbedEnv.get("TOKEN_USER"), TestbedEnv.get("TOKEN_PASS")));
        client.ping();
        SampleImage image = new SampleImage(12, 300_000, 5000);
        String repo = "it/" + run + "/token";
        image.push(client, repo, "1.0");
        assertThat(client.headManifest(repo, "1.0")).contains(image.manifest.descriptor());
        assertThat(client.getManifest(repo, "1.0").bytes()).isEqualTo(image.manifest.bytes());
        // the mount needs a token for push on the target and pull on the source repository
        String other = "it/" + run + "/token-mounted";
        assertThat(client.mountBlob(other, image.layer(0).digest(), repo)).isTrue();
        assertThat(client.hasBlob(other, image.layer(0).digest())).isTrue();

        RegistryClient anonymous = new RegistryClient(token(null, null));
        assertThat(anonymous.getManifest(repo, "1.0").bytes()).isEqualTo(image.manifest.bytes());
        try (InputStream in = anonymous.getBlob(repo, image.layer(1))) {
            assertThat(Digest.sha256(in.readAllBytes()))
                    .isEqualTo(image.layer(1).digest());
        }
        RegistryException push = catchThrowableOfType(
                () -> anonymous.putManifest(repo, "anon", image.manifest), RegistryException.class);
        assertThat(push.status()).isEqualTo(401);
        assertThat(push)
                .hasMessageStartingWith("pushing manifest "
                        + image.manifest.digest().shortForm() + " to "
                        + TOKEN + "/" + repo + ":anon: HTTP 401 Unauthorized: anonymous access to " + TOKEN + "/" + repo
                        + " denied");
    }

    @Test
    void eightConcurrentPushesIntoOneRepositoryShareOneClient() throws Exception {
        RegistryClient client = new RegistryClient(token(TestbedEnv.get("TOKEN_USER"), TestbedEnv.get("TOKEN_PASS")));
        String repo = "it/" + run + "/concurrent";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<SampleImage>> pushes = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int seed = 100 + i;
                pushes.add(pool.submit(() -> {
                    SampleImage image = new SampleImage(seed, 150_000, 1000);
                    image.push(client, repo, "t" + seed);
                    return image;
                }));
            }
            for (int i = 0; i < 8; i++) {
                SampleImage image = pushes.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(client.headManifest(repo, "t" + (100 + i))).contains(image.manifest.descriptor());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tokenServiceRejectsAWrongPassword() {
        String wrong = "not-" + TestbedEnv.get("TOKEN_PASS");
        RegistryClient client = new RegistryClient(token(TestbedEnv.get("TOKEN_USER"), wrong));
        RegistryException e =
                catchThrowableOfType(() -> client.headManifest("it/" + run + "/x", "1"), RegistryException.class);
        assertThat(e)
                .hasMessage("checking manifest of " + TOKEN + "/it/" + run + "/x:1: HTTP 401 Unauthorized:"
                        + " credentials rejected for " + TOKEN + " by its token service (check the username/password or"
                        + " token)");
        assertThat(e.getMessage()).doesNotContain(wrong);
        assertNoSecret(e);
    }
}
