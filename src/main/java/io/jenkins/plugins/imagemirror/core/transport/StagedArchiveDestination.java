package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.archive.StagingDirectory;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * An archive destination. The copier writes blobs concurrently but a tar can only be written sequentially, so
 * blobs are staged in a layout directory beside the target ({@code .<name>.staging-<random>/}, same file system),
 * and {@link #commit()} writes the archive from it to a file in that directory that is renamed over the target.
 * Closing deletes the staging directory in every case, so a failed or abandoned copy leaves nothing; a killed
 * process's staging directory is removed by the next write to the same target, and SIGINT/SIGTERM remove it at
 * once ({@link StagingDirectory}). Costs the image's size
 * twice on disk while committing.
 */
abstract class StagedArchiveDestination extends LayoutBackedDestination {
    private final Path target;
    private final StagingDirectory staging;

    StagedArchiveDestination(Path target, String description) throws IOException {
        this(target.toAbsolutePath(), StagingDirectory.beside(target.toAbsolutePath()), description);
    }

    private StagedArchiveDestination(Path target, StagingDirectory staging, String description) throws IOException {
        super(openLayout(staging), description);
        this.target = target;
        this.staging = staging;
    }

    /** Opens the staging layout, deleting the staging directory again if that fails. */
    private static OciLayoutWriter openLayout(StagingDirectory staging) throws IOException {
        try {
            return OciLayoutWriter.open(staging.path());
        } catch (IOException | RuntimeException e) {
            staging.close();
            throw e;
        }
    }

    /** Writes the archive to {@code target} from the staged blobs (verified when staged: copied in-kernel). */
    abstract void writeArchive(OciLayoutReader staged, Descriptor rootEntry, ManifestContent root, Path target)
            throws IOException;

    /** The index.json entry for the root (named as this destination names it). */
    abstract Descriptor rootEntry(ManifestContent root);

    /** Always false: an archive is written whole, even if the target already holds the same image. */
    @Override
    public boolean hasRoot(Descriptor root) throws IOException {
        return false;
    }

    @Override
    public void commit() throws IOException {
        ManifestContent root = root();
        Descriptor entry = rootEntry(root);
        layout.writeIndex(List.of(entry));
        // the tar too is written inside the staging directory, so that an interrupt at any point leaves nothing
        // that survives the staging directory's removal; then one rename puts it in place
        Path written = staging.path().resolve(target.getFileName());
        try (OciLayoutReader staged = OciLayoutReader.openTrusted(staging.path())) {
            writeArchive(staged, entry, root, written);
        }
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        }
        staging.close();
    }

    @Override
    public void close() {
        staging.close();
    }
}
