package io.jenkins.plugins.imagemirror.core.build.plan;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's word rules for instruction arguments: split on unquoted blanks, then per word remove quotes, apply the
 * escape character and substitute {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}}, {@code ${VAR-word}},
 * {@code ${VAR:+word}}, {@code ${VAR+word}}, {@code ${VAR:?message}}. Single quotes keep everything literal; inside
 * double quotes the escape character only escapes {@code "}, {@code $} and itself. Errors are
 * {@link IllegalArgumentException}s whose message the caller prefixes with the file and line.
 */
final class ShellWords {
    /** An environment where every variable is set (to "x"): substituting with it only checks the syntax. */
    static final Map<String, String> ALL_SET = new AbstractMap<>() {
        @Override
        public String get(Object key) {
            return "x";
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return Set.of();
        }
    };

    private final char escape;

    ShellWords(char escape) {
        this.escape = escape;
    }

    /** Splits on unquoted blanks; the words keep their quotes and escapes, ready for {@link #expand}. */
    List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            word.append(ch);
            if (ch == escape && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (quote == 0 && (ch == '\'' || ch == '"')) {
                quote = ch;
            } else if (ch == quote) {
                quote = 0;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unexpected end of statement while looking for matching "
                    + (quote == '"' ? "double-quote" : "single-quote"));
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Removes quotes, applies escapes and substitutes variables from {@code env} (unset variables are empty). */
    String expand(String word, Map<String, String> env) {
        Cursor c = new Cursor(word);
        String out = process(c, env, false);
        return out;
    }

    private String process(Cursor c, Map<String, String> env, boolean untilBrace) {
        StringBuilder out = new StringBuilder();
        while (!c.end()) {
            char ch = c.peek();
            if (untilBrace && ch == '}') {
                return out.toString();
            }
            c.next();
            if (ch == '\'') {
                out.append(singleQuoted(c));
            } else if (ch == '"') {
                out.append(doubleQuoted(c, env));
            } else if (ch == '$') {
                out.append(dollar(c, env));
            } else if (ch == escape) {
                if (!c.end()) {
                    out.append(c.next());
                }
            } else {
                out.append(ch);
            }
        }
        if (untilBrace) {
            throw new IllegalArgumentException("missing '}' in '" + c.text + "'");
        }
        return out.toString();
    }

    private static String singleQuoted(Cursor c) {
        StringBuilder out = new StringBuilder();
        while (!c.end()) {
            char ch = c.next();
            if (ch == '\'') {
                return out.toString();
            }
            out.append(ch);
        }
        throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
    }

    private String doubleQuoted(Cursor c, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        while (!c.end()) {
            char ch = c.next();
            if (ch == '"') {
                return out.toString();
            } else if (ch == '$') {
                out.append(dollar(c, env));
            } else if (ch == escape && !c.end() && (c.peek() == '"' || c.peek() == '$' || c.peek() == escape)) {
                out.append(c.next());
            } else {
                out.append(ch);
            }
        }
        throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
    }

    private String dollar(Cursor c, Map<String, String> env) {
        if (c.end()) {
            return "$";
        }
        if (c.peek() != '{') {
            String name = name(c);
            return name.isEmpty() ? "$" : env.getOrDefault(name, "");
        }
        c.next();
        String name = name(c);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(
                    "bad substitution in '" + c.text + "': expected a variable name " + "after '${'");
        }
        if (c.end()) {
            throw new IllegalArgumentException("missing '}' in '" + c.text + "'");
        }
        char ch = c.next();
        if (ch == '}') {
            return env.getOrDefault(name, "");
        }
        boolean colon = ch == ':';
        char op = colon ? (c.end() ? 0 : c.next()) : ch;
        if (op != '-' && op != '+' && op != '?') {
            throw new IllegalArgumentException("unsupported modifier (" + (colon ? ":" : "") + (op == 0 ? "" : op)
                    + ") in substitution '" + c.text + "'; use ${VAR:-default}, ${VAR:+alternative} or "
                    + "${VAR:?message}");
        }
        String word = process(c, env, true);
        c.next();
        String value = env.get(name);
        boolean set = colon ? value != null && !value.isEmpty() : value != null;
        switch (op) {
            case '-':
                return set ? value : word;
            case '+':
                return set ? word : "";
            default:
                if (!set) {
                    throw new IllegalArgumentException(
                            name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                return value;
        }
    }

    private static String name(Cursor c) {
        StringBuilder name = new StringBuilder();
        while (!c.end()) {
            char ch = c.peek();
            boolean ok = ch == '_'
                    || (ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || (name.length() > 0 && ch >= '0' && ch <= '9');
            if (!ok) {
                break;
            }
            name.append(c.next());
        }
        return name.toString();
    }

    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        boolean end() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        char next() {
            return text.charAt(pos++);
        }
    }
}
