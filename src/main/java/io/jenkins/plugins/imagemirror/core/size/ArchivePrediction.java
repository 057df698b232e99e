package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.archive.DockerArchiveWriter;
import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.archive.ManifestLookup;
import io.jenkins.plugins.imagemirror.core.archive.OciArchiveWriter;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The size of the archive files {@code copy} writes, from the image's manifests and indexes alone: the archive
 * writers lay out the archive ({@link OciArchiveWriter#contents}, {@link DockerArchiveWriter#contents}) and the
 * tar writer's own header rules give its bytes, so the prediction is the file's size by construction (no second
 * formula). Assumes what {@code copy} does: the root a {@code --platform} choice leaves (as core.copy's
 * PlatformSelection makes it: the one manifest for one platform, the index itself when every entry is kept, else
 * a new index of the kept entries), the archive named {@code name} (the image's name when the destination has no
 * {@code :NAME}), and {@code manifest.json} for the first platform asked for, else the host's.
 */
final class ArchivePrediction {
    private ArchivePrediction() {}

    /**
     * The files {@code copy --platform P SRC oci-archive:F[:NAME]} and {@code docker-archive:F[:NAME]} write for one
     * platform {@code P} whose manifest is {@code manifest} (the root of that copy).
     */
    static ImageArchives platform(Manifest manifest, Platform platform, String name) throws IOException {
        ManifestLookup images = d -> {
            if (!d.digest().equals(manifest.digest())) {
                throw new IOException(
                        "predicting the archive of " + manifest.digest() + ": " + d.digest() + " is not part of it");
            }
            return manifest;
        };
        long oci = OciArchiveWriter.contents(
                        images, List.of(OciLayoutWriter.named(manifest.descriptor(), name)), platform)
                .tarBytes();
        return new ImageArchives(name, oci, dockerArchive(manifest, name));
    }

    /**
     * The files {@code copy [--platform P1,P2…] SRC oci-archive:F[:NAME]} / {@code docker-archive:} write for the
     * source root {@code root}; {@code dockerArchive} is null when that copy refuses (a multi-platform root).
     */
    static ImageArchives image(ManifestLookup images, Descriptor root, List<Platform> platforms, String name)
            throws IOException {
        ManifestContent selected = select(images, images.manifest(root), platforms);
        ManifestLookup withSelected = d -> d.digest().equals(selected.digest()) ? selected : images.manifest(d);
        Platform dockerPlatform = platforms.isEmpty() ? null : platforms.get(0);
        long oci = OciArchiveWriter.contents(
                        withSelected, List.of(OciLayoutWriter.named(selected.descriptor(), name)), dockerPlatform)
                .tarBytes();
        Long docker = selected instanceof Manifest m ? dockerArchive(m, name) : null;
        return new ImageArchives(name, oci, docker);
    }

    private static ManifestContent select(ManifestLookup images, ManifestContent content, List<Platform> platforms)
            throws IOException {
        if (platforms.isEmpty() || !(content instanceof ImageIndex index)) {
            return content;
        }
        List<Descriptor> kept = new ArrayList<>();
        for (Platform wanted : platforms) {
            Optional<Descriptor> match = index.find(wanted);
            if (match.isEmpty()) {
                throw new IOException(
                        "predicting the archive of platform " + wanted + ": not in the index " + index.digest());
            }
            if (!kept.contains(match.get())) {
                kept.add(match.get());
            }
        }
        if (kept.size() == index.manifests().size() && kept.size() > 1) {
            return index;
        }
        if (kept.size() == 1) {
            return images.manifest(kept.get(0));
        }
        return ImageIndex.create(index.mediaType(), kept, index.annotations());
    }

    /** The docker-archive of one manifest, or null when copy refuses it (not an image, zstd layers). */
    private static Long dockerArchive(Manifest manifest, String name) {
        boolean image = MediaType.OCI_CONFIG.equals(manifest.config().mediaType())
                || MediaType.DOCKER_CONFIG.equals(manifest.config().mediaType());
        if (!image || manifest.layers().stream().anyMatch(l -> MediaType.isZstdLayer(l.mediaType()))) {
            return null;
        }
        List<String> tags = LayoutNames.imageName(name).map(List::of).orElse(List.of());
        return DockerArchiveWriter.contents(manifest, tags).tarBytes();
    }
}
