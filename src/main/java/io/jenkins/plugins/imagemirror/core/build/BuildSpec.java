package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.registry.Registries;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What to build.
 *
 * @param context the build context directory (COPY/ADD sources, {@code .dockerignore})
 * @param dockerfile the Dockerfile, or null (then {@code buildFile}, or else {@code CONTEXT/Dockerfile})
 * @param buildFile a YAML build file instead of a Dockerfile, or null
 * @param buildArgs {@code --build-arg} values
 * @param platforms {@code os/arch[/variant]} to build; empty: FROM's {@code --platform}, the build file's
 *     platforms, or this machine's platform. More than one gives an OCI image index.
 * @param cacheDir where layers, fetched bases and Jib's caches live between builds (caller's choice)
 * @param outputDir the OCI layout directory the result is written to
 * @param created the creation time in the config and history; null: {@code SOURCE_DATE_EPOCH} of this process,
 *     else the epoch (reproducible)
 * @param baseImages where FROM images come from
 */
public record BuildSpec(
        Path context,
        Path dockerfile,
        Path buildFile,
        Map<String, String> buildArgs,
        List<String> platforms,
        Path cacheDir,
        Path outputDir,
        Instant created,
        BaseImageSource baseImages) {
    public BuildSpec {
        if (context == null || cacheDir == null || outputDir == null) {
            throw new IllegalArgumentException("a build needs a context, a cache directory and an output directory");
        }
        if (dockerfile != null && buildFile != null) {
            throw new IllegalArgumentException("give a Dockerfile or a build file, not both");
        }
        buildArgs = Map.copyOf(buildArgs == null ? Map.of() : buildArgs);
        platforms = List.copyOf(platforms == null ? List.of() : platforms);
        baseImages = baseImages == null ? new EngineBaseImages(Registries.defaults(), null) : baseImages;
    }

    /** {@code created} if set, else {@code SOURCE_DATE_EPOCH} (seconds) from {@code environment}, else the epoch. */
    public Instant creationTime(Map<String, String> environment) {
        if (created != null) {
            return created;
        }
        String epoch = environment.get("SOURCE_DATE_EPOCH");
        if (epoch == null || epoch.isBlank()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "SOURCE_DATE_EPOCH='" + epoch + "' is not a number of seconds since "
                            + "1970-01-01; set it to e.g. $(git log -1 --format=%ct)",
                    e);
        }
    }
}
