package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code .dockerignore} as Docker reads it: one pattern per line, {@code #} comments, {@code !} re-includes, the
 * last matching pattern wins. A pattern matches a path or any of its parent directories. {@code *} and {@code ?}
 * stay within one path element, {@code **} spans any number of them (also none), {@code [a-z]} classes and
 * {@code \} escapes work as in Go's filepath.Match. Paths are relative to the context, with {@code /}.
 */
public final class DockerIgnore {
    /** Ignores nothing. */
    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    private record Rule(Pattern pattern, boolean exclusion, String text) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /** Reads {@code CONTEXT/.dockerignore}, or {@link #NONE} when there is none. */
    public static DockerIgnore read(Path context) throws IOException, BuildInputException {
        return read(context, null);
    }

    /**
     * As BuildKit: {@code <Dockerfile>.dockerignore} beside the Dockerfile wins over {@code CONTEXT/.dockerignore}
     * (so several Dockerfiles can share a context).
     *
     * @param dockerfile the Dockerfile, or null
     */
    public static DockerIgnore read(Path context, Path dockerfile) throws IOException, BuildInputException {
        if (dockerfile != null) {
            Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
            if (Files.isRegularFile(specific)) {
                return parse(specific.getFileName().toString(), Files.readString(specific, StandardCharsets.UTF_8));
            }
        }
        Path file = context.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        return parse(".dockerignore", Files.readString(file, StandardCharsets.UTF_8));
    }

    public static DockerIgnore parse(String file, String text) throws BuildInputException {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclusion = line.startsWith("!");
            String pattern = clean(exclusion ? line.substring(1).strip() : line);
            if (pattern.isEmpty()) {
                throw new BuildInputException(
                        file, i + 1, "illegal exclusion pattern '!'; write !path to " + "re-include a path");
            }
            try {
                rules.add(new Rule(Pattern.compile(regex(pattern)), exclusion, line));
            } catch (IllegalArgumentException e) {
                throw new BuildInputException(
                        file,
                        i + 1,
                        "invalid pattern '" + line + "': "
                                + (e instanceof PatternSyntaxException p ? p.getDescription() : e.getMessage())
                                + "; fix the brackets or escape them with \\",
                        e);
            }
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether the context path (relative, {@code /}-separated, no leading {@code ./}) is left out of the build. */
    public boolean excluded(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesOrParentMatches(rule.pattern, path)) {
                excluded = !rule.exclusion;
            }
        }
        return excluded;
    }

    /** Whether some {@code !} rule could re-include a path below this excluded directory: then walk into it. */
    public boolean hasExclusions() {
        return rules.stream().anyMatch(Rule::exclusion);
    }

    private static boolean matchesOrParentMatches(Pattern pattern, String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (pattern.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Go's filepath.Clean on a /-separated pattern or path, minus the leading / (patterns are context-relative):
     * {@code /a/./b/../c/} is {@code a/c}; a relative path may keep leading {@code ..} elements, an absolute one not.
     */
    public static String clean(String pattern) {
        List<String> out = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else if (!(part.equals("..") && pattern.startsWith("/"))) {
                out.add(part);
            }
        }
        return String.join("/", out);
    }

    static String regex(String pattern) {
        StringBuilder re = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    re.append(i + 1 >= pattern.length() ? ".*" : "(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '\\') {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("trailing \\");
                }
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '[') {
                int close = pattern.indexOf(']', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [");
                }
                String body = pattern.substring(i + 1, close);
                re.append('[')
                        .append(body.startsWith("^") || body.startsWith("!") ? "^" + body.substring(1) : body)
                        .append(']');
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return re.append('$').toString();
    }
}
