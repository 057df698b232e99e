package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Walks the images of a layout: every blob they reference, and the manifest a single-platform tool would use. */
final class ImageGraph {
    private static final int MAX_DEPTH = 4;

    private ImageGraph() {}

    /** Every blob reachable from {@code roots} (roots, child manifests, configs, layers), sorted by digest. */
    static Map<Digest, Descriptor> blobs(ManifestLookup layout, List<Descriptor> roots) throws IOException {
        Map<Digest, Descriptor> blobs = new TreeMap<>();
        for (Descriptor root : roots) {
            collect(layout, root, blobs, 0);
        }
        return blobs;
    }

    private static void collect(ManifestLookup layout, Descriptor d, Map<Digest, Descriptor> blobs, int depth)
            throws IOException {
        Descriptor bare = Descriptor.of(d.mediaType(), d.digest(), d.size());
        if (blobs.putIfAbsent(d.digest(), bare) != null) {
            return;
        }
        if (!MediaType.isIndex(d.mediaType()) && !MediaType.isManifest(d.mediaType())) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new ArchiveFormatException("indexes nested more than " + MAX_DEPTH + " deep at " + d.digest());
        }
        ManifestContent content = layout.manifest(d);
        if (content instanceof ImageIndex index) {
            for (Descriptor child : index.manifests()) {
                collect(layout, child, blobs, depth + 1);
            }
        } else if (content instanceof Manifest manifest) {
            collect(layout, manifest.config(), blobs, depth + 1);
            for (Descriptor layer : manifest.layers()) {
                collect(layout, layer, blobs, depth + 1);
            }
        }
    }

    /**
     * The single-platform manifest of {@code root} for {@code platform}: the root itself when it is a manifest;
     * for an index, the entry matching {@code platform}, else empty (callers decide whether that is an error).
     */
    static Optional<Manifest> platformManifest(ManifestLookup layout, Descriptor root, Platform platform)
            throws IOException {
        Descriptor current = root;
        for (int depth = 0; depth <= MAX_DEPTH; depth++) {
            ManifestContent content = layout.manifest(current);
            if (content instanceof Manifest manifest) {
                return Optional.of(manifest);
            }
            Optional<Descriptor> next = ((ImageIndex) content).find(platform);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        throw new ArchiveFormatException("indexes nested more than " + MAX_DEPTH + " deep at " + root.digest());
    }

    /** The platform of this JVM's host as a container runtime sees it: {@link Platform#host()}. */
    static Platform hostPlatform() {
        return Platform.host();
    }
}
