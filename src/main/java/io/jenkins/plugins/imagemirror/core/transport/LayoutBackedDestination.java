package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;

/**
 * What every destination that writes into an OCI layout shares (the {@code oci:} directory itself, or the staging
 * layout of an archive): blobs and manifests go into the layout as content-addressed files, each renamed into place
 * only when whole and verified; the root is remembered for {@link #commit()}, which subclasses define.
 */
abstract class LayoutBackedDestination implements ImageDestination {
    final OciLayoutWriter layout;
    private final String description;
    private ManifestContent root;

    LayoutBackedDestination(OciLayoutWriter layout, String description) {
        this.layout = layout;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
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

    /** The root given to {@link #putRoot}; the copier always puts it before committing. */
    ManifestContent root() {
        if (root == null) {
            throw new IllegalStateException(description + ": commit before putRoot");
        }
        return root;
    }

    /** Names the layout or archive; the digest is in the copy result. */
    @Override
    public String resultReference(Digest rootDigest) {
        return description;
    }
}
