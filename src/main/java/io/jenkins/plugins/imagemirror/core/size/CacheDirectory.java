package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.archive.StagedFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of one cache in a directory of its own ({@link LayerScanFiles}, {@link DocumentCache}): each written
 * whole under a temporary name and renamed ({@link StagedFile}), so a reader (another report, another JVM) never
 * sees half a file; each read touches the file, and beyond {@code maxBytes} the least recently used go first. Best
 * effort throughout: a cache file that cannot be written or read only costs the work it would have saved, so
 * failures are swallowed and an unreadable file is deleted.
 */
final class CacheDirectory {
    /** Reads a cache file; throws on anything unexpected (the file is then deleted). */
    @FunctionalInterface
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** Writes a cache file's content. */
    @FunctionalInterface
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /**
     * Cache files hold what the job's images hold (a config may carry environment values): readable by the JVM's
     * user alone, where the file system has POSIX permissions.
     */
    private static final FileAttribute<?>[] OWNER_ONLY =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                    }
                    : new FileAttribute<?>[0];

    private final Path directory;
    private final String suffix;
    private final long maxBytes;

    /** @param suffix the ending of this cache's file names (e.g. {@code .scan}): only those are counted and trimmed */
    CacheDirectory(Path directory, String suffix, long maxBytes) {
        this.directory = directory;
        this.suffix = suffix;
        this.maxBytes = maxBytes;
    }

    /**
     * What {@code reader} makes of the file {@code name} (without the suffix), or null when there is no such file
     * or reading it failed (then it is deleted). A null from {@code reader} (the file is someone else's, e.g. the
     * same digest under another media type) leaves the file as it is.
     */
    <T> T read(String name, Reader<T> reader) {
        Path file = directory.resolve(name + suffix);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 65536))) {
            T value = reader.read(in);
            if (value != null) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
            }
            return value;
        } catch (IOException | RuntimeException e) {
            delete(file);
            return null;
        }
    }

    /** Writes the file {@code name} (without the suffix), replacing any, then trims the directory. */
    void write(String name, Writer writer) {
        try {
            Files.createDirectories(directory);
            try (StagedFile file = StagedFile.create(directory.resolve(name + suffix), OWNER_ONLY)) {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file.stream(), 65536));
                writer.write(out);
                out.flush();
                file.commit();
            }
            trim();
        } catch (IOException | UncheckedIOException e) {
            // a string over 64 KiB of UTF-8, a full disk, a read-only workspace: the next report does the work
        }
    }

    /** Deletes the least recently used files until the rest fit in {@code maxBytes}. */
    private void trim() throws IOException {
        List<Kept> kept = new ArrayList<>();
        long total = 0;
        try (Stream<Path> list = Files.list(directory)) {
            for (Path p : list.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .toList()) {
                try {
                    Kept k = new Kept(p, Files.getLastModifiedTime(p), Files.size(p));
                    kept.add(k);
                    total += k.size();
                } catch (IOException e) {
                    // deleted meanwhile by another report
                }
            }
        }
        kept.sort(Comparator.comparing(Kept::used));
        for (int i = 0; total > maxBytes && i < kept.size(); i++) {
            delete(kept.get(i).path());
            total -= kept.get(i).size();
        }
    }

    private record Kept(Path path, FileTime used, long size) {}

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort
        }
    }
}
