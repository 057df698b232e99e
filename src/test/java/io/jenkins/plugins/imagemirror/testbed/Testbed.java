package io.jenkins.plugins.imagemirror.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The running test bed, as described by the {@code testbed.env} file that {@code resources/testbed/testbed.sh up}
 * writes (KEY=VALUE lines; see docs/testbed.md). Integration tests find it through the system property
 * {@code testbed.env}, which Maven's failsafe configuration sets.
 *
 * <p>Values are read once per JVM; the passwords change on every {@code up}, so never hard-code them. Nothing here
 * prints a password: {@link #toString()} lists the addresses only.
 */
public final class Testbed {
    /** The system property naming the env file. */
    public static final String PROPERTY = "testbed.env";

    private static final String HOW_TO_START =
            "Start it: `mvn verify` starts and stops it around the integration tests;"
                    + " by hand: `bash resources/testbed/testbed.sh up target/testbed`, then run Maven with"
                    + " -Dtestbed.skip=true -Dtestbed.env=$PWD/target/testbed/testbed.env (IDE: set that system property),"
                    + " and `bash resources/testbed/testbed.sh down target/testbed` when done.";

    private static Testbed instance;

    private final Path file;
    private final Map<String, String> values;

    private Testbed(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** The test bed named by system property {@value #PROPERTY}; fails with how to start it when it is not up. */
    public static synchronized Testbed get() {
        if (instance == null) {
            String name = System.getProperty(PROPERTY);
            if (name == null || name.isBlank()) {
                throw new IllegalStateException(
                        "no test bed: system property " + PROPERTY + " is not set. " + HOW_TO_START);
            }
            instance = load(Path.of(name));
        }
        return instance;
    }

    /** Reads an env file written by {@code testbed.sh up}. */
    public static Testbed load(Path envFile) {
        Path abs = envFile.toAbsolutePath();
        if (!Files.isRegularFile(abs)) {
            throw new IllegalStateException(
                    "no test bed: " + abs + " does not exist (the bed is down). " + HOW_TO_START);
        }
        Map<String, String> map = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(abs, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq <= 0)
                    throw new IllegalStateException(
                            "reading test bed file " + abs + ": not KEY=VALUE: " + line.split("=")[0]);
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading test bed file " + abs, e);
        }
        Testbed bed = new Testbed(abs, map);
        bed.value("TESTBED_DIR");
        return bed;
    }

    /** A required key's value; throws naming the key and the file when it is missing. */
    public String value(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("test bed file " + file + " has no " + key + " (started with a skip flag,"
                    + " or by an older testbed.sh?). " + HOW_TO_START);
        }
        return v;
    }

    /** An optional key's value. */
    public Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Path envFile() {
        return file;
    }

    public Path dir() {
        return Path.of(value("TESTBED_DIR"));
    }

    /** host:port of the plain-HTTP registry without auth. */
    public String plain() {
        return value("PLAIN");
    }

    /** host:port of the TLS registry with htpasswd Basic auth ({@link #tlsUser()}/{@link #tlsPass()}). */
    public String tls() {
        return value("TLS");
    }

    public String tlsUser() {
        return value("TLS_USER");
    }

    public String tlsPass() {
        return value("TLS_PASS");
    }

    /** host:port of the TLS registry with Docker Hub's Bearer-token auth. */
    public String token() {
        return value("TOKEN");
    }

    /** The token issuer URL, e.g. https://127.0.0.1:15003/token. */
    public String tokenRealm() {
        return value("TOKEN_REALM");
    }

    /** The service name the token registry announces and checks as the token audience. */
    public String tokenService() {
        return value("TOKEN_SERVICE");
    }

    public String tokenUser() {
        return value("TOKEN_USER");
    }

    public String tokenPass() {
        return value("TOKEN_PASS");
    }

    /** Lifetime of issued tokens (testbed.sh's TOKEN_TTL). The registry adds 60 s of leeway past exp. */
    public Duration tokenTtl() {
        return Duration.ofSeconds(Long.parseLong(value("TOKEN_TTL")));
    }

    /** host:port of nginx in front of {@link #plain()}: manifest GETs limited to 1/s (burst 2), then 429. */
    public String rateLimit() {
        return value("RATELIMIT");
    }

    /** host:port of nginx in front of {@link #plain()}: every manifest request gets 429. */
    public String always429() {
        return value("ALWAYS429");
    }

    /** PEM of the CA that signed the TLS and TOKEN registries' and the issuer's certificates. */
    public Path caCert() {
        return Path.of(value("CA_CERT"));
    }

    /** A directory holding only ca.crt: skopeo's and podman's --cert-dir. */
    public Path certDir() {
        return Path.of(value("CERT_DIR"));
    }

    public Path containerdSocket() {
        return Path.of(value("CONTAINERD_SOCK"));
    }

    /** containerd hosts directory (hosts.toml for TLS and TOKEN): ctr's --hosts-dir. */
    public Path ctrHostsDir() {
        return Path.of(value("CTR_HOSTS_DIR"));
    }

    /** unix:///… of the dockerd with the overlay2 storage driver. */
    public String dockerHost() {
        return value("DOCKER_HOST");
    }

    /** unix:///… of the dockerd with the vfs storage driver. */
    public String dockerVfsHost() {
        return value("DOCKER_VFS_HOST");
    }

    /** podman's global options for the bed's shared root (vfs, cgroupfs, file events). */
    public List<String> podmanArgs() {
        return Arrays.asList(value("PODMAN_ARGS").trim().split(" +"));
    }

    /** True when {@code hostPort} is one of the two TLS registries (they need {@link #caCert()}). */
    public boolean isTls(String hostPort) {
        return hostPort.equals(tls()) || hostPort.equals(token());
    }

    /** A TLS context trusting only the bed's CA: for JDK HTTP clients talking to TLS, TOKEN and the issuer. */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(caCert())) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("testbed-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("building a TLS context from the test bed CA " + caCert(), e);
        }
    }

    /** Addresses only, never passwords. */
    @Override
    public String toString() {
        return "Testbed[" + file + ": plain=" + values.get("PLAIN") + " tls=" + values.get("TLS") + " token="
                + values.get("TOKEN") + " ratelimit=" + values.get("RATELIMIT") + " always429="
                + values.get("ALWAYS429") + "]";
    }
}
