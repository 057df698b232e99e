package io.jenkins.plugins.imagemirror.core.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A hidden working directory beside a target file ({@code .<name>.staging-<random>}), on the same file system so
 * that staged files can be renamed into place, deleted with everything in it on {@link #close()}.
 */
public final class StagingDirectory implements AutoCloseable {
    private final Path path;

    private StagingDirectory(Path path) {
        this.path = path;
    }

    /** Creates the directory beside {@code target}; the target's parent directory must exist. */
    public static StagingDirectory beside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException("writing " + absolute + ": directory " + parent
                    + " does not exist (create it first)");
        }
        return new StagingDirectory(Files.createTempDirectory(parent, "." + absolute.getFileName() + ".staging-"));
    }

    public Path path() {
        return path;
    }

    /** Deletes the directory and its content; best effort, never throws. */
    @Override
    public void close() {
        deleteTree(path);
    }

    /** Deletes {@code dir} recursively without following symlinks; best effort. */
    public static void deleteTree(Path dir) {
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                    for (Path child : children) {
                        deleteTree(child);
                    }
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging directory never looks like a complete archive
        }
    }
}
