package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code HEALTHCHECK NONE} and {@code HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D]
 * [--start-interval=D] [--retries=N] CMD command}: pure image metadata (Docker's {@code Healthcheck} config field),
 * so it needs no runtime at build time. Durations use Go's syntax ({@code 30s}, {@code 1m30s}, {@code 500ms}).
 */
final class HealthcheckParser {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private HealthcheckParser() {}

    static Instruction.Healthcheck parse(String file, DockerfileLines.Line line, String text, List<String> words)
            throws BuildInputException {
        InstructionFlags flags = InstructionFlags.parse(
                file,
                line.number(),
                "HEALTHCHECK",
                words,
                Set.of("interval", "timeout", "start-period", "start-interval", "retries"));
        List<String> rest = flags.rest;
        if (rest.isEmpty()) {
            throw new BuildInputException(file, line.number(), "HEALTHCHECK requires NONE or CMD command");
        }
        String kind = rest.get(0).toUpperCase(Locale.ROOT);
        if (kind.equals("NONE")) {
            if (rest.size() != 1 || !flags.flags.isEmpty()) {
                throw new BuildInputException(file, line.number(), "HEALTHCHECK NONE takes no other arguments");
            }
            return new Instruction.Healthcheck(line.number(), text, List.of("NONE"), 0, 0, 0, 0, 0);
        }
        if (!kind.equals("CMD") || rest.size() < 2) {
            throw new BuildInputException(
                    file,
                    line.number(),
                    "HEALTHCHECK requires NONE or CMD command, e.g. " + "HEALTHCHECK CMD [\"/app/health\"]");
        }
        String args = line.args();
        int cmd = indexOfWord(args, rest.get(0));
        String command = args.substring(cmd + rest.get(0).length()).strip();
        List<String> json = ArgumentReader.jsonArray(command);
        List<String> test = new ArrayList<>();
        if (json != null) {
            test.add("CMD");
            test.addAll(json);
        } else {
            test.add("CMD-SHELL");
            test.add(command);
        }
        int retries = 0;
        if (flags.flags.containsKey("retries")) {
            try {
                retries = Integer.parseInt(flags.flags.get("retries"));
            } catch (NumberFormatException e) {
                retries = -1;
            }
            if (retries < 1) {
                throw new BuildInputException(
                        file,
                        line.number(),
                        "--retries must be a whole number of at least " + "1, not '" + flags.flags.get("retries")
                                + "'");
            }
        }
        return new Instruction.Healthcheck(
                line.number(),
                text,
                List.copyOf(test),
                duration(file, line, flags, "interval"),
                duration(file, line, flags, "timeout"),
                duration(file, line, flags, "start-period"),
                duration(file, line, flags, "start-interval"),
                retries);
    }

    private static int indexOfWord(String args, String word) {
        Matcher m =
                Pattern.compile("(?i)(^|\\s)" + Pattern.quote(word) + "(\\s|$)").matcher(args);
        return m.find() ? m.start() + m.group(1).length() : 0;
    }

    /** Go's time.ParseDuration for the units Docker accepts; 0 when the flag is absent. */
    static long duration(String file, DockerfileLines.Line line, InstructionFlags flags, String name)
            throws BuildInputException {
        String value = flags.flags.get(name);
        if (value == null) {
            return 0;
        }
        Matcher m = DURATION_PART.matcher(value);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += (long) (amount * unit);
            end = m.end();
        }
        if (value.isEmpty() || end != value.length()) {
            throw new BuildInputException(
                    file,
                    line.number(),
                    "--" + name + " '" + value + "' is not a duration; " + "write it like 30s, 1m30s or 500ms");
        }
        if (nanos < 1_000_000 && !value.equals("0s") && nanos != 0) {
            throw new BuildInputException(file, line.number(), "--" + name + " must be at least 1ms");
        }
        return nanos;
    }
}
