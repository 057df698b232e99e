package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** EXPOSE values: {@code PORT[-PORT][/tcp|udp|sctp]}, printed as the config's {@code ExposedPorts} keys. */
final class Ports {
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?(?:/([a-zA-Z]+))?");
    private static final int MAX_RANGE = 1024;

    private Ports() {}

    static List<String> parse(String file, int line, String value) throws BuildInputException {
        Matcher m = PORT.matcher(value);
        if (!m.matches()) {
            throw new BuildInputException(
                    file, line, "invalid port '" + value + "'; write PORT, PORT/tcp, " + "PORT/udp or FIRST-LAST/tcp");
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        String protocol = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw new BuildInputException(
                    file, line, "invalid protocol '" + m.group(3) + "' in port '" + value + "'; use tcp, udp or sctp");
        }
        if (first < 1 || last > 65535 || last < first || last - first >= MAX_RANGE) {
            throw new BuildInputException(
                    file,
                    line,
                    "invalid port range '" + value + "'; ports go from 1 to "
                            + "65535, a range from low to high, at most " + MAX_RANGE + " ports");
        }
        List<String> out = new ArrayList<>();
        for (int port = first; port <= last; port++) {
            out.add(port + "/" + protocol);
        }
        return out;
    }
}
