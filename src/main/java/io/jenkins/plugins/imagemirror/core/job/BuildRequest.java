package io.jenkins.plugins.imagemirror.core.job;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job builds its image from (instead of reading a source): a context directory and a Dockerfile or a build
 * file. Paths are absolute or relative to the working directory of the process that runs the job.
 *
 * @param dockerfile null: the build file, else {@code context/Dockerfile}
 * @param buildFile  null unless the image is described by a YAML build file
 * @param cacheDir   Jib's layer and base-image cache, kept between builds; the build's scratch layout goes here too
 */
public record BuildRequest(
        Path context, Path dockerfile, Path buildFile, Map<String, String> buildArgs, Path cacheDir) {
    public BuildRequest {
        if (context == null || cacheDir == null) {
            throw new IllegalArgumentException("a build needs a context and a cache directory");
        }
        if (dockerfile != null && buildFile != null) {
            throw new IllegalArgumentException("give a Dockerfile or a build file, not both");
        }
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs == null ? Map.of() : buildArgs));
    }

    /** What the image is called when nothing else names it: the build file, the Dockerfile or the context. */
    public String describe() {
        return String.valueOf(buildFile != null ? buildFile : dockerfile != null ? dockerfile : context);
    }
}
