package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Writes the hybrid OCI archive: one tar that is both an OCI image layout ({@code oci-layout}, {@code index.json},
 * {@code blobs/<alg>/<hex>}: what {@code ctr images import}, {@code skopeo} and {@code podman load} read) and a
 * {@code docker save} archive ({@code manifest.json} whose Config and Layers name the same blob files: what
 * {@code docker load} reads). Blobs are stored once.
 *
 * <p>{@code index.json} lists the given entries as they are (a multi-platform image is one entry pointing at its
 * index; name them with {@link OciLayoutWriter#named}). Docker loads one platform per image, so
 * {@code manifest.json} lists, per image, the manifest for {@code dockerPlatform} (by default the host's); an
 * index without that platform is left out of {@code manifest.json} only.
 *
 * <p>Deterministic: entries sorted by name, fixed metadata ({@link TarWriter}), so the same images give the same
 * bytes. The file is written under a temporary name beside {@code target} and renamed when complete; on any
 * failure (a blob that does not match its digest, a full disk) nothing is left.
 */
public final class OciArchiveWriter {
    private OciArchiveWriter() {}

    /** Writes the images {@code entries} of {@code layout} to {@code target}, Docker's part for the host platform. */
    public static void write(LayoutReader layout, List<Descriptor> entries, Path target) throws IOException {
        write(layout, entries, ImageGraph.hostPlatform(), target);
    }

    public static void write(LayoutReader layout, List<Descriptor> entries, Platform dockerPlatform, Path target)
            throws IOException {
        write(layout, entries, dockerPlatform, target, UnaryOperator.identity());
    }

    static void write(
            LayoutReader layout,
            List<Descriptor> entries,
            Platform dockerPlatform,
            Path target,
            UnaryOperator<WritableByteChannel> wrap)
            throws IOException {
        ArchiveTar.write(target, layout, contents(ManifestLookup.of(layout), entries, dockerPlatform), wrap);
    }

    /**
     * What {@link #write} writes for these entries: the layout of the archive, from the images' manifests and
     * indexes alone (no layer is read), so that a size can be predicted exactly before any byte is copied.
     *
     * @param dockerPlatform the platform {@code manifest.json} describes; null for the host's
     */
    public static ArchiveContents contents(ManifestLookup images, List<Descriptor> entries, Platform dockerPlatform)
            throws IOException {
        Map<Digest, Descriptor> blobs = ImageGraph.blobs(images, entries);
        Map<String, byte[]> files = new TreeMap<>();
        files.put(LayoutNames.OCI_LAYOUT, LayoutNames.layoutFile());
        files.put(LayoutNames.INDEX, OciLayoutWriter.indexJson(entries));
        files.put(
                LayoutNames.DOCKER_MANIFEST,
                DockerManifestJson.write(dockerImages(
                        images, entries, dockerPlatform == null ? ImageGraph.hostPlatform() : dockerPlatform)));
        return ArchiveContents.of(blobs.values(), files);
    }

    /** The manifest.json entries: one per distinct platform manifest, tagged with every name pointing at it. */
    static List<DockerManifestJson> dockerImages(ManifestLookup layout, List<Descriptor> entries, Platform platform)
            throws IOException {
        Map<Digest, Manifest> manifests = new LinkedHashMap<>();
        Map<Digest, List<String>> tags = new LinkedHashMap<>();
        for (Descriptor entry : entries) {
            Optional<Manifest> manifest = ImageGraph.platformManifest(layout, entry, platform);
            if (manifest.isEmpty() || !isImageConfig(manifest.get().config().mediaType())) {
                continue;
            }
            Digest digest = manifest.get().digest();
            manifests.putIfAbsent(digest, manifest.get());
            List<String> names = tags.computeIfAbsent(digest, d -> new ArrayList<>());
            // a RepoTag is a tagged name: a name by digest (containerd's) leaves the image untagged in docker
            LayoutNames.imageName(entry.annotations().get(LayoutNames.CONTAINERD_NAME))
                    .or(() -> LayoutNames.imageName(entry.annotations().get(LayoutNames.REF_NAME)))
                    .filter(name -> !names.contains(name))
                    .ifPresent(names::add);
        }
        List<DockerManifestJson> images = new ArrayList<>();
        for (Manifest manifest : manifests.values()) {
            images.add(DockerArchiveWriter.entry(manifest, tags.get(manifest.digest())));
        }
        return images;
    }

    /** The manifest.json of one image with one tag (for size arithmetic in tests). */
    static byte[] dockerImagesBytes(Manifest manifest, String tag) {
        return DockerManifestJson.write(List.of(DockerArchiveWriter.entry(manifest, List.of(tag))));
    }

    static boolean isImageConfig(String mediaType) {
        return MediaType.OCI_CONFIG.equals(mediaType) || MediaType.DOCKER_CONFIG.equals(mediaType);
    }
}
