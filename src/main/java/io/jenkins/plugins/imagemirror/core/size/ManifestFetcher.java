package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Reads a manifest or index named by a descriptor, verified (e.g. {@code core.transport.ImageSource::manifest}). */
@FunctionalInterface
public interface ManifestFetcher {
    ManifestContent manifest(Descriptor descriptor) throws IOException;

    /**
     * This fetcher, asked once per digest: a report reads each manifest for its sizes and again for its archive
     * predictions, and on a registry each read is a round trip. Not thread-safe; hold it for one report.
     */
    default ManifestFetcher once() {
        Map<Digest, ManifestContent> read = new HashMap<>();
        return descriptor -> {
            ManifestContent known = read.get(descriptor.digest());
            if (known == null) {
                known = manifest(descriptor);
                read.put(descriptor.digest(), known);
            }
            return known;
        };
    }
}
