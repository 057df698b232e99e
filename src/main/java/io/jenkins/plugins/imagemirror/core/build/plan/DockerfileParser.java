package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
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
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private final String file;
    private final ArgumentReader reader;
    private final DockerfileLines lines;
    private List<String> shell = DEFAULT_SHELL;
    private int fromLine;

    private DockerfileParser(String file, DockerfileLines lines) {
        this.file = file;
        this.lines = lines;
        this.reader = new ArgumentReader(file, new ShellWords(lines.escape()));
    }

    /**
     * @param file the name used in messages, e.g. {@code Dockerfile}
     * @param text the Dockerfile's content
     */
    public static Dockerfile parse(String file, String text) throws BuildInputException {
        DockerfileLines lines = DockerfileLines.split(file, text);
        if (lines.lines().isEmpty()) {
            throw new BuildInputException(
                    file, 0, "the Dockerfile has no instructions; start it with FROM scratch " + "or FROM an image");
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
            throw new BuildInputException(
                    dockerfile.file(),
                    line,
                    "base image " + base + " has an ONBUILD trigger " + "that is not one instruction ('" + trigger
                            + "'); use a base without it");
        }
        DockerfileParser parser = new DockerfileParser(dockerfile.file(), lines);
        parser.fromLine = line;
        DockerfileLines.Line parsed = lines.lines().get(0);
        try {
            return parser.instruction(new DockerfileLines.Line(line, parsed.keyword(), parsed.args()));
        } catch (BuildInputException e) {
            String reason = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw new BuildInputException(
                    dockerfile.file(),
                    line,
                    "ONBUILD trigger '" + trigger + "' of base image " + base + ": " + reason,
                    e);
        }
    }

    private Dockerfile parse() throws BuildInputException {
        List<Instruction> out = new ArrayList<>();
        for (DockerfileLines.Line line : lines.lines()) {
            Instruction instruction = instruction(line);
            if (fromLine == 0
                    && !(instruction instanceof Instruction.Arg)
                    && !(instruction instanceof Instruction.From)) {
                throw reader.error(
                        line,
                        line.keyword() + " before FROM; only ARG may come before FROM: add "
                                + "FROM scratch or FROM an image first");
            }
            if (instruction instanceof Instruction.From) {
                fromLine = line.number();
            }
            out.add(instruction);
        }
        if (fromLine == 0) {
            throw new BuildInputException(
                    file, 0, "no FROM instruction; add FROM scratch or FROM an image after " + "the ARGs");
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
                return new Instruction.Arg(n, text, reader.pairs(line, true));
            case "ENV":
                return new Instruction.Env(n, text, reader.pairs(line, false));
            case "LABEL":
                return new Instruction.Label(n, text, reader.pairs(line, false));
            case "COPY":
            case "ADD":
                return copy(line, text);
            case "EXPOSE":
                return new Instruction.Expose(
                        n, text, reader.checked(line, reader.nonEmpty(line, reader.split(line, args))));
            case "ENTRYPOINT":
                return new Instruction.Entrypoint(n, text, command(line));
            case "CMD":
                return new Instruction.Cmd(n, text, command(line));
            case "WORKDIR":
                return new Instruction.Workdir(n, text, reader.checkedOne(line, reader.single(line)));
            case "USER":
                return new Instruction.User(n, text, reader.checkedOne(line, reader.single(line)));
            case "STOPSIGNAL":
                return new Instruction.StopSignal(n, text, reader.checkedOne(line, reader.single(line)));
            case "MAINTAINER":
                return new Instruction.Maintainer(n, text, reader.single(line));
            case "VOLUME": {
                List<String> json = ArgumentReader.jsonArray(args);
                return json != null
                        ? new Instruction.Volume(n, text, reader.nonEmpty(line, json), true)
                        : new Instruction.Volume(
                                n, text, reader.checked(line, reader.nonEmpty(line, reader.split(line, args))), false);
            }
            case "SHELL": {
                List<String> json = ArgumentReader.jsonArray(args);
                if (json == null || json.isEmpty()) {
                    throw reader.error(line, "SHELL requires the JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]");
                }
                shell = List.copyOf(json);
                return new Instruction.Shell(n, text, shell);
            }
            case "HEALTHCHECK":
                return HealthcheckParser.parse(file, line, text, reader.split(line, args));
            case "ONBUILD":
                return onBuild(line, text);
            case "RUN":
                throw reader.error(
                        line,
                        "RUN needs a container runtime; image-mirror builds without one: do the "
                                + "work in an earlier pipeline step and COPY its output");
            default:
                throw reader.error(
                        line,
                        "unknown instruction " + line.keyword() + "; image-mirror builds FROM, ARG, "
                                + "ENV, LABEL, COPY, ADD, EXPOSE, ENTRYPOINT, CMD, WORKDIR, USER, VOLUME, SHELL, STOPSIGNAL, "
                                + "HEALTHCHECK, ONBUILD and MAINTAINER");
        }
    }

    private Instruction from(DockerfileLines.Line line, String text) throws BuildInputException {
        if (fromLine != 0) {
            throw reader.error(
                    line,
                    "multi-stage builds are not supported (the first FROM is on line " + fromLine
                            + "); image-mirror builds one stage: build the earlier stage separately (to an archive or a "
                            + "registry) and use it as the base, or produce its files in an earlier pipeline step and COPY "
                            + "them");
        }
        InstructionFlags flags = InstructionFlags.parse(
                file, line.number(), "FROM", reader.split(line, line.args()), Set.of("platform"));
        List<String> rest = flags.rest;
        boolean alias = rest.size() == 3 && rest.get(1).equalsIgnoreCase("AS");
        if (rest.size() != 1 && !alias) {
            throw reader.error(line, "FROM takes one image, optionally followed by AS name, e.g. FROM scratch");
        }
        String platform = flags.flags.get("platform");
        if (platform != null) {
            reader.checked(line, List.of(platform));
        }
        return new Instruction.From(line.number(), text, reader.checkedOne(line, rest.get(0)), platform);
    }

    private Instruction copy(DockerfileLines.Line line, String text) throws BuildInputException {
        String keyword = line.keyword();
        boolean add = keyword.equals("ADD");
        List<String> all = reader.split(line, line.args());
        if (all.stream().anyMatch(w -> w.startsWith("--from"))) {
            throw reader.error(
                    line,
                    keyword + " --from needs a multi-stage build; image-mirror builds one stage: "
                            + "produce those files in an earlier pipeline step and " + keyword
                            + " them from the context");
        }
        for (String unsupported : List.of("--parents", "--exclude", "--checksum", "--keep-git-dir")) {
            if (all.stream().anyMatch(w -> w.equals(unsupported) || w.startsWith(unsupported + "="))) {
                throw reader.error(
                        line,
                        keyword + " " + unsupported + " is not supported; list the files explicitly "
                                + "(and exclude with .dockerignore)");
            }
        }
        InstructionFlags flags =
                InstructionFlags.parse(file, line.number(), keyword, all, Set.of("chown", "chmod", "link"));
        List<String> rest = flags.rest;
        boolean json = false;
        int afterFlags = line.args().indexOf(rest.isEmpty() ? "" : rest.get(0));
        List<String> jsonForm =
                rest.isEmpty() ? null : ArgumentReader.jsonArray(line.args().substring(Math.max(afterFlags, 0)));
        if (jsonForm != null) {
            rest = jsonForm;
            json = true;
        }
        if (rest.size() < 2) {
            throw reader.error(
                    line, keyword + " requires at least one source and a destination, e.g. " + keyword + " app/ /app/");
        }
        for (String source : rest.subList(0, rest.size() - 1)) {
            if (source.startsWith("<<")) {
                throw reader.error(
                        line,
                        "heredocs are not supported; put the content in a file in the context and " + keyword + " it");
            }
            String lower = source.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://")
                    || lower.startsWith("https://")
                    || lower.startsWith("git@")
                    || lower.startsWith("git://")) {
                throw reader.error(
                        line,
                        keyword + " of a URL (" + source + ") is not supported: the build would "
                                + "depend on the network; download it in an earlier pipeline step (verify its checksum) and "
                                + "COPY it");
            }
        }
        if (!json) {
            reader.checked(line, rest);
        }
        for (String name : List.of("chown", "chmod")) {
            if (flags.flags.containsKey(name)) {
                reader.checked(line, List.of(flags.flags.get(name)));
            }
        }
        return new Instruction.Copy(
                line.number(),
                text,
                add,
                List.copyOf(rest.subList(0, rest.size() - 1)),
                rest.get(rest.size() - 1),
                flags.flags.get("chown"),
                flags.flags.get("chmod"),
                json);
    }

    private Instruction onBuild(DockerfileLines.Line line, String text) throws BuildInputException {
        String trigger = line.args().strip();
        String keyword = trigger.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (trigger.isEmpty()) {
            throw reader.error(line, "ONBUILD requires an instruction, e.g. ONBUILD COPY . /app");
        }
        if (keyword.equals("ONBUILD") || keyword.equals("FROM") || keyword.equals("MAINTAINER")) {
            throw reader.error(
                    line, "ONBUILD " + keyword + " is not allowed; use another instruction as the " + "trigger");
        }
        return new Instruction.OnBuild(line.number(), text, keyword + trigger.substring(keyword.length()));
    }

    /** ENTRYPOINT/CMD: the exec form is taken as is; the shell form runs in the current SHELL. */
    private List<String> command(DockerfileLines.Line line) {
        List<String> json = ArgumentReader.jsonArray(line.args());
        if (json != null) {
            return List.copyOf(json);
        }
        List<String> out = new ArrayList<>(shell);
        out.add(line.args());
        return List.copyOf(out);
    }
}
