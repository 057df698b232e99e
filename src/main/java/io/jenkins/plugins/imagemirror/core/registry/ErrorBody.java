package io.jenkins.plugins.imagemirror.core.registry;

import io.jenkins.plugins.imagemirror.core.image.JsonArray;
import io.jenkins.plugins.imagemirror.core.image.JsonReader;
import io.jenkins.plugins.imagemirror.core.image.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The registry's JSON error body, {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"…","detail":…}]}},
 * summarised for a message: {@code MANIFEST_UNKNOWN: manifest unknown}. Bodies that are not that shape (HTML from
 * a proxy) give no code and at most a short, single-line excerpt.
 */
record ErrorBody(String code, String summary) {
    private static final int MAX_SUMMARY = 200;

    static ErrorBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new ErrorBody(null, null);
        }
        try {
            JsonValue root = JsonReader.readLastNameWins(body);
            if (root != null && root.get("errors") instanceof JsonArray errors && !errors.isEmpty()) {
                StringBuilder s = new StringBuilder();
                String firstCode = null;
                for (JsonValue e : errors) {
                    String code = JsonValue.textOf(e.get("code"), "");
                    String message = JsonValue.textOf(e.get("message"), "");
                    if (firstCode == null && !code.isEmpty()) {
                        firstCode = code;
                    }
                    if (s.length() > 0) {
                        s.append("; ");
                    }
                    s.append(code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
                }
                return new ErrorBody(firstCode, shorten(s.toString()));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to an excerpt
        }
        String text = new String(body, StandardCharsets.UTF_8)
                .replaceAll("<[^>]*>", " ")
                .replaceAll("\\s+", " ")
                .trim();
        return new ErrorBody(null, text.isEmpty() ? null : shorten(text));
    }

    private static String shorten(String s) {
        String single = s.replaceAll("[\\r\\n]+", " ").trim();
        return single.length() > MAX_SUMMARY ? single.substring(0, MAX_SUMMARY - 3) + "..." : single;
    }
}
