package io.jenkins.plugins.imagemirror.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.imagemirror.testbed.Runtimes.Docker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves every service of the test bed works as docs/testbed.md promises, with one small image made here: pushes
 * into PLAIN, TLS and TOKEN, pull-side behaviour of RATELIMIT and ALWAYS429, and the exact size each runtime reports
 * against the formulas of docs/testbed.md.
 */
class TestbedIT {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Testbed bed;
    static Runtimes runtimes;
    static SmallImage image;
    static Path layout;
    static Path archive;
    static HttpClient http;

    @BeforeAll
    static void pushEverywhere() {
        bed = Testbed.get();
        runtimes = new Runtimes(bed);
        image = new SmallImage();
        layout = image.writeLayout(tmp.resolve("layout"));
        archive = image.writeArchive(tmp.resolve("small.tar"));
        http = HttpClient.newBuilder()
                .sslContext(bed.sslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (String host : List.of(bed.plain(), bed.tls(), bed.token())) {
            runtimes.skopeoCopy("oci:" + layout, "docker://" + host + "/it/small:v1");
        }
    }

    @AfterAll
    static void cleanUp() {
        if (runtimes != null) runtimes.close();
    }

    @Test
    void throughAnIndexContainerdCriAndPodmanAddTheIndexBytesDockerDoesNot() throws Exception {
        byte[] index = image.index();
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create("http://" + bed.plain() + "/v2/it/small/manifests/indexed"))
                        .header("Content-Type", "application/vnd.oci.image.index.v1+json")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(index))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        String ref = bed.plain() + "/it/small:indexed";
        long m = image.manifestSize(), k = image.configSize(), a = image.compressedLayerSize(), i = index.length;

