package io.jenkins.plugins.imagemirror.core.registry;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The OCI distribution API of one registry host: manifests, blobs, uploads, mounts. One client per host, each
 * with its own TLS trust, credentials and proxy ({@link RegistrySettings}); thread-safe, and meant to be shared
 * by every transfer to that host so that connections and tokens are reused.
 *
 * <p>Manifests are read whole (at most 4 MiB, the registry's own limit) and verified against the digest the
 * registry states and the one asked for. Blobs are streamed both ways and never held in memory. Every request runs
 * on the caller's thread over a blocking {@code HttpURLConnection} ({@link RegistryTransport}): about half the CPU
 * per blob byte of {@code java.net.http}'s reactive pipeline, and none of its set-up on a first call.
 */
public final class RegistryClient {
    /** distribution refuses manifests above 4 MiB; so do we, to bound memory. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final RegistrySettings settings;
    private final RegistryTransport transport;
    private final BlobUploader uploader;

    public RegistryClient(RegistrySettings settings) {
        this(settings, RateLimitListener.NONE);
    }

    public RegistryClient(RegistrySettings settings, RateLimitListener rateLimits) {
        this(settings, rateLimits, null);
    }

    /** @param proxy how to reach the registry; null for the JVM's default ProxySelector */
    public RegistryClient(RegistrySettings settings, RateLimitListener rateLimits, HttpProxy proxy) {
        this.settings = settings;
        SSLContext tls = settings.plainHttp()
                ? new DeferredSslContext()
                : RegistryTrust.sslContext(settings.host(), settings.caCertificatePem());
        this.transport = new RegistryTransport(settings, rateLimits, tls, proxy);
        this.uploader = new BlobUploader(settings, transport);
    }

    public RegistrySettings settings() {
        return settings;
    }

    /** {@code host} as in image references ({@code docker.io} for Docker Hub). */
    public String host() {
        return settings.host();
    }

    /** Checks that the registry answers and accepts our credentials (authenticated {@code GET /v2/}). */
    public void ping() throws IOException {
        transport
                .send(new Call("connecting to", settings.host(), null, "GET", url("/v2/")))
                .close();
    }

    /**
     * The descriptor of a manifest or index by tag or digest, from a HEAD (which Docker Hub does not count as a
     * pull); empty when the registry does not have it.
     */
    public Optional<Descriptor> headManifest(String repository, String reference) throws IOException {
        Call call = new Call(
                        "checking manifest of",
                        target(repository, reference),
                        repository,
                        "HEAD",
                        url("/v2/" + repository + "/manifests/" + reference))
                .header("Accept", MediaType.ACCEPT_MANIFESTS)
                .scopes(pull(repository))
                .accept(200, 404);
        String mediaType;
        String digest;
        String length;
        try (Response r = transport.send(call)) {
            if (r.status() == 404) {
                return Optional.empty();
            }
            mediaType = r.header("Content-Type")
                    .map(RegistryClient::stripParameters)
                    .orElse(null);
            digest = r.header("Docker-Content-Digest").orElse(null);
            length = r.header("Content-Length").orElse(null);
        }
        if (digest == null || mediaType == null || length == null) {
            // a registry that does not describe its manifests on HEAD: read it (costs a pull on rate-limited hosts)
            return Optional.of(getManifest(repository, reference).descriptor());
        }
        try {
            Digest d = Digest.parse(digest);
            if (isDigest(reference) && !Digest.parse(reference).equals(d)) {
                throw new RegistryException(
                        call.operation,
                        call.target,
                        200,
                        null,
                        "the registry answered for " + d + " instead (a registry or proxy that ignores digests)",
                        null);
            }
            return Optional.of(Descriptor.of(mediaType, d, Long.parseLong(length.trim())));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(
                    call.operation,
                    call.target,
                    200,
                    null,
                    "the registry sent an invalid Docker-Content-Digest or Content-Length (" + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * Reads a manifest or index by tag or digest, asking for every type image-mirror understands, and checks its
     * bytes against the digest asked for and the registry's {@code Docker-Content-Digest}.
     */
    public ManifestContent getManifest(String repository, String reference) throws IOException {
        Call call = new Call(
                        "pulling manifest of",
                        target(repository, reference),
                        repository,
                        "GET",
                        url("/v2/" + repository + "/manifests/" + reference))
                .header("Accept", MediaType.ACCEPT_MANIFESTS)
                .scopes(pull(repository));
        byte[] bytes;
        String contentType;
        String stated;
        try (Response r = transport.send(call)) {
            contentType = r.header("Content-Type").orElse(null);
            stated = r.header("Docker-Content-Digest").orElse(null);
            try {
                bytes = r.readBody(MAX_MANIFEST_BYTES, "the manifest");
            } catch (IOException e) {
                throw new RegistryException(call.operation, call.target, 200, null, e.getMessage(), e);
            }
        }
        if (isDigest(reference)) {
            verify(call, bytes, Digest.parse(reference), "the digest asked for");
        }
        if (stated != null) {
            Digest d;
            try {
                d = Digest.parse(stated.trim());
            } catch (IllegalArgumentException e) {
                throw new RegistryException(
                        call.operation,
                        call.target,
                        200,
                        null,
                        "the registry sent an invalid Docker-Content-Digest (" + e.getMessage() + ")",
                        e);
            }
            verify(call, bytes, d, "the registry's Docker-Content-Digest");
        }
        try {
            return ManifestContent.parse(bytes, contentType);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(call.operation, call.target, 200, null, e.getMessage(), e);
        }
    }

    /**
     * Stores a manifest or index under {@code reference} (a tag, or its digest), with its bytes unchanged so its
     * digest is kept; every blob and child manifest it names must already be in the repository.
     */
    public Digest putManifest(String repository, String reference, ManifestContent manifest) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return putManifestOnce(repository, reference, manifest);
            } catch (RegistryException e) {
                if (attempt >= BLOB_UNKNOWN_ATTEMPTS || !blobNotYetVisible(e)) {
                    throw e;
                }
                sleep(100L << attempt);
            }
        }
    }

    /**
     * Attempts of a manifest PUT that the registry refuses because it cannot see a blob we have just uploaded. The
     * distribution registry rewrites a repository's blob link file in place, so a concurrent upload of the same blob
     * into the same repository can make another request read it empty (DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN);
     * eventually consistent storage behind a registry does the same. Both clear within moments.
     */
    private static final int BLOB_UNKNOWN_ATTEMPTS = 4;

    private static boolean blobNotYetVisible(RegistryException e) {
        return e.status() == 400
                && ("MANIFEST_BLOB_UNKNOWN".equals(e.errorCode())
                        || "BLOB_UNKNOWN".equals(e.errorCode())
                        || "DIGEST_INVALID".equals(e.errorCode()));
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry a manifest push");
        }
    }

    private Digest putManifestOnce(String repository, String reference, ManifestContent manifest) throws IOException {
        byte[] bytes = manifest.bytes();
        Call call = new Call(
                        "pushing manifest " + manifest.digest().shortForm() + " to",
                        target(repository, reference),
                        repository,
                        "PUT",
                        url("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", manifest.mediaType())
                .scopes(push(repository))
                .accept(200, 201)
                .content(bytes);
        try (Response r = transport.send(call)) {
            Optional<String> stated = r.header("Docker-Content-Digest");
            if (stated.isPresent()
                    && !stated.get().trim().equals(manifest.digest().toString())) {
                throw new RegistryException(
                        call.operation,
                        call.target,
                        r.status(),
                        null,
                        "the registry stored "
                                + stated.get().trim() + " instead of " + manifest.digest()
                                + " (it rewrote the manifest: the digest would change)",
                        null);
            }
        }
        return manifest.digest();
    }

    /** Whether the repository has the blob (HEAD; follows redirects). */
    public boolean hasBlob(String repository, Digest digest) throws IOException {
        Call call = new Call(
                        "checking blob " + digest.shortForm() + " in",
                        settings.host() + "/" + repository,
                        repository,
                        "HEAD",
                        url("/v2/" + repository + "/blobs/" + digest))
                .scopes(pull(repository))
                .accept(200, 404)
                .followRedirects();
        try (Response r = transport.send(call)) {
            return r.status() == 200;
        }
    }

    /**
     * Opens a blob for one sequential read, following redirects to blob storage (without our credentials). The
     * caller verifies size and digest while reading, and must close the stream.
     */
    public InputStream getBlob(String repository, Descriptor blob) throws IOException {
        Call call = new Call(
                        "pulling blob " + blob.digest().shortForm() + " from",
                        settings.host() + "/" + repository,
                        repository,
                        "GET",
                        url("/v2/" + repository + "/blobs/" + blob.digest()))
                .scopes(pull(repository))
                .followRedirects();
        Response r = transport.send(call);
        Optional<String> length = r.header("Content-Length");
        if (length.isPresent() && !length.get().trim().equals(Long.toString(blob.size()))) {
            r.close();
            throw new RegistryException(
                    call.operation,
                    call.target,
                    r.status(),
                    null,
                    "the registry sends "
                            + length.get().trim() + " bytes, the descriptor states " + blob.size()
                            + " (a corrupt blob in the registry, or a proxy that alters it)",
                    null);
        }
        return StallGuard.guard(r.body(), settings.readTimeout(), call.operation + " " + call.target);
    }

    /**
     * Cross-repository mount: makes {@code digest} from {@code fromRepository} (same registry) present in
     * {@code repository} without an upload. False when the registry declines (it then offers an upload, which is
     * cancelled).
     */
    public boolean mountBlob(String repository, Digest digest, String fromRepository) throws IOException {
        return uploader.mount(repository, digest, fromRepository);
    }

    /**
     * Uploads exactly {@code blob.size()} bytes from {@code content} under {@code blob.digest()}: monolithic
     * (POST, then one streamed PUT) or in PATCH chunks when {@link RegistrySettings#uploadChunkSize()} is set.
     * Not retried once bytes are sent (the stream cannot be replayed); a failed upload is cancelled. Returns
     * when the registry has confirmed the blob under that digest.
     */
    public void putBlob(String repository, Descriptor blob, InputStream content) throws IOException {
        uploader.upload(repository, blob, content);
    }

    URI url(String path) {
        return transport.origin().resolve(path);
    }

    String target(String repository, String reference) {
        return settings.host() + "/" + repository + (isDigest(reference) ? "@" : ":") + reference;
    }

    static List<String> pull(String repository) {
        return List.of("repository:" + repository + ":pull");
    }

    static List<String> push(String repository) {
        return List.of("repository:" + repository + ":pull,push");
    }

    private static void verify(Call call, byte[] bytes, Digest expected, String what) throws RegistryException {
        Digest actual = Digest.compute(expected.algorithm(), bytes);
        if (!actual.equals(expected)) {
            throw new RegistryException(
                    call.operation,
                    call.target,
                    200,
                    null,
                    "the manifest's bytes hash to " + actual + ", not " + expected + " (" + what
                            + "): the registry or a proxy altered it",
                    null);
        }
    }

    private static boolean isDigest(String reference) {
        return reference.contains(":");
    }

    private static String stripParameters(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    @Override
    public String toString() {
        return "RegistryClient[" + settings + "]";
    }
}
