package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Writes an archive of blobs (read from a layout, verified as they stream) and small named files, all entries
 * sorted by name with their directories, into a {@link StagedFile}: the target appears complete or not at all.
 */
final class ArchiveTar {
    private ArchiveTar() {}

    /**
     * @param wrap lets tests interpose on the output (e.g. a full disk); production passes the identity
     */
    static void write(Path target, LayoutReader source, Collection<Descriptor> blobs, Map<String, byte[]> files,
                      UnaryOperator<WritableByteChannel> wrap) throws IOException {
        SortedMap<String, Object> entries = new TreeMap<>(files);
        TreeSet<String> directories = new TreeSet<>();
        for (Descriptor blob : blobs) {
            String path = LayoutNames.blobPath(blob.digest());
            entries.put(path, blob);
            directories.add(LayoutNames.BLOBS);
            directories.add(path.substring(0, path.lastIndexOf('/')));
        }
        directories.forEach(d -> entries.put(d + "/", d));
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException("writing " + absolute + ": directory " + parent + " does not exist");
        }
        try (StagedFile staged = StagedFile.create(absolute)) {
            TarWriter tar = new TarWriter(wrap.apply(staged.channel()));
            for (Map.Entry<String, Object> entry : entries.entrySet()) {
                Object value = entry.getValue();
                if (value instanceof String directory) {
                    tar.directory(directory);
                } else if (value instanceof Descriptor blob) {
                    writeBlob(tar, entry.getKey(), source, blob);
                } else {
                    tar.file(entry.getKey(), (byte[]) value);
                }
            }
            tar.finish();
            staged.commit();
        } catch (IOException e) {
            String message = e.getMessage() != null && e.getMessage().contains(absolute.toString())
                    ? e.getMessage() : "writing " + absolute + ": " + e.getMessage();
            throw new IOException(message + " (nothing was written to " + absolute.getFileName() + ")", e);
        }
    }

    private static void writeBlob(TarWriter tar, String name, LayoutReader source, Descriptor blob)
            throws IOException {
        Optional<Path> file = source.trustedBlobFile(blob);
        if (file.isPresent()) {
            try (FileChannel in = FileChannel.open(file.get(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                tar.file(name, blob.size(), in);
            }
        } else {
            try (InputStream in = source.openBlob(blob)) {
                tar.file(name, blob.size(), in);
            }
        }
    }
}
