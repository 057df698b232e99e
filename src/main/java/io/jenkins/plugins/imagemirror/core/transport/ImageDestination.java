package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where the copier ({@code core.copy.ImageCopier}) writes an image. It calls, in order: {@link #hasRoot}; then
 * for each blob {@link #hasBlob}, {@link #mount} or {@link #openBlob}; {@link #putManifest} for each child of an index;
 * {@link #putRoot}; {@link #commit}. {@link #close} without {@link #commit} must leave nothing behind that looks
 * complete (no half-written archive, no tag pointing at a partial image).
 *
 * <p>Blob methods are called from several threads at once, for different blobs.
 */
public interface ImageDestination extends Closeable {

    /** For messages and reports: {@code docker://registry.corp/team/app:1.0}, {@code oci-archive:/out/app.tar}. */
    String describe();

    /** True when the destination already holds {@code root} under every name it would write: nothing to do. */
    boolean hasRoot(Descriptor root) throws IOException;

    boolean hasBlob(Descriptor blob) throws IOException;

    /** Makes {@code blob} present without an upload (cross-repository mount); false when that is not possible. */
    default boolean mount(Descriptor blob, ImageReference from) throws IOException {
        return false;
    }

    /** Starts receiving {@code blob}: exactly {@code blob.size()} bytes, then {@link BlobSink#commit()}. */
    BlobSink openBlob(Descriptor blob) throws IOException;

    /** Stores a child manifest of an index, by digest. Its blobs are already present. */
    void putManifest(ManifestContent manifest) throws IOException;

    /** Stores the root manifest or index and points every name of this destination at it. */
    void putRoot(ManifestContent root) throws IOException;

    /** Makes the result visible (an archive is renamed into place). */
    void commit() throws IOException;

    /** The name a later stage should use, e.g. {@code registry.corp/team/app:1.0@sha256:…}; after commit. */
    String resultReference(Digest rootDigest);
}
