package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where the copier ({@code core.copy.ImageCopier}) reads an image from: a registry, an OCI archive or layout, a
 * docker archive. Implementations are thread-safe: the copier opens several blobs at once.
 */
public interface ImageSource extends Closeable {

    /** For messages: {@code docker://127.0.0.1:5000/team/app:1.0}, {@code oci-archive:/tmp/app.tar}. */
    String describe();

    /**
     * The root manifest or index, as cheaply as the transport allows (a registry answers a HEAD, which does not
     * count against Docker Hub's pull limit).
     */
    Descriptor resolve() throws IOException;

    /** Reads a manifest or index (the root or a child), verifying its bytes against {@code descriptor}. */
    ManifestContent manifest(Descriptor descriptor) throws IOException;

    /**
     * Opens a blob (config or layer) for one sequential read. The copier verifies digest and size as it streams,
     * so implementations need not; they must not buffer the whole blob in memory.
     */
    InputStream openBlob(Descriptor blob) throws IOException;

    /**
     * The image's own name, which an archive written without {@code :NAME} carries ({@link ArchiveName}): a
     * registry reference without its digest ({@code registry.corp/team/app:1.0}; by digest only,
     * {@code registry.corp/team/app@sha256:…}), or the full image name an archive or layout gives the image
     * ({@code io.containerd.image.name}, a ref name that is an image reference, the first RepoTag). Empty when the
     * source has none (an unnamed layout, a build's own layout).
     */
    default Optional<String> imageName() throws IOException {
        return Optional.empty();
    }

    /** The source's registry repository, when it is one: destinations on the same registry can mount from it. */
    default Optional<ImageReference> registryReference() {
        return Optional.empty();
    }
}