        String ns = runtimes.freshNamespace();
        runtimes.ctrPull(ref, ns, false);
        assertThat(runtimes.ctrImageSize(ns, ref)).isEqualTo(i + m + k + a);
        runtimes.criReset();
        runtimes.criPull(ref);
        assertThat(runtimes.criImageSize(ref)).isEqualTo(i + m + k + a);
        runtimes.criReset();
        runtimes.podmanPull(ref);
        assertThat(runtimes.podmanImageSize(ref)).isEqualTo(image.layerTarSize() + k + 2 * m + i);
        runtimes.dockerReset(Docker.OVERLAY2);
        runtimes.dockerPull(Docker.OVERLAY2, ref);
        assertThat(runtimes.dockerImageSize(Docker.OVERLAY2, ref)).isEqualTo(image.regularFileAndSymlinkBytes());
        runtimes.dockerReset(Docker.OVERLAY2);
    }

    @Test
    void everyRegistryServesTheManifestBytesVerbatim() {
        for (String host : List.of(bed.plain(), bed.tls(), bed.token(), bed.rateLimit())) {
            assertThat(runtimes.skopeoInspectRaw(host + "/it/small:v1"))
                    .as(host)
                    .isEqualTo(image.manifest());
        }
    }

    @Test
    void tlsRegistryRejectsAnonymousAndNeverEchoesThePassword() {
        assertThatThrownBy(() -> runtimes.skopeoInspectRaw(bed.tls() + "/it/small:v1", false))
                .hasMessageContaining("authentication required")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bed.tlsPass()));
    }

    @Test
    void tokenRegistryChallengesLikeDockerHubAndIssuerGrantsPullToAnonymous() throws Exception {
        HttpResponse<String> v2 = get("https://" + bed.token() + "/v2/", null);
        assertThat(v2.statusCode()).isEqualTo(401);
        assertThat(v2.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"" + bed.tokenRealm() + "\",service=\"" + bed.tokenService() + "\"");

        String query = "?service=" + bed.tokenService() + "&scope=repository:it/small:pull,push";
        JsonNode anonymous =
                claims(JSON.readTree(get(bed.tokenRealm() + query, null).body())
                        .get("token")
                        .asText());
        assertThat(anonymous.get("access").toString())
                .isEqualTo("[{\"type\":\"repository\",\"name\":\"it/small\",\"actions\":[\"pull\"]}]");
        assertThat(anonymous.get("aud").asText()).isEqualTo(bed.tokenService());

        String basic = Base64.getEncoder()
                .encodeToString((bed.tokenUser() + ":" + bed.tokenPass()).getBytes(StandardCharsets.UTF_8));
        JsonNode reply =
                JSON.readTree(get(bed.tokenRealm() + query, "Basic " + basic).body());
        assertThat(reply.get("expires_in").asLong()).isEqualTo(bed.tokenTtl().toSeconds());
        JsonNode user = claims(reply.get("access_token").asText());
        assertThat(user.get("access").get(0).get("actions").toString()).isEqualTo("[\"pull\",\"push\"]");
        assertThat(user.get("exp").asLong() - user.get("iat").asLong())
                .isEqualTo(bed.tokenTtl().toSeconds());

        String wrong =
                Base64.getEncoder().encodeToString((bed.tokenUser() + ":wrong").getBytes(StandardCharsets.UTF_8));
        assertThat(get(bed.tokenRealm() + query, "Basic " + wrong).statusCode()).isEqualTo(401);

        // anonymous pull works on TOKEN (Docker Hub's public repositories), anonymous push does not
        assertThat(runtimes.skopeoInspectRaw(bed.token() + "/it/small:v1", false))
                .isEqualTo(image.manifest());
    }

    @Test
    void passwordGrantTokenOpensTheTokenRegistryToAPlainJdkClient() throws Exception {
        String form = "grant_type=password&client_id=testbed&service=" + enc(bed.tokenService())
                + "&scope=" + enc("repository:it/small:pull") + "&username=" + enc(bed.tokenUser())
                + "&password=" + enc(bed.tokenPass());
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(bed.tokenRealm()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        JsonNode reply = JSON.readTree(post.body());
        assertThat(reply.get("token_type").asText()).isEqualTo("Bearer");
        HttpResponse<byte[]> manifest = http.send(
                HttpRequest.newBuilder(URI.create("https://" + bed.token() + "/v2/it/small/manifests/v1"))
                        .header("Accept", OCI_MANIFEST)
                        .header(
                                "Authorization",
                                "Bearer " + reply.get("access_token").asText())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.body()).isEqualTo(image.manifest());
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(image.manifestDigest());
    }

    @Test
    void rateLimitAnswers429WithRetryAfterOnceTheBurstIsUsedAndHeadIsFree() throws Exception {
        String url = "http://" + bed.rateLimit() + "/v2/it/small/manifests/v1";
        List<Integer> codes = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 8 && limited == null; i++) {
            HttpResponse<String> r = get(url, null);
            codes.add(r.statusCode());
            if (r.statusCode() == 200) {
                assertThat(r.headers().firstValue("ratelimit-limit")).hasValue("100;w=21600");
                assertThat(r.headers().firstValue("ratelimit-remaining"))
                        .hasValueSatisfying(v -> assertThat(v).endsWith(";w=21600"));
            }
            if (r.statusCode() == 429) limited = r;
        }
        assertThat(limited).as("status codes %s", codes).isNotNull();
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(limited.body()).at("/errors/0/code").asText()).isEqualTo("TOOMANYREQUESTS");
        HttpResponse<Void> head = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", OCI_MANIFEST)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
    }

    @Test
    void always429RefusesEveryManifestButServesTheRest() throws Exception {
        HttpResponse<String> r = get("http://" + bed.always429() + "/v2/it/small/manifests/v1", null);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(r.body()).at("/errors/0/code").asText()).isEqualTo("TOOMANYREQUESTS");
        assertThat(get("http://" + bed.always429() + "/v2/it/small/tags/list", null)
                        .body())
                .contains("\"v1\"");
    }

    @Test
    void containerdReportsManifestConfigAndCompressedLayers() {
        long expected = image.manifestSize() + image.configSize() + image.compressedLayerSize();
        String imported = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(archive, imported, false)).containsExactly(SmallImage.NAME);
        assertThat(runtimes.ctrImageSize(imported, SmallImage.NAME)).isEqualTo(expected);
        for (String host : List.of(bed.plain(), bed.tls(), bed.token())) {
            String ns = runtimes.freshNamespace();
            runtimes.ctrPull(host + "/it/small:v1", ns, false);
            assertThat(runtimes.ctrImageSize(ns, host + "/it/small:v1"))
                    .as(host)
                    .isEqualTo(expected);
        }
    }

    @Test
    void criReportsTheSameBytesAsContainerd() {
        runtimes.criReset();
        assertThat(runtimes.criImport(archive)).containsExactly(SmallImage.NAME);
        assertThat(runtimes.criImageSize(SmallImage.NAME))
                .isEqualTo(image.manifestSize() + image.configSize() + image.compressedLayerSize());
        runtimes.criReset();
        runtimes.criPull(bed.token() + "/it/small:v1");
        assertThat(runtimes.criImageSize(bed.token() + "/it/small:v1"))
                .isEqualTo(image.manifestSize() + image.configSize() + image.compressedLayerSize());
        runtimes.criReset();
    }

    @Test
    void podmanReportsTarStreamConfigAndTwiceTheManifest() {
        long expected = image.layerTarSize() + image.configSize() + 2 * image.manifestSize();
        List<String> names = runtimes.podmanLoad(archive);
        assertThat(names).hasSize(1);
        assertThat(runtimes.podmanImageSize(names.get(0))).isEqualTo(expected);
        runtimes.podmanPull(bed.tls() + "/it/small:v1");
        assertThat(runtimes.podmanImageSize(bed.tls() + "/it/small:v1")).isEqualTo(expected);
    }

    @Test
    void dockerOverlay2CountsFilesAndSymlinkTargetsVfsOnlyFiles() {
        for (Docker d : Docker.values()) {
            long expected = d == Docker.OVERLAY2 ? image.regularFileAndSymlinkBytes() : image.regularFileBytes();
            runtimes.dockerReset(d);
            assertThat(runtimes.dockerLoad(d, archive)).containsExactly(SmallImage.NAME);
            assertThat(runtimes.dockerImageSize(d, SmallImage.NAME))
                    .as(d.name())
                    .isEqualTo(expected);
            runtimes.dockerReset(d);
            runtimes.dockerPull(d, bed.token() + "/it/small:v1");
            assertThat(runtimes.dockerImageSize(d, bed.token() + "/it/small:v1"))
                    .as(d.name())
                    .isEqualTo(expected);
            runtimes.dockerReset(d);
        }
    }

    @Test
    void noFileOfTheBedHoldsAPasswordExceptTheEnvFile() throws Exception {
        // logs, request log, runtime roots and Runtimes' scratch (docker logs out after each pull)
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bed.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.equals(bed.envFile()) || Files.size(f) > (16 << 20)) continue;
                String text;
                try {
                    text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                } catch (NoSuchFileException | AccessDeniedException gone) {
                    continue;
                }
                if (text.contains(bed.tlsPass()) || text.contains(bed.tokenPass())) leaks.add(f.toString());
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", OCI_MANIFEST)
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) b.header("Authorization", authorization);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode claims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(header.get("x5c")).hasSize(2);
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }
}
