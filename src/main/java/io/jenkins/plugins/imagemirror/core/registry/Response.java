package io.jenkins.plugins.imagemirror.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A response whose status the caller accepted; the caller reads or closes the body.
 *
 * @param headers by name, case-insensitive (as either exchange hands them over; a null name, the status line, is
 *     dropped)
 */
record Response(int status, Map<String, List<String>> headers, InputStream body, URI uri) implements AutoCloseable {
    Response {
        Map<String, List<String>> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                List<String> values = named.get(e.getKey());
                if (values == null) {
                    values = new ArrayList<>();
                    named.put(e.getKey(), values);
                }
                values.addAll(e.getValue());
            }
        }
        headers = Collections.unmodifiableMap(named);
    }

    /** The first value of header {@code name}. */
    Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of header {@code name}, in the order received; empty when absent. */
    List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
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
