package io.jenkins.plugins.imagemirror.core.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, e.g. Docker Hub's
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"}.
 * Parameter names are lower case; quoted values are unescaped and may contain commas and spaces.
 *
 * @param scheme lower case: {@code basic}, {@code bearer}, …
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String param(String name) {
        return params.get(name);
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    /** Every challenge in the header values, in order; lenient: malformed parts are skipped, never thrown on. */
    public static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> result = new ArrayList<>();
        for (String value : headerValues) {
            new Parser(value).challenges(result);
        }
        return result;
    }

    public static List<AuthChallenge> parse(String headerValue) {
        return parse(List.of(headerValue));
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        void challenges(List<AuthChallenge> out) {
            while (true) {
                skip(", \t");
                String scheme = token();
                if (scheme.isEmpty()) {
                    if (pos >= s.length()) {
                        return;
                    }
                    pos++; // stray character: step over it
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>();
                while (true) {
                    skip(" \t");
                    int start = pos;
                    String name = token();
                    skip(" \t");
                    if (name.isEmpty() || pos >= s.length() || s.charAt(pos) != '=') {
                        pos = start; // the next challenge's scheme, or the end
                        break;
                    }
                    pos++;
                    skip(" \t");
                    params.put(name.toLowerCase(Locale.ROOT), value());
                    skip(" \t");
                    if (pos < s.length() && s.charAt(pos) == ',') {
                        pos++;
                    } else {
                        break;
                    }
                }
                out.add(new AuthChallenge(scheme, params));
                if (pos >= s.length()) {
                    return;
                }
            }
        }

        private String value() {
            if (pos < s.length() && s.charAt(pos) == '"') {
                StringBuilder b = new StringBuilder();
                pos++;
                while (pos < s.length() && s.charAt(pos) != '"') {
                    char c = s.charAt(pos++);
                    if (c == '\\' && pos < s.length()) {
                        c = s.charAt(pos++);
                    }
                    b.append(c);
                }
                pos++; // closing quote (or past the end)
                return b.toString();
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private static boolean isTokenChar(char c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
        }
    }
}
