package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
                      UnaryOperator<OutputStream> wrap) throws IOException {
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
        if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            throw new IOException("writing " + absolute + ": directory " + absolute.getParent() + " does not exist");
        }
        try (StagedFile staged = StagedFile.create(absolute)) {
            OutputStream out = new BufferedOutputStream(wrap.apply(staged.stream()), 256 * 1024);
            TarWriter tar = new TarWriter(out);
            for (Map.Entry<String, Object> entry : entries.entrySet()) {
                Object value = entry.getValue();
                if (value instanceof String directory) {
                    tar.directory(directory);
                } else if (value instanceof Descriptor blob) {
                    try (InputStream in = source.openBlob(blob)) {
                        tar.file(entry.getKey(), blob.size(), in);
                    }
                } else {
                    tar.file(entry.getKey(), (byte[]) value);
                }
            }
            tar.finish();
            out.flush();
            staged.commit();
        } catch (IOException e) {
            String message = e.getMessage() != null && e.getMessage().contains(absolute.toString())
                    ? e.getMessage() : "writing " + absolute + ": " + e.getMessage();
            throw new IOException(message + " (nothing was written to " + absolute.getFileName() + ")", e);
        }
    }
}
