package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;

/** Reads a manifest or index named by a descriptor, verified (e.g. {@code core.transport.ImageSource::manifest}). */
@FunctionalInterface
public interface ManifestFetcher {
    ManifestContent manifest(Descriptor descriptor) throws IOException;
}
