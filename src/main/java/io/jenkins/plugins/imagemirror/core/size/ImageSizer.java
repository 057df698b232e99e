package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sizes an image straight from where it lives (registry, archive, layout): fetches the root, the platform manifests
 * and configs, and streams each layer once through {@link SizeReportCalculator}. With an ImageSource of core.copy:
 * {@code new ImageSizer().size(name, source.resolve(), source::manifest, source::openBlob, platform, Set.of())}.
 */
public final class ImageSizer {
    /** Configs are small JSON documents; anything larger is refused rather than held in memory. */
    static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

    private final SizeReportCalculator calculator;

    public ImageSizer() {
        this(new SizeReportCalculator(new LayerAnalyzer()));
    }

    /** Reuses and keeps layer scans in {@code cache} (see {@link LayerScanCache#shared()}). */
    public ImageSizer(LayerScanCache cache) {
        this(new SizeReportCalculator(new LayerAnalyzer(LayerAnalyzer.DEFAULT_LARGEST_FILES, cache)));
    }

    public ImageSizer(SizeReportCalculator calculator) {
        this.calculator = calculator;
    }

    /**
     * @param image     the name shown in the report (and carried by archives)
     * @param root      the descriptor the reference resolves to (manifest or index)
     * @param platform  only this platform of an index, or null for every image platform of it (entries without a
     *                  platform or with os {@code unknown}, e.g. attestations, are skipped)
     * @param present   layers a target node already holds (for the download estimate)
     */
    public SizeReport size(
            String image,
            Descriptor root,
            ManifestFetcher manifests,
            BlobOpener blobs,
            Platform platform,
            Set<Digest> present)
            throws IOException {
        return size(image, image, root, manifests, blobs, platform == null ? List.of() : List.of(platform), present);
    }

    /**
     * As above, and predicts the archive files {@code copy [--platform P1,P2…] SRC oci-archive:F:archiveName} (and
     * {@code docker-archive:}) writes, for the whole choice and per platform ({@link ArchivePrediction}).
     *
     * @param archiveName the name the archives carry (null: unnamed)
     * @param platforms   the platforms asked for, as copy takes them; empty for every platform
     */
    public SizeReport size(
            String image,
            String archiveName,
            Descriptor root,
            ManifestFetcher manifests,
            BlobOpener blobs,
            List<Platform> platforms,
            Set<Digest> present)
            throws IOException {
        ManifestFetcher once = manifests.once(); // the sizes and the archive predictions read the same manifests
        ManifestContent top = once.manifest(root);
        List<SizeReportCalculator.PlatformImage> images = new ArrayList<>();
        byte[] index = null;
        if (top instanceof ImageIndex list) {
            index = list.bytes();
            for (Descriptor child : list.manifests()) {
                Platform p = child.platform();
                boolean runnable = p != null
                        && !p.os().equals("unknown")
                        && !p.architecture().equals("unknown");
                if (runnable && (platforms.isEmpty() || platforms.stream().anyMatch(w -> w.matches(p)))) {
                    images.add(platformImage(image, once.manifest(child), blobs));
                }
            }
            if (images.isEmpty()) {
                throw new IOException("sizing " + image + ": its index " + root.digest() + " has no image for "
                        + (platforms.isEmpty()
                                ? "any platform"
                                : "platform "
                                        + platforms.stream()
                                                .map(Platform::toString)
                                                .collect(java.util.stream.Collectors.joining(",")))
                        + "; it lists "
                        + list.manifests().stream()
                                .map(d -> String.valueOf(d.platform()))
                                .toList());
            }
        } else {
            images.add(platformImage(image, top, blobs));
        }
        return calculator
                .calculate(image, archiveName, index, images, blobs, present)
                .withArchives(ArchivePrediction.image(once::manifest, root, platforms, archiveName));
    }

    private static SizeReportCalculator.PlatformImage platformImage(
            String image, ManifestContent content, BlobOpener blobs) throws IOException {
        if (!(content instanceof Manifest manifest)) {
            throw new IOException(
                    "sizing " + image + ": an index inside an index (" + content.digest() + ") is not supported");
        }
        Descriptor config = manifest.config();
        if (config.size() > MAX_CONFIG_BYTES) {
            throw new IOException("sizing " + image + ": config " + config.digest() + " is " + config.size()
                    + " bytes, over the " + MAX_CONFIG_BYTES + "-byte limit for image configs");
        }
        byte[] bytes;
        try (InputStream in = blobs.open(config)) {
            bytes = in.readNBytes((int) config.size() + 1);
        }
        return new SizeReportCalculator.PlatformImage(manifest.bytes(), bytes);
    }
}
