package io.jenkins.plugins.imagemirror.core.job;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import java.nio.file.Path;
import java.util.List;

/**
 * One run of the workflow, typed and validated: an image (read from {@link #source} or built from {@link #build}),
 * written to every destination with one digest, then the digests file and the size report. The CLI maps its options
 * to one; the Jenkins steps map their fields and resolved credentials to one.
 *
 * @param source       where the image is read from; null for a build
 * @param build        what the image is built from; null for a source
 * @param destinations where it is written, in order; empty: only the size report of the source
 * @param tags         more tags at every registry destination
 * @param platforms    only these platforms (of a source's index, or built); empty: every platform
 * @param copy         parallelism and retries of the copy (its platforms are {@code platforms})
 * @param registries   per-host settings for every registry place without settings of its own, and for a build's
 *                     base images
 * @param outputDir    where the digests file and the report files are written; null: none are written
 * @param report       whether the size report is written (the digests file is written whenever a registry
 *                     destination was written and {@code outputDir} is set)
 */
public record JobRequest(
        JobTarget source,
        BuildRequest build,
        List<JobTarget> destinations,
        List<String> tags,
        List<Platform> platforms,
        CopyOptions copy,
        Registries registries,
        Path outputDir,
        boolean report) {

    public JobRequest {
        if ((source == null) == (build == null)) {
            throw new IllegalArgumentException("a job reads a source or builds an image: give exactly one");
        }
        destinations = List.copyOf(destinations);
        tags = List.copyOf(tags);
        platforms = List.copyOf(platforms);
        copy = copy == null ? CopyOptions.defaults() : copy;
        registries = registries == null ? Registries.defaults() : registries;
        if (build != null && destinations.isEmpty()) {
            throw new IllegalArgumentException("a build needs at least one destination");
        }
    }

    /** True when the job only sizes its source. */
    public boolean sizesOnly() {
        return destinations.isEmpty();
    }
}
