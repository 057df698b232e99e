package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leading {@code --name=value} / {@code --name} flags of an instruction, and the words after them. Values stay
 * raw (variables are substituted in planning, as BuildKit does for {@code --chown} and {@code --platform}).
 */
final class InstructionFlags {
    final Map<String, String> flags = new LinkedHashMap<>();
    final List<String> rest = new ArrayList<>();

    /**
     * @param allowed the flags this instruction takes; any other is an error naming them
     * @throws BuildInputException for an unknown or repeated flag
     */
    static InstructionFlags parse(String file, int line, String keyword, List<String> words, Set<String> allowed)
            throws BuildInputException {
        InstructionFlags out = new InstructionFlags();
        int i = 0;
        for (; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--")) {
                break;
            }
            if (word.equals("--")) {
                i++;
                break;
            }
            int eq = word.indexOf('=');
            String name = eq < 0 ? word.substring(2) : word.substring(2, eq);
            String value = eq < 0 ? "" : word.substring(eq + 1);
            if (!allowed.contains(name)) {
                String known = allowed.isEmpty()
                        ? keyword + " takes no flags"
                        : keyword + " takes "
                                + String.join(
                                        ", ",
                                        allowed.stream()
                                                .sorted()
                                                .map(f -> "--" + f)
                                                .toList());
                throw new BuildInputException(file, line, "unknown flag --" + name + " for " + keyword + "; " + known);
            }
            if (out.flags.put(name, value) != null) {
                throw new BuildInputException(file, line, "flag --" + name + " given twice; keep one");
            }
        }
        out.rest.addAll(words.subList(i, words.size()));
        return out;
    }
}
