package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed YAML build file as a {@link BuildInput}. Each layer entry becomes one layer; a {@code src} directory
 * contributes its content (filtered by {@code includes}/{@code excludes}, globs relative to {@code src} where
 * {@code **} spans directories) under {@code dest}. Properties (permissions, numeric user and group, timestamp)
 * cascade: layers, then layer, then file set. Defaults: files 644, directories 755, 0:0, the build's file time.
 */
final class BuildFile implements BuildInput {
    private final String file;
    private final String text;
    private final BuildFileModel model;
    private final Instant created;

    BuildFile(String file, String text, BuildFileModel model, Instant created) {
        this.file = file;
        this.text = text;
        this.model = model;
        this.created = created;
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public List<Platform> platforms(List<String> requested) throws BuildInputException {
        List<Platform> out = new ArrayList<>();
        try {
            for (String p : requested) {
                out.add(Platform.parse(p));
            }
            if (out.isEmpty() && model.from() != null && model.from().platforms() != null) {
                for (BuildFileModel.PlatformEntry p : model.from().platforms()) {
                    out.add(new Platform(p.os(), p.architecture(), p.variant()));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new BuildInputException(file, BuildFileParser.lineOf(text, "platforms"), e.getMessage());
        }
        if (out.isEmpty()) {
            out.add(Platform.host());
        }
        return BuildInput.distinct(out);
    }

    @Override
    public String base(Platform platform) {
        return model.from() == null || model.from().image() == null
                ? "scratch"
                : model.from().image();
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
        Instant fileTime = created.equals(Instant.EPOCH) ? Instant.ofEpochSecond(1) : created;
        List<BuildPlan.Step> steps = new ArrayList<>();
        if (model.layers() != null && model.layers().entries() != null) {
            for (BuildFileModel.Layer layer : model.layers().entries()) {
                LayerSpec spec = layer(layer, context, fileTime, filesystem);
                steps.add(new BuildPlan.Step(
                        "layer " + layer.name() + " (" + file + ")",
                        spec.line(),
                        spec.entries().isEmpty() ? null : spec));
            }
        }
        List<String> ports = new ArrayList<>();
        for (String port : orEmpty(model.exposedPorts())) {
            ports.addAll(Ports.parse(file, BuildFileParser.lineOf(text, "exposedPorts"), port));
        }
        String workdir = model.workingDirectory();
        if (workdir != null && !workdir.startsWith("/")) {
            throw new BuildInputException(
                    file,
                    BuildFileParser.lineOf(text, "workingDirectory"),
                    "workingDirectory '" + workdir + "' must be absolute, e.g. /app");
        }
        return new BuildPlan(
                base(platform),
                created,
                orEmpty(model.environment()),
                orEmpty(model.labels()),
                ports,
                orEmpty(model.volumes()),
                model.user(),
                workdir,
                model.entrypoint(),
                model.cmd(),
                model.entrypoint() != null && model.cmd() == null,
                null,
                null,
                null,
                List.of(),
                null,
                steps);
    }

    private LayerSpec layer(
            BuildFileModel.Layer layer, ContextFiles context, Instant fileTime, ImageFilesystem filesystem)
            throws BuildInputException, IOException {
        int line = lineOfName(layer.name());
        Map<String, LayerSpec.Entry> entries = new LinkedHashMap<>();
        BuildFileModel.Properties layersProps = model.layers().properties();
        for (BuildFileModel.FileSet files : orEmpty(layer.files())) {
            Props props =
                    Props.DEFAULT.with(layersProps).with(layer.properties()).with(files.properties());
            String owner = props.ownership(file, line);
            Instant time = props.timestamp == null
                    ? fileTime
                    : BuildFileParser.instant(file, line, "timestamp", props.timestamp);
            int fileMode = props.mode(file, line, props.filePermissions, "filePermissions");
            int dirMode = props.mode(file, line, props.directoryPermissions, "directoryPermissions");
            if (!files.dest().startsWith("/")) {
                throw new BuildInputException(
                        file,
                        line,
                        "dest '" + files.dest() + "' of layer " + layer.name() + " must be absolute, e.g. /app");
            }
            List<ContextFiles.ContextPath> sources;
            try {
                sources = context.resolve(files.src());
            } catch (IllegalArgumentException e) {
                throw new BuildInputException(
                        file, line, "layer " + layer.name() + ", src " + files.src() + ": " + e.getMessage());
            }
            List<Pattern> includes = patterns(files.includes());
            List<Pattern> excludes = patterns(files.excludes());
            String dest = CopyPlanner.absolute("/", files.dest());
            for (ContextFiles.ContextPath source : sources) {
                if (!source.directory()) {
                    entries.put(dest, new LayerSpec.Entry(source.file(), dest, fileMode, owner, time));
                    continue;
                }
                entries.put(dest, new LayerSpec.Entry(source.file(), dest, dirMode, owner, time));
                String prefix = source.relative().isEmpty() ? "" : source.relative() + "/";
                LinkedHashSet<String> neededDirs = new LinkedHashSet<>();
                List<ContextFiles.ContextPath> children = context.walk(source.relative());
                for (ContextFiles.ContextPath child : children) {
                    String relative = child.relative().substring(prefix.length());
                    boolean included =
                            (includes.isEmpty() || matches(includes, relative)) && !matches(excludes, relative);
                    if (!included || child.directory()) {
                        continue;
                    }
                    for (int slash = relative.indexOf('/'); slash > 0; slash = relative.indexOf('/', slash + 1)) {
                        neededDirs.add(relative.substring(0, slash));
                    }
                    neededDirs.add(relative);
                }
                for (ContextFiles.ContextPath child : children) {
                    String relative = child.relative().substring(prefix.length());
                    if (neededDirs.contains(relative)) {
                        String target = CopyPlanner.join(dest, relative);
                        entries.put(
                                target,
                                new LayerSpec.Entry(
                                        child.file(), target, child.directory() ? dirMode : fileMode, owner, time));
                    }
                }
            }
        }
        List<LayerSpec.Entry> resolved = new ArrayList<>();
        for (LayerSpec.Entry entry : entries.values()) {
            // under a base's symbolic link (/bin -> usr/bin), write to its target rather than replace the link
            resolved.add(new LayerSpec.Entry(
                    entry.source(),
                    filesystem.resolveParent(entry.target()),
                    entry.mode(),
                    entry.ownership(),
                    entry.modified()));
        }
        return new LayerSpec("layer " + layer.name() + " (" + file + ")", line, resolved);
    }

    private int lineOfName(String name) {
        var m = Pattern.compile("(?m)^\\s*-?\\s*name\\s*:\\s*['\"]?" + Pattern.quote(name) + "['\"]?\\s*$")
                .matcher(text);
        if (!m.find()) {
            return 0;
        }
        return (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count()
                + 1
                + (text.charAt(m.start()) == '\n' ? 1 : 0);
    }

    private static List<Pattern> patterns(List<String> globs) {
        List<Pattern> out = new ArrayList<>();
        for (String glob : orEmpty(globs)) {
            out.add(Pattern.compile(DockerIgnore.regex(DockerIgnore.clean(glob))));
        }
        return out;
    }

    private static boolean matches(List<Pattern> patterns, String path) {
        return patterns.stream().anyMatch(p -> p.matcher(path).matches());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    /** Properties after cascading; null fields keep the outer value. */
    private record Props(
            String filePermissions, String directoryPermissions, String user, String group, String timestamp) {
        static final Props DEFAULT = new Props("644", "755", "0", "0", null);

        Props with(BuildFileModel.Properties p) {
            if (p == null) {
                return this;
            }
            return new Props(
                    or(p.filePermissions(), filePermissions),
                    or(p.directoryPermissions(), directoryPermissions),
                    or(p.user(), user),
                    or(p.group(), group),
                    or(p.timestamp(), timestamp));
        }

        private static String or(String a, String b) {
            return a != null ? a : b;
        }

        String ownership(String file, int line) throws BuildInputException {
            if (!user.matches("\\d+") || !group.matches("\\d+")) {
                throw new BuildInputException(
                        file,
                        line,
                        "user '" + user + "' and group '" + group + "' must be "
                                + "numeric ids (image-mirror does not read the image's /etc/passwd), e.g. user: \"1000\"");
            }
            return user + ":" + group;
        }

        int mode(String file, int line, String value, String field) throws BuildInputException {
            if (!value.matches("0?[0-7]{3}")) {
                throw new BuildInputException(
                        file, line, field + " '" + value + "' is not an octal mode of three " + "digits, e.g. 644");
            }
            return Integer.parseInt(value, 8);
        }
    }
}
