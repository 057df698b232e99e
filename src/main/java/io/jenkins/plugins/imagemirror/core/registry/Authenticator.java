package io.jenkins.plugins.imagemirror.core.registry;

import io.jenkins.plugins.imagemirror.core.image.JsonReader;
import io.jenkins.plugins.imagemirror.core.image.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Authorization} header of one registry's requests. Learns the scheme from the registry's first
 * {@code 401} ({@code Basic}, or {@code Bearer} with a token service as Docker Hub does), then authenticates
 * every later request up front: Basic with the credentials, Bearer with a token per set of scopes, fetched from
 * the realm (with the credentials as Basic, or anonymously) and cached until shortly before it expires.
 *
 * <p>Credentials go only to the registry's own origin and to its token service, and over plain HTTP only when
 * the registry is explicitly {@link RegistrySettings#plainHttp()} and the token service is on the same host.
 */
final class Authenticator {
    /** Docker's token spec: 60 s when the service does not say. */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);
    private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;

    private final RegistrySettings settings;
    private final RegistryTransport transport;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile AuthChallenge challenge;

    private record Token(String value, Instant expires) {}

    /** @param transport sends the token requests (to the token service: never with the registry's authorization) */
    Authenticator(RegistrySettings settings, RegistryTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    /** The header for a request needing {@code scopes}; empty before the registry asked for authentication. */
    Optional<String> authorization(List<String> scopes, String operation, String target) throws IOException {
        AuthChallenge c = challenge;
        if (c == null) {
            return Optional.empty();
        }
        if (c.isBasic()) {
            return settings.credentials() == null ? Optional.empty() : Optional.of(basic(settings.credentials()));
        }
        String key = key(scopes);
        Token token = tokens.get(key);
        if (token == null || Instant.now().isAfter(token.expires())) {
            token = fetchToken(c, key, operation, target);
            tokens.put(key, token);
        }
        return Optional.of("Bearer " + token.value());
    }

    /**
     * The registry answered 401: remember its scheme and drop the token that was refused. Returns the scopes to
     * retry with (the request's plus the one the challenge named), or null when a retry cannot succeed.
     */
    List<String> unauthorized(List<AuthChallenge> challenges, List<String> scopes, String sentAuthorization) {
        AuthChallenge bearer =
                challenges.stream().filter(AuthChallenge::isBearer).findFirst().orElse(null);
        AuthChallenge basic =
                challenges.stream().filter(AuthChallenge::isBasic).findFirst().orElse(null);
        if (bearer != null && bearer.param("realm") != null) {
            // the scope belongs to this request only: keep realm and service for the others
            Map<String, String> params = new LinkedHashMap<>(bearer.params());
            params.remove("scope");
            params.remove("error");
            challenge = new AuthChallenge(bearer.scheme(), params);
            TreeSet<String> all = new TreeSet<>(scopes);
            String named = bearer.param("scope");
            if (named != null && !named.isBlank()) {
                all.addAll(List.of(named.trim().split(" +")));
            }
            List<String> retry = List.copyOf(all);
            tokens.remove(key(retry));
            return retry;
        }
        if (basic != null) {
            challenge = basic;
            boolean retry = settings.credentials() != null
                    && (sentAuthorization == null || !sentAuthorization.startsWith("Basic "));
            return retry ? scopes : null;
        }
        return null;
    }

    /** The detail of a final 401, naming who was refused and what to do; never a secret. */
    String refusal(List<AuthChallenge> challenges, String repository) {
        RegistryCredentials credentials = settings.credentials();
        String host = settings.host();
        AuthChallenge bearer =
                challenges.stream().filter(AuthChallenge::isBearer).findFirst().orElse(null);
        String error = bearer == null ? null : bearer.param("error");
        if (credentials == null) {
            if (bearer != null && repository != null) {
                return "anonymous access to " + host + "/" + repository + " denied"
                        + (error == null ? "" : " (" + error + ")")
                        + ": the repository may not exist or may be private; give credentials for " + host
                        + " (CLI: --authfile)";
            }
            return host + " requires credentials and none are configured for it (CLI: --authfile)";
        }
        if (error != null && error.equals("insufficient_scope")) {
            return "user '" + credentials.username() + "' may not access " + host + "/" + repository
                    + " (insufficient_scope): check the account's permissions or the repository name";
        }
        return "credentials rejected for " + host + " (check the username/password or token)";
    }

    private Token fetchToken(AuthChallenge c, String key, String operation, String target) throws IOException {
        String realm = c.param("realm");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(
                    operation,
                    target,
                    -1,
                    null,
                    "the registry named an invalid token service URL in its WWW-Authenticate header",
                    e);
        }
        if (!"https".equals(realmUri.getScheme()) && !"http".equals(realmUri.getScheme())) {
            throw new RegistryException(
                    operation, target, -1, null, "the registry's token service is not an http(s) URL", null);
        }
        RegistryCredentials credentials = settings.credentials();
        boolean plain = realmUri.getScheme().equals("http");
        if (credentials != null && plain && !(settings.plainHttp() && sameHost(realmUri))) {
            throw new RegistryException(
                    operation,
                    target,
                    -1,
                    null,
                    "refusing to send the credentials for "
                            + settings.host() + " to its token service " + realmUri.getHost() + " over plain HTTP"
                            + " (only a registry explicitly allowed plain HTTP may use a plain-HTTP token service on"
                            + " its own host)",
                    null);
        }
        StringBuilder query = new StringBuilder();
        if (c.param("service") != null) {
            query.append("service=").append(URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8));
        }
        for (String scope : key.isEmpty() ? new String[0] : key.split(" ")) {
            query.append(query.length() == 0 ? "" : "&")
                    .append("scope=")
                    .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        URI uri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
        Call call = new Call(operation, target, null, "GET", uri)
                .toService("the token service of " + settings.host())
                .header("Accept", "application/json")
                .accept(200, 401, 403);
        if (credentials != null) {
            call.header("Authorization", basic(credentials));
        }
        byte[] body;
        int status;
        try (Response response = transport.send(call);
                InputStream in = response.body()) {
            status = response.status();
            body = in.readNBytes(MAX_TOKEN_RESPONSE);
        }
        if (status == 401 || status == 403) {
            ErrorBody error = ErrorBody.parse(body);
            String detail = credentials == null
                    ? "the token service of " + settings.host() + " refused anonymous access (give credentials"
                            + " for " + settings.host() + ", CLI: --authfile)"
                    : "credentials rejected for " + settings.host() + " by its token service (check the"
                            + " username/password or token)";
            throw new RegistryException(
                    operation, target, status, error.code(), HttpStatus.describe(status) + ": " + detail, null);
        }
        try {
            JsonValue json = JsonReader.readLastNameWins(body); // as docker reads it
            if (json == null) {
                throw new IOException("no JSON");
            }
            String token = JsonValue.textOf(json.get("token"), "");
            if (token.isEmpty()) {
                token = JsonValue.textOf(json.get("access_token"), "");
            }
            if (token.isEmpty()) {
                throw new IOException("no token");
            }
            long seconds = JsonValue.longOf(json.get("expires_in"), DEFAULT_TOKEN_LIFETIME.toSeconds());
            Duration lifetime = Duration.ofSeconds(Math.max(seconds, 1));
            Duration usable = lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0
                    ? lifetime.minus(EXPIRY_MARGIN)
                    : lifetime.dividedBy(2);
            return new Token(token, Instant.now().plus(usable));
        } catch (IOException e) {
            throw new RegistryException(
                    operation,
                    target,
                    status,
                    null,
                    "the token service of " + settings.host()
                            + " answered without a token (expected JSON with 'token' or 'access_token')",
                    null);
        }
    }

    /** The token cache key: the scopes, sorted. */
    private static String key(List<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    private boolean sameHost(URI uri) {
        String authority = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        return settings.apiHost().equalsIgnoreCase(authority)
                || settings.apiHost().equalsIgnoreCase(uri.getHost());
    }

    private static String basic(RegistryCredentials c) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }
}
