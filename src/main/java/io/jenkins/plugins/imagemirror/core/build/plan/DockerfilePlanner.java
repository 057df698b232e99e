package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed {@link Dockerfile} into the {@link BuildPlan} of one platform: substitutes variables the way
 * Docker does (build args over ARG defaults, ENV, including the base image's, over ARGs), resolves COPY/ADD sources
 * in the context and computes each layer's entries. Errors keep the instruction's line.
 */
final class DockerfilePlanner {

    /** Everything the plan depends on besides the Dockerfile; {@code fileTime} is every copied file's mtime. */
    record Inputs(
            Map<String, String> buildArgs,
            Platform platform,
            List<String> baseEnv,
            String baseWorkdir,
            Instant created,
            Instant fileTime,
            ContextFiles context,
            ArchiveExtractor archives,
            ImageFilesystem filesystem) {}

    private final Dockerfile dockerfile;
    private final Inputs in;
    private final ShellWords words;
    private final Map<String, String> args = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> envChanges = new LinkedHashMap<>();

    private DockerfilePlanner(Dockerfile dockerfile, Inputs in) {
        this.dockerfile = dockerfile;
        this.in = in;
        this.words = new ShellWords(dockerfile.escape());
    }

    /** The automatic platform args BuildKit defines (the build platform is the target: nothing is emulated). */
    static Map<String, String> platformArgs(Platform platform) {
        Map<String, String> out = new HashMap<>();
        for (String prefix : List.of("TARGET", "BUILD")) {
            out.put(prefix + "PLATFORM", platform.toString());
            out.put(prefix + "OS", platform.os());
            out.put(prefix + "ARCH", platform.architecture());
            out.put(prefix + "VARIANT", platform.variant() == null ? "" : platform.variant());
        }
        return out;
    }

    /** The global ARGs (declared before FROM) with their values: what FROM and {@code ARG name} may use. */
    static Map<String, String> globalArgs(Dockerfile dockerfile, Map<String, String> buildArgs, Platform platform)
            throws BuildInputException {
        ShellWords words = new ShellWords(dockerfile.escape());
        Map<String, String> global = new LinkedHashMap<>(platformArgs(platform));
        for (Instruction instruction : dockerfile.instructions()) {
            if (!(instruction instanceof Instruction.Arg arg)) {
                break;
            }
            for (Instruction.Pair pair : arg.args()) {
                String name = expand(dockerfile, words, arg.line(), pair.key(), global);
                if (buildArgs.containsKey(name)) {
                    global.put(name, buildArgs.get(name));
                } else if (pair.value() != null) {
                    global.put(name, expand(dockerfile, words, arg.line(), pair.value(), global));
                }
            }
        }
        return global;
    }

    /** The base image reference FROM names for this platform ({@code scratch} included), variables substituted. */
    static String base(Dockerfile dockerfile, Map<String, String> buildArgs, Platform platform)
            throws BuildInputException {
        Instruction.From from = dockerfile.from();
        Map<String, String> global = globalArgs(dockerfile, buildArgs, platform);
        String image = expand(dockerfile, new ShellWords(dockerfile.escape()), from.line(), from.image(), global);
        if (image.isEmpty()) {
            throw new BuildInputException(
                    dockerfile.file(),
                    from.line(),
                    "FROM names no image after substituting " + "variables ('" + from.image()
                            + "'); pass the missing --build-arg");
        }
        return image;
    }

    /** FROM's {@code --platform}, substituted, or null. */
    static String fromPlatform(Dockerfile dockerfile, Map<String, String> buildArgs, Platform platform)
            throws BuildInputException {
        Instruction.From from = dockerfile.from();
        if (from.platform() == null) {
            return null;
        }
        return expand(
                dockerfile,
                new ShellWords(dockerfile.escape()),
                from.line(),
                from.platform(),
                globalArgs(dockerfile, buildArgs, platform));
    }

    static BuildPlan plan(Dockerfile dockerfile, Inputs in) throws BuildInputException, IOException {
        return new DockerfilePlanner(dockerfile, in).plan();
    }

    private BuildPlan plan() throws BuildInputException, IOException {
        Map<String, String> global = globalArgs(dockerfile, in.buildArgs(), in.platform());
        Map<String, String> automatic = platformArgs(in.platform());
        for (String entry : in.baseEnv()) {
            int eq = entry.indexOf('=');
            env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        String base = base(dockerfile, in.buildArgs(), in.platform());
        Map<String, String> labels = new LinkedHashMap<>();
        LinkedHashSet<String> ports = new LinkedHashSet<>();
        LinkedHashSet<String> volumes = new LinkedHashSet<>();
        List<String> onBuild = new ArrayList<>();
        List<BuildPlan.Step> steps = new ArrayList<>();
        String user = null;
        String workdir = null;
        String currentWorkdir = in.baseWorkdir() == null || in.baseWorkdir().isEmpty() ? "/" : in.baseWorkdir();
        List<String> entrypoint = null;
        List<String> cmd = null;
        List<String> shell = null;
        String stopSignal = null;
        String author = null;
        Instruction.Healthcheck healthcheck = null;
        CopyPlanner copies = new CopyPlanner(dockerfile.file(), in);
        boolean afterFrom = false;
        for (Instruction instruction : dockerfile.instructions()) {
            int line = instruction.line();
            if (instruction instanceof Instruction.From) {
                afterFrom = true;
                continue;
            }
            if (!afterFrom) {
                continue;
            }
            LayerSpec layer = null;
            if (instruction instanceof Instruction.Arg arg) {
                for (Instruction.Pair pair : arg.args()) {
                    String name = word(line, pair.key());
                    if (in.buildArgs().containsKey(name)) {
                        args.put(name, in.buildArgs().get(name));
                    } else if (pair.value() != null) {
                        args.put(name, word(line, pair.value()));
                    } else if (global.containsKey(name)) {
                        args.put(name, global.get(name));
                    } else if (automatic.containsKey(name)) {
                        args.put(name, automatic.get(name));
                    }
                }
                continue;
            } else if (instruction instanceof Instruction.Env e) {
                // Docker substitutes every pair with the values from before this instruction.
                Map<String, String> values = new LinkedHashMap<>();
                for (Instruction.Pair pair : e.pairs()) {
                    values.put(word(line, pair.key()), word(line, pair.value()));
                }
                env.putAll(values);
                envChanges.putAll(values);
            } else if (instruction instanceof Instruction.Label l) {
                for (Instruction.Pair pair : l.pairs()) {
                    labels.put(word(line, pair.key()), word(line, pair.value()));
                }
            } else if (instruction instanceof Instruction.Copy c) {
                layer = copies.plan(c, this::word, currentWorkdir);
            } else if (instruction instanceof Instruction.Expose e) {
                for (String raw : e.ports()) {
                    ports.addAll(Ports.parse(dockerfile.file(), line, word(line, raw)));
                }
            } else if (instruction instanceof Instruction.Entrypoint e) {
                entrypoint = e.command();
            } else if (instruction instanceof Instruction.Cmd c) {
                cmd = c.command();
            } else if (instruction instanceof Instruction.Workdir w) {
                currentWorkdir = CopyPlanner.absolute(currentWorkdir, word(line, w.path()));
                workdir = currentWorkdir;
                in.filesystem().addDirectory(currentWorkdir); // Docker creates it: a later COPY goes into it
            } else if (instruction instanceof Instruction.User u) {
                user = word(line, u.user());
            } else if (instruction instanceof Instruction.Volume v) {
                for (String raw : v.paths()) {
                    String path = v.json() ? raw : word(line, raw);
                    if (path.isEmpty()) {
                        throw new BuildInputException(
                                dockerfile.file(), line, "VOLUME specified can not be an " + "empty string");
                    }
                    volumes.add(path);
                }
            } else if (instruction instanceof Instruction.StopSignal st) {
                stopSignal = word(line, st.signal());
            } else if (instruction instanceof Instruction.Shell sh) {
                shell = sh.shell();
            } else if (instruction instanceof Instruction.Healthcheck h) {
                healthcheck = h;
            } else if (instruction instanceof Instruction.OnBuild o) {
                onBuild.add(o.trigger());
            } else if (instruction instanceof Instruction.Maintainer m) {
                author = m.name();
            }
            steps.add(new BuildPlan.Step(instruction.text(), line, layer));
        }
        boolean cmdSet = cmd != null;
        return new BuildPlan(
                base,
                in.created(),
                envChanges,
                labels,
                List.copyOf(ports),
                List.copyOf(volumes),
                user,
                workdir,
                entrypoint,
                cmd,
                entrypoint != null && !cmdSet,
                shell,
                stopSignal,
                healthcheck,
                onBuild,
                author,
                steps);
    }

    /** Substitutes one raw word with the current ARGs and ENV (ENV wins over an ARG of the same name). */
    private String word(int line, String raw) throws BuildInputException {
        Map<String, String> scope = new HashMap<>(args);
        scope.putAll(env);
        return expand(dockerfile, words, line, raw, scope);
    }

    private static String expand(
            Dockerfile dockerfile, ShellWords words, int line, String raw, Map<String, String> scope)
            throws BuildInputException {
        try {
            return words.expand(raw, scope);
        } catch (IllegalArgumentException e) {
            throw new BuildInputException(dockerfile.file(), line, e.getMessage());
        }
    }

    /** A substitution step that may fail with the instruction's line. */
    interface Words {
        String word(int line, String raw) throws BuildInputException;
    }
}
