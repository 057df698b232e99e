package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.archive.StagingDirectory;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An archive destination. The copier writes blobs concurrently but a tar can only be written sequentially, so
 * blobs are staged in a layout directory beside the target ({@code .<name>.staging-<random>/}, same file system),
 * and {@link #commit()} writes the archive from it to a temporary file that is renamed over the target. Closing
 * deletes the staging directory in every case, so a failed or abandoned copy leaves nothing. Costs the image's size
 * twice on disk while committing.
 */
abstract class StagedArchiveDestination implements ImageDestination {
    private final Path target;
    private final String description;
    private final StagingDirectory staging;
    private final OciLayoutWriter layout;
    private ManifestContent root;

    StagedArchiveDestination(Path target, String description) throws IOException {
        this.target = target.toAbsolutePath();
        this.description = description;
        this.staging = StagingDirectory.beside(this.target);
        try {
            this.layout = OciLayoutWriter.open(staging.path());
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

    @Override
    public String describe() {
        return description;
    }

    /** Always false: an archive is written whole, even if the target already holds the same image. */
    @Override
    public boolean hasRoot(Descriptor root) throws IOException {
        return false;
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return layout.hasBlob(blob.digest());
    }

    @Override
    public BlobSink openBlob(Descriptor blob) throws IOException {
        return new LayoutBlobSink(layout.openBlob(blob));
    }

    @Override
    public void putManifest(ManifestContent manifest) throws IOException {
        layout.writeBlob(manifest.descriptor(), manifest.bytes());
    }

    @Override
    public void putRoot(ManifestContent newRoot) throws IOException {
        layout.writeBlob(newRoot.descriptor(), newRoot.bytes());
        this.root = newRoot;
    }

    @Override
    public void commit() throws IOException {
        if (root == null) {
            throw new IllegalStateException(description + ": commit before putRoot");
        }
        Descriptor entry = rootEntry(root);
        layout.writeIndex(List.of(entry));
        try (OciLayoutReader staged = OciLayoutReader.openTrusted(staging.path())) {
            writeArchive(staged, entry, root, target);
        }
        staging.close();
    }

    /** Names the archive; its digest is in the copy result. */
    @Override
    public String resultReference(Digest rootDigest) {
        return description;
    }

    @Override
    public void close() {
        staging.close();
    }
}
