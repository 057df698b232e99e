package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A parsed Dockerfile or build file, asked per platform for its base and its plan. */
interface BuildInput {
    String file();

    List<Platform> platforms(BuildSpec spec) throws BuildInputException;

    String base(Platform platform) throws BuildInputException;

    /** Build args that nothing declares: Docker warns about them (a typo in --build-arg goes unnoticed otherwise). */
    default List<String> unusedBuildArgs(java.util.Map<String, String> buildArgs) {
        return List.of();
    }

    BuildPlan plan(Platform platform, BaseImage base, ContextFiles context, ArchiveExtractor archives,
            BaseFilesystem filesystem) throws BuildInputException, IOException;

    /** Parses the input named by the spec: all syntax errors surface here, before any work. */
    static BuildInput read(BuildSpec spec, Instant created, Instant fileTime) throws BuildInputException,
            IOException {
        if (spec.buildFile() != null) {
            if (!Files.isRegularFile(spec.buildFile())) {
                throw new IOException("reading build file " + spec.buildFile() + ": no such file");
            }
            return BuildFileParser.parse(spec.buildFile().getFileName().toString(), ImageBuilder.read(
                    spec.buildFile()), spec.buildArgs(), created);
        }
        Path path = spec.dockerfile() != null ? spec.dockerfile() : spec.context().resolve("Dockerfile");
        if (!Files.isRegularFile(path)) {
            throw new IOException("reading Dockerfile " + path + ": no such file; pass -f PATH or put a Dockerfile "
                    + "in the context");
        }
        Dockerfile dockerfile = DockerfileParser.parse(path.getFileName().toString(), ImageBuilder.read(path));
        return new DockerfileInput(dockerfile, spec, created, fileTime);
    }

    /** A Dockerfile: platforms from the spec, else FROM --platform, else this machine's. */
    record DockerfileInput(Dockerfile dockerfile, BuildSpec spec, Instant created, Instant fileTime)
            implements BuildInput {
        @Override
        public String file() {
            return dockerfile.file();
        }

        @Override
        public List<String> unusedBuildArgs(java.util.Map<String, String> buildArgs) {
            java.util.Set<String> declared = new java.util.HashSet<>();
            for (Instruction instruction : dockerfile.instructions()) {
                if (instruction instanceof Instruction.Arg arg) {
                    arg.args().forEach(pair -> declared.add(pair.key()));
                }
            }
            return buildArgs.keySet().stream().filter(name -> !declared.contains(name)).sorted().toList();
        }

        int fromLine() {
            return dockerfile.from().line();
        }

        @Override
        public List<Platform> platforms(BuildSpec spec) throws BuildInputException {
            List<Platform> out = new ArrayList<>();
            for (String p : spec.platforms()) {
                try {
                    out.add(Platform.parse(p));
                } catch (IllegalArgumentException e) {
                    throw new BuildInputException("--platform", 0, e.getMessage());
                }
            }
            String fromPlatform = DockerfilePlanner.fromPlatform(dockerfile, spec.buildArgs(),
                    ImageBuilder.hostPlatform());
            if (fromPlatform != null && !dockerfile.from().platform().contains("TARGET")) {
                Platform forced;
                try {
                    forced = Platform.parse(fromPlatform);
                } catch (IllegalArgumentException e) {
                    throw new BuildInputException(file(), fromLine(), "FROM --platform: " + e.getMessage());
                }
                for (Platform p : out) {
                    if (!p.equals(forced)) {
                        throw new BuildInputException(file(), fromLine(), "FROM --platform=" + forced + " conflicts "
                                + "with the requested platform " + p + "; drop one of them");
                    }
                }
                if (out.isEmpty()) {
                    out.add(forced);
                }
            }
            if (out.isEmpty()) {
                out.add(ImageBuilder.hostPlatform());
            }
            return ImageBuilder.distinct(out);
        }

        /** The Dockerfile with the base's ONBUILD triggers inserted after FROM, as Docker runs them. */
        private Dockerfile withTriggers(BaseImage base) throws BuildInputException {
            if (base.isScratch() || base.config().onBuild().isEmpty()) {
                return dockerfile;
            }
            List<Instruction> instructions = new ArrayList<>();
            for (Instruction instruction : dockerfile.instructions()) {
                instructions.add(instruction);
                if (instruction instanceof Instruction.From) {
                    for (String trigger : base.config().onBuild()) {
                        instructions.add(DockerfileParser.trigger(dockerfile, base.name(), trigger));
                    }
                }
            }
            return new Dockerfile(dockerfile.file(), dockerfile.escape(), instructions);
        }

        @Override
        public String base(Platform platform) throws BuildInputException {
            return DockerfilePlanner.base(dockerfile, spec.buildArgs(), platform);
        }

        @Override
        public BuildPlan plan(Platform platform, BaseImage base, ContextFiles context,
                ArchiveExtractor archives, BaseFilesystem filesystem) throws BuildInputException, IOException {
            List<String> env = new ArrayList<>();
            String workdir = null;
            if (!base.isScratch()) {
                env.addAll(base.config().env());
                workdir = base.config().workingDir();
            }
            return DockerfilePlanner.plan(withTriggers(base), new DockerfilePlanner.Inputs(spec.buildArgs(), platform,
                    env, workdir, created, fileTime, context, archives, filesystem));
        }
    }
}
