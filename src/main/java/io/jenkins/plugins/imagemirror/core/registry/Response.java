package io.jenkins.plugins.imagemirror.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** A response whose status the caller accepted; the caller reads or closes the body. */
record Response(int status, HttpHeaders headers, InputStream body, URI uri) implements AutoCloseable {

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** Reads the body up to {@code max} bytes; more is an error (a registry must not make us buffer without bound). */
    byte[] readBody(int max, String what) throws IOException {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IOException(what + " is larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
