package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Writes a docker-archive: what {@code docker save} writes and {@code docker load}, {@code podman load},
 * {@code ctr images import} and {@code skopeo copy docker-archive:} read. One single-platform image:
 * {@code manifest.json} (Config, RepoTags, Layers) plus the config and the layers as they are in the manifest
 * (compressed layers stay compressed: every reader decompresses), stored as {@code blobs/sha256/<hex>} like
 * Docker 25 does. Deterministic, written to a temporary file and renamed when complete.
 */
public final class DockerArchiveWriter {
    private DockerArchiveWriter() {}

    /**
     * @param manifest its config and layers must be blobs of {@code layout}
     * @param repoTags full image names ({@code docker.io/library/app:1.0}), possibly none
     */
    public static void write(LayoutReader layout, Manifest manifest, List<String> repoTags, Path target)
            throws IOException {
        write(layout, manifest, repoTags, target, UnaryOperator.identity());
    }

    static void write(
            LayoutReader layout,
            Manifest manifest,
            List<String> repoTags,
            Path target,
            UnaryOperator<WritableByteChannel> wrap)
            throws IOException {
        if (!OciArchiveWriter.isImageConfig(manifest.config().mediaType())) {
            throw new IOException("writing docker-archive " + target + ": manifest " + manifest.digest()
                    + " is not a container image (config type "
                    + manifest.config().mediaType() + ")");
        }
        for (Descriptor layer : manifest.layers()) {
            if (MediaType.isZstdLayer(layer.mediaType())) {
                throw new IOException("writing docker-archive " + target + ": layer " + layer.digest()
                        + " is zstd-compressed, which docker load cannot read; use oci-archive: instead");
            }
        }
        ArchiveTar.write(target, layout, contents(manifest, repoTags), wrap);
    }

    /** What {@link #write} writes: the layout of the archive, from the manifest alone (for exact predictions). */
    public static ArchiveContents contents(Manifest manifest, List<String> repoTags) {
        Map<Digest, Descriptor> blobs = new TreeMap<>();
        blobs.put(manifest.config().digest(), manifest.config());
        manifest.layers().forEach(l -> blobs.put(l.digest(), l));
        return ArchiveContents.of(
                blobs.values(),
                Map.of(LayoutNames.DOCKER_MANIFEST, DockerManifestJson.write(List.of(entry(manifest, repoTags)))));
    }

    static DockerManifestJson entry(Manifest manifest, List<String> repoTags) {
        List<String> layers = new ArrayList<>();
        manifest.layers().forEach(l -> layers.add(LayoutNames.blobPath(l.digest())));
        return new DockerManifestJson(LayoutNames.blobPath(manifest.config().digest()), repoTags, layers);
    }
}
