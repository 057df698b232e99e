package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
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
 * The size report of an image wherever it is (registry, archive, layout): reads the root, each platform's manifest
 * and config, and streams each layer once through the {@link SizeReportCalculator}. Cost: one pass over every
 * compressed layer of the reported platforms; memory bounded by the layer analysis (per-path state only).
 */
public final class SourceSizeReader {
    /** Configs are small; a larger one is refused rather than read into memory. */
    private static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

    private final SizeReportCalculator calculator;

    public SourceSizeReader(SizeReportCalculator calculator) {
        this.calculator = calculator;
    }

    public SourceSizeReader() {
        this(new SizeReportCalculator(new LayerAnalyzer()));
    }

    /**
     * @param image         the name shown in the report
     * @param platforms     empty: every platform of an index (entries without a platform, such as attestations,
     *                      are skipped); otherwise only these
     * @param presentLayers layers a node already holds, for the download estimate
     */
    public SizeReport read(ImageSource source, String image, List<Platform> platforms, Set<Digest> presentLayers)
            throws IOException {
        Descriptor root = source.resolve();
        ManifestContent content = source.manifest(root);
        List<SizeReportCalculator.PlatformImage> images = new ArrayList<>();
        byte[] index = null;
        if (content instanceof ImageIndex imageIndex) {
            index = imageIndex.bytes();
            for (Descriptor entry : imageIndex.manifests()) {
                if (entry.platform() == null || "unknown".equals(entry.platform().os()) || !wanted(entry.platform(), platforms)) {
                    continue;
                }
                ManifestContent child = source.manifest(entry);
                if (child instanceof Manifest manifest) {
                    images.add(new SizeReportCalculator.PlatformImage(manifest.bytes(), config(source, manifest)));
                }
            }
            if (images.isEmpty()) {
                throw new IOException("reporting sizes of " + source.describe() + ": its index has no platform "
                        + (platforms.isEmpty() ? "image" : "matching " + platforms));
            }
        } else {
            Manifest manifest = (Manifest) content;
            images.add(new SizeReportCalculator.PlatformImage(manifest.bytes(), config(source, manifest)));
        }
        return calculator.calculate(image, index, images, source::openBlob, presentLayers);
    }

    private static boolean wanted(Platform platform, List<Platform> platforms) {
        return platforms.isEmpty() || platforms.stream().anyMatch(p -> p.matches(platform));
    }

    private static byte[] config(ImageSource source, Manifest manifest) throws IOException {
        Descriptor config = manifest.config();
        if (config.size() > MAX_CONFIG_BYTES) {
            throw new IOException("reading config " + config.digest() + " of " + source.describe() + ": "
                    + config.size() + " bytes is more than the " + MAX_CONFIG_BYTES + " allowed for a config");
        }
        try (InputStream in = source.openBlob(config)) {
            byte[] bytes = in.readNBytes((int) config.size() + 1);
            if (bytes.length != config.size() || !Digest.sha256(bytes).equals(config.digest())) {
                throw new IOException("reading config " + config.digest() + " of " + source.describe()
                        + ": the bytes do not match the manifest's descriptor");
            }
            return bytes;
        }
    }
}
