package io.jenkins.plugins.imagemirror.core.image;

import java.util.Locale;

/**
 * Text from an image (names, paths, labels, history) as reports show it: every character that would act on the
 * display instead of being seen is written as a visible escape ({@code \u202E}), so a name can neither be reversed
 * by a bidi override nor hide, rewrite or end a line. Escaped: C0 controls (newline and tab included), DEL, C1
 * controls, the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks U+200E, U+200F
 * and U+061C, and the line and paragraph separators U+2028, U+2029. Everything else, other scripts and emoji
 * included, is shown as it is. Only for display: JSON and the pushed image keep the exact value.
 */
public final class DisplayText {
    private DisplayText() {}

    /** {@code raw} with every display-controlling character escaped; null stays null. */
    public static String of(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (controlsDisplay(c)) {
                if (out == null) {
                    out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
                }
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? raw : out.toString();
    }

    /** True for the characters {@link #of} escapes. */
    public static boolean controlsDisplay(char c) {
        return c < 0x20
                || (c >= 0x7F && c <= 0x9F)
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E'
                || c == '\u200F'
                || c == '\u061C'
                || c == '\u2028'
                || c == '\u2029';
    }
}
