package io.jenkins.plugins.imagemirror.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the Dockerfile subset image-mirror builds without a container runtime. Everything it cannot build
 * ({@code RUN}, multi-stage builds, {@code ADD} of URLs, heredocs, unknown instructions) fails here, before any
 * work, as {@code FILE:LINE: reason; alternative}. Variable syntax is checked here too; values are substituted
 * later by {@link DockerfilePlanner}, once build args and the base image's environment are known.
 */
public final class DockerfileParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private final String file;
    private final ShellWords words;
    private final DockerfileLines lines;
    private List<String> shell = DEFAULT_SHELL;
    private int fromLine;

    private DockerfileParser(String file, DockerfileLines lines) {
        this.file = file;
        this.lines = lines;
        this.words = new ShellWords(lines.escape());
    }

    /**
     * @param file the name used in messages, e.g. {@code Dockerfile}
     * @param text the Dockerfile's content
     */
    public static Dockerfile parse(String file, String text) throws BuildInputException {
        DockerfileLines lines = DockerfileLines.split(file, text);
        if (lines.lines().isEmpty()) {
            throw new BuildInputException(file, 0, "the Dockerfile has no instructions; start it with FROM scratch "
                    + "or FROM an image");
        }
        return new DockerfileParser(file, lines).parse();
    }

    /**
     * Parses an ONBUILD trigger of the base image as an instruction at FROM's line (Docker runs triggers right after
     * FROM). A trigger image-mirror cannot build fails like the instruction would, naming the base.
     */
    static Instruction trigger(Dockerfile dockerfile, String base, String trigger) throws BuildInputException {
        int line = dockerfile.from().line();
        DockerfileLines lines = DockerfileLines.split(dockerfile.file(), trigger);
        if (lines.lines().size() != 1) {
            throw new BuildInputException(dockerfile.file(), line, "base image " + base + " has an ONBUILD trigger "
                    + "that is not one instruction ('" + trigger + "'); use a base without it");
        }
        DockerfileParser parser = new DockerfileParser(dockerfile.file(), lines);
        parser.fromLine = line;
        DockerfileLines.Line parsed = lines.lines().get(0);
        try {
            return parser.instruction(new DockerfileLines.Line(line, parsed.keyword(), parsed.args()));
        } catch (BuildInputException e) {
            String reason = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw new BuildInputException(dockerfile.file(), line, "ONBUILD trigger '" + trigger + "' of base image "
                    + base + ": " + reason, e);
        }
    }

    private Dockerfile parse() throws BuildInputException {
        List<Instruction> out = new ArrayList<>();
        for (DockerfileLines.Line line : lines.lines()) {
            Instruction instruction = instruction(line);
            if (fromLine == 0 && !(instruction instanceof Instruction.Arg)
                    && !(instruction instanceof Instruction.From)) {
                throw error(line, line.keyword() + " before FROM; only ARG may come before FROM: add FROM scratch "
                        + "or FROM an image first");
            }
            if (instruction instanceof Instruction.From) {
                fromLine = line.number();
            }
            out.add(instruction);
        }
        if (fromLine == 0) {
            throw new BuildInputException(file, 0, "no FROM instruction; add FROM scratch or FROM an image after "
                    + "the ARGs");
        }
        return new Dockerfile(file, lines.escape(), out);
    }

    private Instruction instruction(DockerfileLines.Line line) throws BuildInputException {
        int n = line.number();
        String text = line.keyword() + (line.args().isEmpty() ? "" : " " + line.args());
        String args = line.args();
        switch (line.keyword()) {
            case "FROM":
                return from(line, text);
            case "ARG":
                return new Instruction.Arg(n, text, pairs(line, true));
            case "ENV":
                return new Instruction.Env(n, text, pairs(line, false));
            case "LABEL":
                return new Instruction.Label(n, text, pairs(line, false));
            case "COPY":
            case "ADD":
                return copy(line, text);
            case "EXPOSE":
                return new Instruction.Expose(n, text, checked(line, nonEmpty(line, split(line, args))));
            case "ENTRYPOINT":
                return new Instruction.Entrypoint(n, text, command(line));
            case "CMD":
                return new Instruction.Cmd(n, text, command(line));
            case "WORKDIR":
                return new Instruction.Workdir(n, text, checkedOne(line, single(line)));
            case "USER":
                return new Instruction.User(n, text, checkedOne(line, single(line)));
            case "STOPSIGNAL":
                return new Instruction.StopSignal(n, text, checkedOne(line, single(line)));
            case "MAINTAINER":
                return new Instruction.Maintainer(n, text, single(line));
            case "VOLUME": {
                List<String> json = jsonArray(args);
                return json != null ? new Instruction.Volume(n, text, nonEmpty(line, json), true)
                        : new Instruction.Volume(n, text, checked(line, nonEmpty(line, split(line, args))), false);
            }
            case "SHELL": {
                List<String> json = jsonArray(args);
                if (json == null || json.isEmpty()) {
                    throw error(line, "SHELL requires the JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]");
                }
                shell = List.copyOf(json);
                return new Instruction.Shell(n, text, shell);
            }
            case "HEALTHCHECK":
                return HealthcheckParser.parse(file, line, text, split(line, args), words);
            case "ONBUILD":
                return onBuild(line, text);
            case "RUN":
                throw error(line, "RUN needs a container runtime; image-mirror builds without one: do the work in "
                        + "an earlier pipeline step and COPY its output");
            default:
                throw error(line, "unknown instruction " + line.keyword() + "; image-mirror builds FROM, ARG, ENV, "
                        + "LABEL, COPY, ADD, EXPOSE, ENTRYPOINT, CMD, WORKDIR, USER, VOLUME, SHELL, STOPSIGNAL, "
                        + "HEALTHCHECK, ONBUILD and MAINTAINER");
        }
    }

    private Instruction from(DockerfileLines.Line line, String text) throws BuildInputException {
        if (fromLine != 0) {
            throw error(line, "multi-stage builds are not supported (the first FROM is on line " + fromLine
                    + "); image-mirror builds one stage: build the earlier stage separately (to an archive or a "
                    + "registry) and use it as the base, or produce its files in an earlier pipeline step and COPY "
                    + "them");
        }
        InstructionFlags flags = InstructionFlags.parse(file, line.number(), "FROM", split(line, line.args()),
                Set.of("platform"));
        List<String> rest = flags.rest;
        boolean alias = rest.size() == 3 && rest.get(1).equalsIgnoreCase("AS");
        if (rest.size() != 1 && !alias) {
            throw error(line, "FROM takes one image, optionally followed by AS name, e.g. FROM scratch");
        }
        String platform = flags.flags.get("platform");
        if (platform != null) {
            checked(line, List.of(platform));
        }
        return new Instruction.From(line.number(), text, checked(line, List.of(rest.get(0))).get(0), platform);
    }

    private Instruction copy(DockerfileLines.Line line, String text) throws BuildInputException {
        String keyword = line.keyword();
        boolean add = keyword.equals("ADD");
        List<String> all = split(line, line.args());
        if (all.stream().anyMatch(w -> w.startsWith("--from"))) {
            throw error(line, keyword + " --from needs a multi-stage build; image-mirror builds one stage: produce "
                    + "those files in an earlier pipeline step and " + keyword + " them from the context");
        }
        for (String unsupported : List.of("--parents", "--exclude", "--checksum", "--keep-git-dir")) {
            if (all.stream().anyMatch(w -> w.equals(unsupported) || w.startsWith(unsupported + "="))) {
                throw error(line, keyword + " " + unsupported + " is not supported; list the files explicitly "
                        + "(and exclude with .dockerignore)");
            }
        }
        InstructionFlags flags = InstructionFlags.parse(file, line.number(), keyword, all,
                Set.of("chown", "chmod", "link"));
        List<String> rest = flags.rest;
        boolean json = false;
        int afterFlags = line.args().indexOf(rest.isEmpty() ? "" : rest.get(0));
        List<String> jsonForm = rest.isEmpty() ? null : jsonArray(line.args().substring(Math.max(afterFlags, 0)));
        if (jsonForm != null) {
            rest = jsonForm;
            json = true;
        }
        if (rest.size() < 2) {
            throw error(line, keyword + " requires at least one source and a destination, e.g. " + keyword
                    + " app/ /app/");
        }
        for (String source : rest.subList(0, rest.size() - 1)) {
            if (source.startsWith("<<")) {
                throw error(line, "heredocs are not supported; put the content in a file in the context and "
                        + keyword + " it");
            }
            String lower = source.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("git@")
                    || lower.startsWith("git://")) {
                throw error(line, keyword + " of a URL (" + source + ") is not supported: the build would depend on "
                        + "the network; download it in an earlier pipeline step (verify its checksum) and COPY it");
            }
        }
        if (!json) {
            checked(line, rest);
        }
        for (String name : List.of("chown", "chmod")) {
            if (flags.flags.containsKey(name)) {
                checked(line, List.of(flags.flags.get(name)));
            }
        }
        return new Instruction.Copy(line.number(), text, add, List.copyOf(rest.subList(0, rest.size() - 1)),
                rest.get(rest.size() - 1), flags.flags.get("chown"), flags.flags.get("chmod"), json);
    }

    private Instruction onBuild(DockerfileLines.Line line, String text) throws BuildInputException {
        String trigger = line.args().strip();
        String keyword = trigger.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (trigger.isEmpty()) {
            throw error(line, "ONBUILD requires an instruction, e.g. ONBUILD COPY . /app");
        }
        if (keyword.equals("ONBUILD") || keyword.equals("FROM") || keyword.equals("MAINTAINER")) {
            throw error(line, "ONBUILD " + keyword + " is not allowed; use another instruction as the trigger");
        }
        return new Instruction.OnBuild(line.number(), text, keyword + trigger.substring(keyword.length()));
    }

    /** ENTRYPOINT/CMD: the exec form is taken as is; the shell form runs in the current SHELL. */
    private List<String> command(DockerfileLines.Line line) {
        List<String> json = jsonArray(line.args());
        if (json != null) {
            return List.copyOf(json);
        }
        List<String> out = new ArrayList<>(shell);
        out.add(line.args());
        return List.copyOf(out);
    }

    private List<Instruction.Pair> pairs(DockerfileLines.Line line, boolean arg) throws BuildInputException {
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
                throw error(line, "syntax error - can't find = in \"" + word + "\"; write " + keyword
                        + " name=value");
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

    private String single(DockerfileLines.Line line) throws BuildInputException {
        if (line.args().isEmpty()) {
            throw error(line, line.keyword() + " requires exactly one argument");
        }
        return line.args();
    }

    private List<String> nonEmpty(DockerfileLines.Line line, List<String> values) throws BuildInputException {
        if (values.isEmpty()) {
            throw error(line, line.keyword() + " requires at least one argument");
        }
        return values;
    }

    private List<String> split(DockerfileLines.Line line, String text) throws BuildInputException {
        try {
            return words.split(text);
        } catch (IllegalArgumentException e) {
            throw error(line, e.getMessage() + "; close the quote");
        }
    }

    private String checkedOne(DockerfileLines.Line line, String raw) throws BuildInputException {
        checked(line, List.of(raw));
        return raw;
    }

    /** Substitutes with every variable set, to report syntax errors now rather than after fetching the base. */
    private List<String> checked(DockerfileLines.Line line, List<String> raw) throws BuildInputException {
        for (String word : raw) {
            try {
                words.expand(word, ShellWords.ALL_SET);
            } catch (IllegalArgumentException e) {
                throw error(line, e.getMessage());
            }
        }
        return raw;
    }

    /** The JSON (exec) form when the text is a JSON array of strings, else null (Docker then takes the shell form). */
    static List<String> jsonArray(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            if (!node.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    return null;
                }
                out.add(element.textValue());
            }
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    private BuildInputException error(DockerfileLines.Line line, String message) {
        return new BuildInputException(file, line.number(), message);
    }
}
