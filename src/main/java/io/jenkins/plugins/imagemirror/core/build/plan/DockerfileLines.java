package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile into logical instructions the way Docker's parser does: parser directives first
 * ({@code # escape=`}, {@code # syntax=…}), then comments and blank lines dropped (also inside a continuation),
 * lines joined at a trailing escape character, each instruction remembering the line it starts on.
 */
final class DockerfileLines {

    /** One instruction: its keyword upper-cased, its raw argument text, and the 1-based line where it starts. */
    record Line(int number, String keyword, String args) {}

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern INSTRUCTION = Pattern.compile("^(\\S+)(?:\\s+(.*))?$", Pattern.DOTALL);

    private final List<Line> lines;
    private final char escape;

    private DockerfileLines(List<Line> lines, char escape) {
        this.lines = lines;
        this.escape = escape;
    }

    List<Line> lines() {
        return lines;
    }

    char escape() {
        return escape;
    }

    static DockerfileLines split(String file, String text) throws BuildInputException {
        String[] raw = text.split("\r?\n", -1);
        Map<String, String> directives = new TreeMap<>();
        int i = 0;
        if (raw.length > 0 && raw[0].startsWith("\uFEFF")) {
            raw[0] = raw[0].substring(1);
        }
        for (; i < raw.length; i++) {
            Matcher m = DIRECTIVE.matcher(raw[i]);
            if (!m.matches()) {
                break;
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (directives.put(name, m.group(2)) != null) {
                throw new BuildInputException(
                        file, i + 1, "only one '" + name + "' parser directive can be used; " + "remove the duplicate");
            }
        }
        char escape = '\\';
        String escapeValue = directives.get("escape");
        if (escapeValue != null) {
            if (!escapeValue.equals("\\") && !escapeValue.equals("`")) {
                throw new BuildInputException(
                        file, 1, "invalid escape token '" + escapeValue + "'; use \\ or ` (backtick)");
            }
            escape = escapeValue.charAt(0);
        }
        List<Line> out = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        for (; i < raw.length; i++) {
            String line = raw[i];
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.charAt(0) == '#') {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
                line = line.stripLeading();
            }
            String body = line.stripTrailing();
            if (!body.isEmpty() && body.charAt(body.length() - 1) == escape) {
                pending.append(body, 0, body.length() - 1);
                continue;
            }
            pending.append(line);
            out.add(toLine(file, start, pending.toString()));
            pending = null;
        }
        if (pending != null && !pending.toString().isBlank()) {
            out.add(toLine(file, start, pending.toString()));
        }
        return new DockerfileLines(List.copyOf(out), escape);
    }

    private static Line toLine(String file, int number, String text) throws BuildInputException {
        Matcher m = INSTRUCTION.matcher(text.strip());
        if (!m.matches()) {
            throw new BuildInputException(
                    file,
                    number,
                    "cannot parse instruction '" + text.strip() + "'; write "
                            + "one instruction per line: KEYWORD arguments");
        }
        String args = m.group(2) == null ? "" : m.group(2).strip();
        return new Line(number, m.group(1).toUpperCase(Locale.ROOT), args);
    }
}
