package io.jenkins.plugins.imagemirror.jenkins;

import java.util.ArrayList;
import java.util.List;

/** The default-targets text field: prefixes separated by new lines or commas, blanks ignored. */
public final class DefaultTargets {
    private DefaultTargets() {}

    public static List<String> parse(String text) {
        List<String> prefixes = new ArrayList<>();
        if (text == null) {
            return prefixes;
        }
        for (String part : text.split("[,\\n\\r]+")) {
            if (!part.isBlank()) {
                prefixes.add(part.strip());
            }
        }
        return prefixes;
    }
}
