package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;

/**
 * Reads the manifest or index a descriptor names, verified: from a layout being written, or from any image source
 * (a registry, another archive) when only the archive's layout is wanted, as for a size prediction.
 */
@FunctionalInterface
public interface ManifestLookup {
    ManifestContent manifest(Descriptor descriptor) throws IOException;

    /** The documents of {@code layout}. */
    static ManifestLookup of(LayoutReader layout) {
        return d -> LayoutDocuments.parseManifest(layout.readBlob(d), d, layout.describe());
    }
}
