package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens that expire in the middle of a copy. First: bearer tokens that live 2 s (the bed's TokenIssuer with {@code --ttl 2}, in front of a token-auth registry of
 * the test's own) and a push that takes about 4 s: the client must fetch new tokens during the copy and finish.
 * distribution accepts a token up to 60 s past its exp (clock-skew leeway), so the proof is the issuer's log:
 * several grants for the destination's push scope, spread over the copy. Second: tokens the registry itself
 * rejects 2 s after issue while the client believes they live 300 s ({@link ExpiringTokenIssuer}): only 401s
 * mid-copy reveal it, and the client must fetch new ones and carry on.
 */
class TokenExpiryIT {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void aCopyLongerThanTheTokenLifetimeReauthenticatesAndSucceeds() throws Exception {
        Path pki = BED.dir().resolve("pki");
        int issuerPort = OwnRegistry.freePort();
        Path log = tmp.resolve("issuer.log");
        Process issuer = startIssuer(pki, issuerPort, log);
        awaitIssuer(issuerPort);
        try (OwnRegistry registry = OwnRegistry.start(
                        tmp.resolve("registry"),
                        "  tls:\n"
                                + "    certificate: " + pki.resolve("server-chain.crt") + "\n    key: "
                                + pki.resolve("server.key") + "\n"
                                + "auth:\n  token:\n    realm: https://127.0.0.1:" + issuerPort + "/token\n"
                                + "    service: " + BED.tokenService() + "\n    issuer: testbed-token-issuer\n"
                                + "    rootcertbundle: " + pki.resolve("ca.crt") + "\n");
                FaultProxy proxy = new FaultProxy(registry.address())) {
            RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
            String from = FaultBed.repo("ttl-src");
            SampleImage image = FaultBed.seed(plain, from, "v1", 1301, 6 * MIB, 5 * MIB, 4 * MIB, 64 * 1024);
            proxy.throttleUp(4 * MIB); // about 4 s of uploads: twice the token lifetime
            RegistryClient viaProxy = FaultBed.client(RegistrySettings.defaults(proxy.address())
                    .withCaCertificatePem(FaultBed.caPem())
                    .withCredentials(new RegistryCredentials(BED.tokenUser(), BED.tokenPass())));
            String to = FaultBed.repo("ttl-dst");
            long started = System.nanoTime();

            CopyResult result = FaultBed.copy(
                    new CopyOptions(List.of(), 1, 3),
                    null,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(viaProxy, to, "v1")));

            double seconds = (System.nanoTime() - started) / 1e9;
            DestinationResult d = result.destinations().get(0);
            assertThat(d.status()).as(d.toString()).isEqualTo(DestinationResult.Status.PUSHED);
            assertThat(d.digest()).isEqualTo(image.manifest.digest());
            assertThat(seconds).as("the copy outlived a token").isGreaterThan(3);
            List<String> grants = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("scope=repository%3A" + to.replace("/", "%2F") + "%3Apull%2Cpush")
                            || l.contains("scope=repository:" + to + ":pull,push"))
                    .filter(l -> l.contains("account=" + BED.tokenUser()))
                    .toList();
            assertThat(grants)
                    .as("push tokens fetched during a %.1f s copy", seconds)
                    .hasSizeGreaterThanOrEqualTo(3);
            RegistryClient direct = FaultBed.client(RegistrySettings.defaults(registry.address())
                    .withCaCertificatePem(FaultBed.caPem())
                    .withCredentials(new RegistryCredentials(BED.tokenUser(), BED.tokenPass())));
            FaultBed.assertComplete(direct, to, "v1", image.manifest.digest());
        } finally {
            issuer.destroy();
            issuer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(120)
    void aTokenTheRegistryRejectsMidCopyIsReplacedAndTheCopySucceeds() throws Exception {
        Path pki = BED.dir().resolve("pki");
        try (ExpiringTokenIssuer issuer = new ExpiringTokenIssuer(pki, "testbed-token-issuer", 2);
                OwnRegistry registry = OwnRegistry.start(
                        tmp.resolve("registry"),
                        "  tls:\n"
                                + "    certificate: " + pki.resolve("server-chain.crt") + "\n    key: "
                                + pki.resolve("server.key")
                                + "\nauth:\n  token:\n    realm: " + issuer.realm() + "\n"
                                + "    service: " + BED.tokenService() + "\n    issuer: testbed-token-issuer\n"
                                + "    rootcertbundle: " + pki.resolve("ca.crt") + "\n");
                FaultProxy proxy = new FaultProxy(registry.address())) {
            RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
            String from = FaultBed.repo("revoked-src");
            SampleImage image = FaultBed.seed(plain, from, "v1", 1302, 3 * MIB, 3 * MIB, 3 * MIB, 3 * MIB, 64 * 1024);
            proxy.throttleUp(4 * MIB); // about 3 s of uploads; each token dies at the registry 2 s after issue
            RegistryClient viaProxy = FaultBed.client(RegistrySettings.defaults(proxy.address())
                    .withCaCertificatePem(FaultBed.caPem())
                    .withCredentials(new RegistryCredentials(BED.tokenUser(), BED.tokenPass())));
            String to = FaultBed.repo("revoked-dst");
            FaultBed.Recorder listener = new FaultBed.Recorder();

            CopyResult result = FaultBed.copy(
                    new CopyOptions(List.of(), 1, 3),
                    listener,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(viaProxy, to, "v1")));

            DestinationResult d = result.destinations().get(0);
            assertThat(d.status()).as(d + " after " + listener.infos).isEqualTo(DestinationResult.Status.PUSHED);
            assertThat(d.digest()).isEqualTo(image.manifest.digest());
            // two scopes (pull; pull,push) need two tokens; every further one answers a 401 of the registry
            assertThat(issuer.tokensIssued())
                    .as("tokens fetched again after the registry refused them")
                    .isGreaterThanOrEqualTo(3);
            System.out.println("tokens issued: " + issuer.tokensIssued() + ", retries: " + listener.infos);
            RegistryClient direct = FaultBed.client(RegistrySettings.defaults(registry.address())
                    .withCaCertificatePem(FaultBed.caPem())
                    .withCredentials(new RegistryCredentials(BED.tokenUser(), BED.tokenPass())));
            FaultBed.assertComplete(direct, to, "v1", image.manifest.digest());
        }
    }

    private Process startIssuer(Path pki, int port, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-Xmx64m",
                        Path.of("resources/testbed/TokenIssuer.java")
                                .toAbsolutePath()
                                .toString(),
                        "--port",
                        String.valueOf(port),
                        "--tls-cert",
                        pki.resolve("server-chain.crt").toString(),
                        "--tls-key",
                        pki.resolve("server.key").toString(),
                        "--sign-cert",
                        pki.resolve("token.crt").toString(),
                        "--sign-key",
                        pki.resolve("token.key").toString(),
                        "--chain",
                        pki.resolve("ca.crt").toString(),
                        "--issuer",
                        "testbed-token-issuer",
                        "--ttl",
                        "2",
                        "--log",
                        log.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("issuer.out").toFile());
        pb.environment().put("TOKEN_USER", BED.tokenUser());
        pb.environment().put("TOKEN_PASS", BED.tokenPass());
        return pb.start();
    }

    private static void awaitIssuer(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(BED.sslContext())
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // ends a hang only
        while (true) {
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "https://127.0.0.1:" + port + "/token?service=x&scope=repository:probe:pull"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still compiling TokenIssuer.java
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("token issuer on port " + port + " not up after 120 s");
            }
            Thread.sleep(100);
        }
    }
}
