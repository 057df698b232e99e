package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens the raw (still compressed) bytes of a blob, from a registry, an OCI layout or an archive. The caller
 * closes the stream. Each layer is opened exactly once per analysis.
 */
@FunctionalInterface
public interface BlobOpener {
    InputStream open(Descriptor blob) throws IOException;
}
