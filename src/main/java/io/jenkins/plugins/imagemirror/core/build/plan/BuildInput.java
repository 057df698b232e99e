package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed Dockerfile or build file, asked per platform for its base and its plan. */
public interface BuildInput {
    String file();

    /** @param requested the platforms asked for ({@code os/arch[/variant]}); none: the input's, else this host's */
    List<Platform> platforms(List<String> requested) throws BuildInputException;

    String base(Platform platform) throws BuildInputException;

    /** Build args that nothing declares: Docker warns about them (a typo in --build-arg goes unnoticed otherwise). */
    default List<String> unusedBuildArgs(Map<String, String> buildArgs) {
        return List.of();
    }

    /**
     * @param baseName what FROM named, for messages
     * @param baseConfig the base's config, null for scratch: its Env, WorkingDir and ONBUILD triggers apply
     */
    BuildPlan plan(
            Platform platform,
            String baseName,
            ImageConfig baseConfig,
            ContextFiles context,
            ArchiveExtractor archives,
            ImageFilesystem filesystem)
            throws BuildInputException, IOException;

    /**
     * Parses the build file, else the Dockerfile ({@code null}: {@code context/Dockerfile}): all syntax errors
     * surface here, before any work.
     */
    static BuildInput read(
            Path buildFile,
            Path dockerfile,
            Path context,
            Map<String, String> buildArgs,
            Instant created,
            Instant fileTime)
            throws BuildInputException, IOException {
        if (buildFile != null) {
            if (!Files.isRegularFile(buildFile)) {
                throw new IOException("reading build file " + buildFile + ": no such file");
            }
            return BuildFileParser.parse(
                    buildFile.getFileName().toString(),
                    Files.readString(buildFile, StandardCharsets.UTF_8),
                    buildArgs,
                    created);
        }
        Path path = dockerfile != null ? dockerfile : context.resolve("Dockerfile");
        if (!Files.isRegularFile(path)) {
            throw new IOException("reading Dockerfile " + path + ": no such file; pass -f PATH or put a Dockerfile "
                    + "in the context");
        }
        Dockerfile parsed =
                DockerfileParser.parse(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
        return new DockerfileInput(parsed, buildArgs, created, fileTime);
    }

    /** The platforms in order, each once. */
    static List<Platform> distinct(List<Platform> platforms) {
        return List.copyOf(new LinkedHashSet<>(platforms));
    }

    /** A Dockerfile: platforms from the request, else FROM --platform, else this machine's. */
    record DockerfileInput(Dockerfile dockerfile, Map<String, String> buildArgs, Instant created, Instant fileTime)
            implements BuildInput {
        @Override
        public String file() {
            return dockerfile.file();
        }

        @Override
        public List<String> unusedBuildArgs(Map<String, String> buildArgs) {
            Set<String> declared = new HashSet<>();
            for (Instruction instruction : dockerfile.instructions()) {
                if (instruction instanceof Instruction.Arg arg) {
                    arg.args().forEach(pair -> declared.add(pair.key()));
                }
            }
            return buildArgs.keySet().stream()
                    .filter(name -> !declared.contains(name))
                    .sorted()
                    .toList();
        }

        int fromLine() {
            return dockerfile.from().line();
        }

        @Override
        public List<Platform> platforms(List<String> requested) throws BuildInputException {
            List<Platform> out = new ArrayList<>();
            for (String p : requested) {
                try {
                    out.add(Platform.parse(p));
                } catch (IllegalArgumentException e) {
                    throw new BuildInputException("--platform", 0, e.getMessage());
                }
            }
            String fromPlatform = DockerfilePlanner.fromPlatform(dockerfile, buildArgs, Platform.host());
            if (fromPlatform != null && !dockerfile.from().platform().contains("TARGET")) {
                Platform forced;
                try {
                    forced = Platform.parse(fromPlatform);
                } catch (IllegalArgumentException e) {
                    throw new BuildInputException(file(), fromLine(), "FROM --platform: " + e.getMessage());
                }
                for (Platform p : out) {
                    if (!p.equals(forced)) {
                        throw new BuildInputException(
                                file(),
                                fromLine(),
                                "FROM --platform=" + forced + " conflicts " + "with the requested platform " + p
                                        + "; drop one of them");
                    }
                }
                if (out.isEmpty()) {
                    out.add(forced);
                }
            }
            if (out.isEmpty()) {
                out.add(Platform.host());
            }
            return distinct(out);
        }

        /** The Dockerfile with the base's ONBUILD triggers inserted after FROM, as Docker runs them. */
        private Dockerfile withTriggers(String baseName, ImageConfig baseConfig) throws BuildInputException {
            if (baseConfig == null || baseConfig.onBuild().isEmpty()) {
                return dockerfile;
            }
            List<Instruction> instructions = new ArrayList<>();
            for (Instruction instruction : dockerfile.instructions()) {
                instructions.add(instruction);
                if (instruction instanceof Instruction.From) {
                    for (String trigger : baseConfig.onBuild()) {
                        instructions.add(DockerfileParser.trigger(dockerfile, baseName, trigger));
                    }
                }
            }
            return new Dockerfile(dockerfile.file(), dockerfile.escape(), instructions);
        }

        @Override
        public String base(Platform platform) throws BuildInputException {
            return DockerfilePlanner.base(dockerfile, buildArgs, platform);
        }

        @Override
        public BuildPlan plan(
                Platform platform,
                String baseName,
                ImageConfig baseConfig,
                ContextFiles context,
                ArchiveExtractor archives,
                ImageFilesystem filesystem)
                throws BuildInputException, IOException {
            List<String> env = baseConfig == null ? List.of() : baseConfig.env();
            String workdir = baseConfig == null ? null : baseConfig.workingDir();
            return DockerfilePlanner.plan(
                    withTriggers(baseName, baseConfig),
                    new DockerfilePlanner.Inputs(
                            buildArgs, platform, env, workdir, created, fileTime, context, archives, filesystem));
        }
    }
}
