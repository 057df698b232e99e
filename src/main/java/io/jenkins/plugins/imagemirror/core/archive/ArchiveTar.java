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
import java.util.function.UnaryOperator;

/**
 * Writes {@link ArchiveContents} (blobs read from a layout, verified as they stream, and small named files) into a
 * {@link StagedFile}: the target appears complete or not at all.
 */
final class ArchiveTar {
    private ArchiveTar() {}

    /**
     * @param wrap lets tests interpose on the output (e.g. a full disk); production passes the identity
     */
    static void write(
            Path target, LayoutReader source, ArchiveContents contents, UnaryOperator<WritableByteChannel> wrap)
            throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException("writing " + absolute + ": directory " + parent + " does not exist");
        }
        try (StagedFile staged = StagedFile.create(absolute)) {
            TarWriter tar = new TarWriter(wrap.apply(staged.channel()));
            for (ArchiveContents.Entry entry : contents.entries()) {
                if (entry.isDirectory()) {
                    tar.directory(entry.name());
                } else if (entry.blob() != null) {
                    writeBlob(tar, entry.name(), source, entry.blob());
                } else {
                    tar.file(entry.name(), entry.bytes());
                }
            }
            tar.finish();
            staged.commit();
        } catch (IOException e) {
            String message = e.getMessage() != null && e.getMessage().contains(absolute.toString())
                    ? e.getMessage()
                    : "writing " + absolute + ": " + e.getMessage();
            throw new IOException(message + " (nothing was written to " + absolute.getFileName() + ")", e);
        }
    }

    private static void writeBlob(TarWriter tar, String name, LayoutReader source, Descriptor blob) throws IOException {
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
