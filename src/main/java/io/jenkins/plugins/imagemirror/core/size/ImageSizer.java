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
    public SizeReport size(String image, Descriptor root, ManifestFetcher manifests, BlobOpener blobs,
            Platform platform, Set<Digest> present) throws IOException {
        ManifestContent top = manifests.manifest(root);
        List<SizeReportCalculator.PlatformImage> platforms = new ArrayList<>();
        byte[] index = null;
        if (top instanceof ImageIndex list) {
            index = list.bytes();
            for (Descriptor child : list.manifests()) {
                Platform p = child.platform();
                boolean runnable = p != null && !p.os().equals("unknown") && !p.architecture().equals("unknown");
                if (runnable && (platform == null || platform.matches(p))) {
                    platforms.add(platformImage(image, manifests.manifest(child), blobs));
                }
            }
            if (platforms.isEmpty()) {
                throw new IOException("sizing " + image + ": its index " + root.digest() + " has no image for "
                        + (platform == null ? "any platform" : "platform " + platform)
                        + "; it lists " + list.manifests().stream().map(d -> String.valueOf(d.platform())).toList());
            }
        } else {
            platforms.add(platformImage(image, top, blobs));
        }
        return calculator.calculate(image, index, platforms, blobs, present);
    }

    private static SizeReportCalculator.PlatformImage platformImage(String image, ManifestContent content,
            BlobOpener blobs) throws IOException {
        if (!(content instanceof Manifest manifest)) {
            throw new IOException("sizing " + image + ": an index inside an index (" + content.digest()
                    + ") is not supported");
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
