package io.jenkins.plugins.imagemirror.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A token service (Docker Hub's scheme) whose tokens die early: it tells the client {@code expires_in: 300} but
 * signs {@code exp} so that the registry (which allows 60 s of clock-skew leeway past exp) rejects the token
 * {@code registryLifetimeSeconds} after issue. The client cannot see it coming: only a 401 from the registry in the
 * middle of a copy tells it, as with a token revoked or a clock that drifted. Signs with the bed's token key, so
 * the bed's CA vouches for it; grants every scope asked to the bed's token account.
 */
final class ExpiringTokenIssuer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REGISTRY_LEEWAY_SECONDS = 60;

    private final HttpsServer server;
    private final PrivateKey signingKey;
    private final List<String> x5c = new ArrayList<>();
    private final long registryLifetimeSeconds;
    private final AtomicInteger issued = new AtomicInteger();

    ExpiringTokenIssuer(Path pki, String issuer, long registryLifetimeSeconds) throws Exception {
        this.registryLifetimeSeconds = registryLifetimeSeconds;
        this.signingKey = key(pki.resolve("token.key"));
        for (Certificate c : certs(pki.resolve("token.crt"))) {
            x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
        }
        for (Certificate c : certs(pki.resolve("ca.crt"))) {
            x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
        }
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(pki)));
        server.createContext("/token", exchange -> {
            try (exchange) {
                Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
                List<Map<String, Object>> access = new ArrayList<>();
                for (String scope : query.getOrDefault("scope", List.of())) {
                    String[] parts = scope.split(":");
                    if (parts.length == 3) {
                        access.add(Map.of("type", parts[0], "name", parts[1], "actions", List.of(parts[2].split(","))));
                    }
                }
                String token =
                        sign(issuer, query.getOrDefault("service", List.of("")).get(0), access);
                issued.incrementAndGet();
                byte[] body = JSON.writeValueAsBytes(Map.of("token", token, "access_token", token, "expires_in", 300));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "expiring-token-issuer");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String realm() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    int tokensIssued() {
        return issued.get();
    }

    private String sign(String issuer, String audience, List<Map<String, Object>> access) throws IOException {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", x5c);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", FaultBed.BED.tokenUser());
        claims.put("aud", audience);
        claims.put("exp", now + registryLifetimeSeconds - REGISTRY_LEEWAY_SECONDS);
        claims.put("nbf", now - REGISTRY_LEEWAY_SECONDS);
        claims.put("iat", now - REGISTRY_LEEWAY_SECONDS);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + url.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signingKey);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + url.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException("signing a token", e);
        }
    }

    private static SSLContext tls(Path pki) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "server",
                key(pki.resolve("server.key")),
                new char[0],
                certs(pki.resolve("server-chain.crt")).toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static List<Certificate> certs(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static PrivateKey key(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        byte[] der = Base64.getDecoder()
                .decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        // the bed signs tokens with RSA and serves TLS with an EC P-256 key: accept either PKCS#8 key
        java.security.spec.InvalidKeySpecException last = null;
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (java.security.spec.InvalidKeySpecException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
