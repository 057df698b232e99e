package io.jenkins.plugins.imagemirror.core.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hidden working directory beside a target file ({@code .<name>.staging-<random>}), on the same file system so
 * that staged files can be renamed into place, deleted with everything in it on {@link #close()}.
 *
 * <p>Interrupted means clean. The writer holds an exclusive lock on {@code .<name>.staging-<random>.lock} for the
 * directory's life: the operating system releases it when the process dies, however it dies (a lock, unlike a PID,
 * survives PID reuse). Creating a staging directory first removes those of earlier writers to the same target whose
 * lock is free (their process is gone), and a JVM shutdown hook (SIGINT, SIGTERM, {@code System.exit}) deletes the
 * directories still open. A thread interrupt (an aborted Jenkins build) ends in {@link #close()} like any failure.
 */
public final class StagingDirectory implements AutoCloseable {
    static final String MARK = ".staging-";
    private static final String LOCK = ".lock";
    private static final Set<StagingDirectory> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> OPEN.forEach(StagingDirectory::close), "image-mirror-staging-cleanup"));
    }

    private final Path path;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private volatile boolean closed;

    private StagingDirectory(Path path, Path lockFile, FileChannel lockChannel) {
        this.path = path;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
    }

    /**
     * Creates the directory beside {@code target} (the target's parent directory must exist), after removing the
     * staging directories a dead writer left for the same target.
     */
    public static StagingDirectory beside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException(
                    "writing " + absolute + ": directory " + parent + " does not exist (create it first)");
        }
        String prefix = "." + absolute.getFileName() + MARK;
        removeAbandoned(parent, prefix);
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve(
                    prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            Path lockFile = parent.resolve(dir.getFileName() + LOCK);
            FileChannel channel;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
                continue;
            }
            try {
                channel.lock(); // released by close(), or by the OS when this process dies
                Files.createDirectory(dir);
            } catch (IOException | RuntimeException e) {
                channel.close();
                Files.deleteIfExists(lockFile);
                throw e;
            }
            StagingDirectory staging = new StagingDirectory(dir, lockFile, channel);
            OPEN.add(staging);
            return staging;
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes the directory, its content and its lock; best effort, never throws. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // a blob thread still finishing may create a file while the tree is deleted: try again then
        for (int i = 0; i < 3 && Files.exists(path, LinkOption.NOFOLLOW_LINKS); i++) {
            deleteTree(path);
        }
        try {
            Files.deleteIfExists(lockFile);
            lockChannel.close();
        } catch (IOException ignored) {
            // best effort: a stale lock file is removed by the next write to the same target
        }
        OPEN.remove(this);
    }

    /** Removes {@code prefix*} staging directories beside the target whose writer is gone (their lock is free). */
    static void removeAbandoned(Path parent, String prefix) {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, glob(prefix) + "*" + LOCK)) {
            for (Path lockFile : siblings) {
                removeIfAbandoned(lockFile);
            }
        } catch (IOException ignored) {
            // best effort: what cannot be listed now is tried again by the next write
        }
    }

    private static void removeIfAbandoned(Path lockFile) {
        Path fileName = lockFile.getFileName();
        if (fileName == null) {
            return;
        }
        String name = fileName.toString();
        Path dir = lockFile.resolveSibling(name.substring(0, name.length() - LOCK.length()));
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return; // another process writes there now
            }
            deleteTree(dir);
            Files.deleteIfExists(lockFile);
        } catch (OverlappingFileLockException e) {
            // held by this JVM: a write in progress here
        } catch (IOException ignored) {
            // gone meanwhile, or not ours to delete
        }
    }

    private static String glob(String literal) {
        return literal.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
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
