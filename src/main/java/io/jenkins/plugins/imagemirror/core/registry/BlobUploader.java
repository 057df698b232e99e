package io.jenkins.plugins.imagemirror.core.registry;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Blob uploads and cross-repository mounts (OCI distribution spec, "pushing blobs"). Bytes are streamed from the
 * caller's stream straight into the request body, on the caller's thread ({@link BlockingExchange}; a chunk's PATCH
 * on {@link PatchExchange}): memory stays bounded whatever the blob's size.
 */
final class BlobUploader {
    /**
     * The slowest upload we wait for: an upload's response comes only after its whole body, so it gets the read
     * timeout plus its size at this rate (1 GiB: about 70 minutes).
     */
    private static final long MIN_BYTES_PER_SECOND = 256 * 1024;

    private final RegistrySettings settings;
    private final RegistryTransport transport;

    BlobUploader(RegistrySettings settings, RegistryTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    boolean mount(String repository, Digest digest, String fromRepository) throws IOException {
        List<String> scopes = new ArrayList<>(RegistryClient.push(repository));
        scopes.addAll(RegistryClient.pull(fromRepository));
        Call call = new Call(
                        "mounting blob " + digest.shortForm() + " from " + fromRepository + " into",
                        settings.host() + "/" + repository,
                        repository,
                        "POST",
                        url("/v2/" + repository + "/blobs/uploads/?mount=" + encode(digest.toString()) + "&from="
                                + encode(fromRepository)))
                .scopes(List.copyOf(scopes))
                .accept(201, 202);
        URI offered;
        try (Response r = transport.send(call)) {
            if (r.status() == 201) {
                return true;
            }
            offered = r.header("Location").map(l -> r.uri().resolve(l)).orElse(null);
        }
        if (offered != null) {
            cancel(repository, offered);
        }
        return false;
    }

    void upload(String repository, Descriptor blob, InputStream content) throws IOException {
        String operation = "pushing blob " + blob.digest().shortForm() + " to";
        String target = settings.host() + "/" + repository;
        URI location = start(operation, target, repository);
        boolean done = false;
        try {
            long chunk = settings.uploadChunkSize();
            if (chunk > 0) {
                for (long offset = 0; offset < blob.size(); offset += chunk) {
                    long n = Math.min(chunk, blob.size() - offset);
                    location = patch(operation, target, repository, location, content, offset, n);
                }
            }
            boolean monolithic = chunk == 0 && blob.size() > 0;
            Call put = new Call(operation, target, repository, "PUT", withDigest(location, blob.digest()))
                    .scopes(RegistryClient.push(repository))
                    .accept(201)
                    .header("Content-Type", "application/octet-stream");
            if (monolithic) {
                long size = blob.size();
                put.timeout(uploadTimeout(size));
                put.stream(new LimitedInputStream(content, size, put), size);
            }
            try (Response r = transport.send(put)) {
                String stated = r.header("Docker-Content-Digest").orElse(null);
                if (stated != null && !stated.trim().equals(blob.digest().toString())) {
                    throw new RegistryException(
                            operation,
                            target,
                            r.status(),
                            null,
                            "the registry stored " + stated.trim() + " instead of " + blob.digest(),
                            null);
                }
            }
            done = true;
        } finally {
            if (!done) {
                cancel(repository, location);
            }
        }
    }

    private URI start(String operation, String target, String repository) throws IOException {
        Call call = new Call(operation, target, repository, "POST", url("/v2/" + repository + "/blobs/uploads/"))
                .scopes(RegistryClient.push(repository))
                .accept(202);
        try (Response r = transport.send(call)) {
            String location = r.header("Location")
                    .orElseThrow(() -> new RegistryException(
                            operation,
                            target,
                            202,
                            null,
                            "the registry started an upload without a Location header",
                            null));
            return r.uri().resolve(location);
        }
    }

    private URI patch(
            String operation, String target, String repository, URI location, InputStream content, long offset, long n)
            throws IOException {
        Call call = new Call(operation, target, repository, "PATCH", location)
                .scopes(RegistryClient.push(repository))
                .accept(202)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", offset + "-" + (offset + n - 1))
                .timeout(uploadTimeout(n));
        call.stream(new LimitedInputStream(content, n, call), n);
        try (Response r = transport.send(call)) {
            String next = r.header("Location")
                    .orElseThrow(() -> new RegistryException(
                            operation,
                            target,
                            202,
                            null,
                            "the registry accepted a chunk without a Location header",
                            null));
            return r.uri().resolve(next);
        }
    }

    private void cancel(String repository, URI location) {
        transport.sendQuietly(
                new Call("cancelling upload to", settings.host() + "/" + repository, repository, "DELETE", location)
                        .scopes(RegistryClient.push(repository))
                        .accept(200, 202, 204, 404));
    }

    private static URI withDigest(URI location, Digest digest) {
        String s = location.toString();
        return URI.create(s + (location.getRawQuery() == null ? "?" : "&") + "digest=" + encode(digest.toString()));
    }

    private java.time.Duration uploadTimeout(long bytes) {
        return settings.readTimeout().plusSeconds(bytes / MIN_BYTES_PER_SECOND);
    }

    private URI url(String path) {
        return transport.origin().resolve(path);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * At most {@code limit} bytes of a stream that stays open: one chunk of a longer upload. Each read tells the
     * call that its body progresses (the transport fails an upload that stalls, not one that is merely slow).
     */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private final Call call;
        private long left;

        LimitedInputStream(InputStream in, long limit, Call call) {
            this.in = in;
            this.left = limit;
            this.call = call;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
                call.progress();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
                call.progress();
            }
            return n;
        }

        @Override
        public void close() {
            // the caller owns the underlying stream
        }
    }
}
