package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.util.List;

/**
 * How {@link ImageCopier} copies.
 *
 * @param platforms empty: every platform of an index, byte for byte; otherwise only these, in a new index (or the
 *                  one matching manifest when exactly one platform is asked for), whose digest differs
 * @param jobs      blobs in flight at once (each holds one 64 KiB buffer plus one pipe per registry destination)
 * @param attempts  tries per blob and destination after a transport failure (the source is re-read only then)
 */
public record CopyOptions(List<Platform> platforms, int jobs, int attempts) {
    public static final int DEFAULT_JOBS = 4;

    public CopyOptions {
        platforms = List.copyOf(platforms == null ? List.of() : platforms);
        if (jobs < 1 || jobs > 64) {
            throw new IllegalArgumentException("jobs must be between 1 and 64, was " + jobs);
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts must be between 1 and 10, was " + attempts);
        }
    }

    public static CopyOptions defaults() {
        return new CopyOptions(List.of(), DEFAULT_JOBS, 3);
    }

    public CopyOptions withPlatforms(List<Platform> newPlatforms) {
        return new CopyOptions(newPlatforms, jobs, attempts);
    }

    public CopyOptions withJobs(int newJobs) {
        return new CopyOptions(platforms, newJobs, attempts);
    }
}
