package io.jenkins.plugins.imagemirror.core.size;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Pushes a {@link TestImage} (blobs, platform manifests, the index) to a plain-HTTP registry of the test bed, so
 * that an index can be pulled before image-mirror's own registry client exists. Test-only; no auth, no retries.
 */
final class PlainRegistryPush {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String host;

    PlainRegistryPush(String host) {
        this.host = host;
    }

    /** Pushes everything and tags the top (index or single manifest) as {@code repository:tag}. */
    void push(TestImage image, String repository, String tag) throws IOException, InterruptedException {
        for (Map.Entry<String, byte[]> blob : image.blobs().entrySet()) {
            HttpResponse<String> start = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repository + "/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            check(start, 202, "starting the upload of " + blob.getKey());
            String location = start.headers().firstValue("Location").orElseThrow();
            URI upload = URI.create(location.startsWith("/") ? "http://" + host + location : location);
            String sep = upload.getQuery() == null ? "?" : "&";
            HttpResponse<String> put = http.send(
                    HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + blob.getKey()))
                            .header("Content-Type", "application/octet-stream")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(blob.getValue()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            check(put, 201, "uploading " + blob.getKey());
        }
        for (TestImage.Platform p : image.platforms()) {
            putManifest(repository, TestLayers.sha256(p.manifest()), TestImage.MANIFEST, p.manifest());
        }
        if (image.indexBytes() != null) {
            putManifest(repository, tag, TestImage.INDEX, image.indexBytes());
        } else {
            putManifest(
                    repository,
                    tag,
                    TestImage.MANIFEST,
                    image.platforms().get(0).manifest());
        }
    }

    private void putManifest(String repository, String reference, String mediaType, byte[] bytes)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repository + "/manifests/" + reference))
                        .header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        check(r, 201, "pushing manifest " + reference);
    }

    private void check(HttpResponse<String> r, int expected, String what) throws IOException {
        if (r.statusCode() != expected) {
            throw new IOException(what + " to " + host + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }
}
