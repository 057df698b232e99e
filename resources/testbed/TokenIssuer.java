import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The test bed's token issuer: Docker Hub's token scheme (the distribution "token" auth) in one file, JDK only.
 * Run as {@code java TokenIssuer.java --port P --tls-cert C --tls-key K --sign-cert S --sign-key SK --chain CA
 * --issuer NAME --ttl SECONDS [--log FILE]} with the one account in environment variables TOKEN_USER/TOKEN_PASS.
 *
 * <p>{@code GET /token?service=S&scope=repository:NAME:pull,push&account=A} with optional Basic auth, and
 * {@code POST /token} (OAuth2 password grant form). Like Docker Hub: anonymous requests get pull-only tokens, wrong
 * credentials get 401, the account gets every action it asks for. The token is an RS256 JWT whose header carries
 * the signing certificate chain ({@code x5c}) that the registry verifies against its {@code rootcertbundle}.
 * Tokens live {@code --ttl} seconds; there is deliberately no per-request knob to change that.
 *
 * <p>Secrets: the password is read from the environment, compared in constant time, and never written anywhere;
 * the request log records method, path, query, account and the granted scopes only.
 */
public final class TokenIssuer {
    private static final Set<String> KNOWN_ACTIONS = Set.of("pull", "push", "delete", "*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final long ttlSeconds;
    private final PrivateKey signingKey;
    private final List<String> x5c;
    private final byte[] user;
    private final byte[] password;
    private final Path log;

    private TokenIssuer(Map<String, String> opts) throws Exception {
        issuer = require(opts, "issuer");
        ttlSeconds = Long.parseLong(require(opts, "ttl"));
        if (ttlSeconds <= 0) throw new IllegalArgumentException("--ttl must be positive, got " + ttlSeconds);
        signingKey = readKey(Path.of(require(opts, "sign-key")));
        x5c = new ArrayList<>();
        for (X509Certificate c : readCerts(Path.of(require(opts, "sign-cert")))) x5c.add(base64(c.getEncoded()));
        for (X509Certificate c : readCerts(Path.of(require(opts, "chain")))) x5c.add(base64(c.getEncoded()));
        String u = System.getenv("TOKEN_USER"), p = System.getenv("TOKEN_PASS");
        if (u == null || p == null || u.isEmpty() || p.isEmpty()) {
            throw new IllegalArgumentException("set TOKEN_USER and TOKEN_PASS in the environment (the one account)");
        }
        user = u.getBytes(StandardCharsets.UTF_8);
        password = p.getBytes(StandardCharsets.UTF_8);
        log = opts.containsKey("log") ? Path.of(opts.get("log")) : null;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + args[i]);
            opts.put(args[i].substring(2), args[i + 1]);
        }
        TokenIssuer issuer = new TokenIssuer(opts);
        int port = Integer.parseInt(require(opts, "port"));
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(
                tls(Path.of(require(opts, "tls-cert")), Path.of(require(opts, "tls-key")))));
        server.createContext("/token", issuer::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("token issuer on https://127.0.0.1:" + port + "/token, ttl " + issuer.ttlSeconds + " s");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            Map<String, List<String>> params;
            String account;
            Boolean authenticated; // null: anonymous, false: wrong credentials
            boolean oauth = method.equals("POST");
            if (method.equals("GET")) {
                params = parseQuery(ex.getRequestURI().getRawQuery());
                String[] basic = basic(ex.getRequestHeaders().getFirst("Authorization"));
                authenticated = basic == null ? null : matches(basic[0], basic[1]);
                account = basic == null ? first(params, "account", "") : basic[0];
            } else if (oauth) {
                params = parseQuery(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String grant = first(params, "grant_type", "");
                if (!grant.equals("password")) {
                    send(ex, 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":"
                            + "\"only grant_type=password is supported by the testbed issuer\"}");
                    return;
                }
                account = first(params, "username", "");
                authenticated = matches(account, first(params, "password", ""));
            } else {
                ex.getResponseHeaders().set("Allow", "GET, POST");
                send(ex, 405, "{\"details\":\"method not allowed\"}");
                return;
            }
            if (Boolean.FALSE.equals(authenticated)) {
                record(method, ex, account, "401");
                send(ex, 401, "{\"details\":\"incorrect username or password\"}");
                return;
            }
            String service = first(params, "service", "");
            List<Map<String, Object>> access = grant(params.getOrDefault("scope", List.of()), authenticated != null);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String token = sign(authenticated != null ? account : "", service, access, now);
            record(method, ex, authenticated != null ? account : "(anonymous)", access.toString());
            Map<String, Object> body = new LinkedHashMap<>();
            if (!oauth) body.put("token", token);
            body.put("access_token", token);
            body.put("expires_in", ttlSeconds);
            body.put("issued_at", now.toString());
            if (oauth) {
                body.put("token_type", "Bearer");
                body.put("scope", String.join(" ", params.getOrDefault("scope", List.of())));
            }
            send(ex, 200, json(body));
        } catch (RuntimeException | IOException e) {
            e.printStackTrace();
            try {
                send(ex, 500, "{\"details\":\"internal error in the testbed token issuer\"}");
            } catch (IOException ignored) {
                // the response may already be under way; the stack trace above is the record
            }
        }
    }

    /** Requested scopes (space-separated, repeatable) to the access claim: anonymous callers get pull only. */
    private static List<Map<String, Object>> grant(List<String> scopes, boolean authenticated) {
        List<Map<String, Object>> access = new ArrayList<>();
        for (String list : scopes) {
            for (String scope : list.trim().split(" +")) {
                int first = scope.indexOf(':'), last = scope.lastIndexOf(':');
                if (first < 0 || last == first) continue;
                String type = scope.substring(0, first), name = scope.substring(first + 1, last);
                Set<String> actions = new LinkedHashSet<>();
                for (String a : scope.substring(last + 1).split(",")) {
                    if (!KNOWN_ACTIONS.contains(a)) continue;
                    if (authenticated || (type.equals("repository") && a.equals("pull"))) actions.add(a);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("type", type);
                entry.put("name", name);
                entry.put("actions", new ArrayList<>(actions));
                access.add(entry);
            }
        }
        return access;
    }

    private String sign(String subject, String audience, List<Map<String, Object>> access, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", x5c);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("exp", now.getEpochSecond() + ttlSeconds);
        claims.put("nbf", now.getEpochSecond() - 1);
        claims.put("iat", now.getEpochSecond());
        byte[] jti = new byte[16];
        RANDOM.nextBytes(jti);
        claims.put("jti", hex(jti));
        claims.put("access", access);
        String signed = base64Url(json(header)) + "." + base64Url(json(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signingKey);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("signing a token with RS256", e);
        }
    }

    private boolean matches(String u, String p) {
        // both comparisons always run: constant time in the password
        boolean userOk = MessageDigest.isEqual(user, u.getBytes(StandardCharsets.UTF_8));
        boolean passOk = MessageDigest.isEqual(password, p.getBytes(StandardCharsets.UTF_8));
        return userOk & passOk;
    }

    private void record(String method, HttpExchange ex, String account, String outcome) {
        if (log == null) return;
        String query = ex.getRequestURI().getRawQuery();
        String line = Instant.now() + " " + method + " " + ex.getRequestURI().getRawPath()
                + (method.equals("GET") && query != null ? "?" + query : "") + " account=" + account + " -> " + outcome + "\n";
        try {
            Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot append to " + log + ": " + e);
        }
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new String[] {"", ""};
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? new String[] {decoded, ""} : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) return params;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return params;
    }

    private static String first(Map<String, List<String>> params, String key, String otherwise) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Minimal JSON writer for the shapes used here: maps, lists, strings, numbers. */
    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (sb.length() > 1) sb.append(',');
                sb.append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : list) {
                if (sb.length() > 1) sb.append(',');
                sb.append(json(o));
            }
            return sb.append(']').toString();
        }
        if (value instanceof Number) return value.toString();
        StringBuilder sb = new StringBuilder("\"");
        for (char c : String.valueOf(value).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static SSLContext tls(Path certs, Path key) throws Exception {
        List<X509Certificate> chain = readCerts(certs);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] pass = new char[0];
        store.setKeyEntry("server", readKey(key), pass, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, pass);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static List<X509Certificate> readCerts(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) throw new IllegalArgumentException("no certificate in " + pem);
            return certs;
        }
    }

    /** An unencrypted PKCS#8 PEM key, RSA or EC ("BEGIN PRIVATE KEY", what openssl 3 writes by default). */
    private static PrivateKey readKey(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(pem + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (java.security.spec.InvalidKeySpecException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) throw new IllegalArgumentException("missing --" + key);
        return v;
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String base64Url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }
}
