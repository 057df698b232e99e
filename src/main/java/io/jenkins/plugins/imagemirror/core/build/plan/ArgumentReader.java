package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.image.JsonArray;
import io.jenkins.plugins.imagemirror.core.image.JsonReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Dockerfile's instruction arguments: words, {@code key=value} pairs, the JSON form, with errors that
 * carry the file and the instruction's line. Substitution is only checked here (see {@link DockerfileParser}).
 */
final class ArgumentReader {
    private final String file;
    private final ShellWords words;

    ArgumentReader(String file, ShellWords words) {
        this.file = file;
        this.words = words;
    }

    List<Instruction.Pair> pairs(DockerfileLines.Line line, boolean arg) throws BuildInputException {
        String keyword = line.keyword();
        List<String> all = nonEmpty(line, split(line, line.args()));
        List<Instruction.Pair> out = new ArrayList<>();
        if (!arg && all.get(0).indexOf('=') < 0) {
            if (all.size() < 2) {
                throw error(line, keyword + " must have two arguments: " + keyword + " name=value");
            }
            String value = line.args().substring(all.get(0).length()).strip();
            checked(line, List.of(all.get(0), value));
            out.add(new Instruction.Pair(all.get(0), value));
            return out;
        }
        for (String word : all) {
            int eq = word.indexOf('=');
            if (eq < 0 && !arg) {
                throw error(line, "syntax error - can't find = in \"" + word + "\"; write " + keyword + " name=value");
            }
            String key = eq < 0 ? word : word.substring(0, eq);
            if (key.isEmpty()) {
                throw error(line, keyword + " names can not be blank; write " + keyword + " name=value");
            }
            String value = eq < 0 ? null : word.substring(eq + 1);
            checked(line, value == null ? List.of(key) : List.of(key, value));
            out.add(new Instruction.Pair(key, value));
        }
        return out;
    }

    String single(DockerfileLines.Line line) throws BuildInputException {
        if (line.args().isEmpty()) {
            throw error(line, line.keyword() + " requires exactly one argument");
        }
        return line.args();
    }

    List<String> nonEmpty(DockerfileLines.Line line, List<String> values) throws BuildInputException {
        if (values.isEmpty()) {
            throw error(line, line.keyword() + " requires at least one argument");
        }
        return values;
    }

    List<String> split(DockerfileLines.Line line, String text) throws BuildInputException {
        try {
            return words.split(text);
        } catch (IllegalArgumentException e) {
            throw error(line, e.getMessage() + "; close the quote");
        }
    }

    String checkedOne(DockerfileLines.Line line, String raw) throws BuildInputException {
        checked(line, List.of(raw));
        return raw;
    }

    /** Substitutes with every variable set, to report syntax errors now rather than after fetching the base. */
    List<String> checked(DockerfileLines.Line line, List<String> raw) throws BuildInputException {
        for (String word : raw) {
            try {
                words.expand(word, ShellWords.ALL_SET);
            } catch (IllegalArgumentException e) {
                throw error(line, e.getMessage());
            }
        }
        return raw;
    }

    /**
     * The JSON (exec) form when the text starts with a JSON array of strings, else null (Docker then takes the shell
     * form). One array of strings; nothing after it is looked at ({@link JsonReader#readPrefix}).
     */
    static List<String> jsonArray(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("[")) {
            return null;
        }
        return JsonReader.readPrefix(trimmed) instanceof JsonArray array ? array.strings() : null;
    }

    BuildInputException error(DockerfileLines.Line line, String message) {
        return new BuildInputException(file, line.number(), message);
    }
}
