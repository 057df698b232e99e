package io.jenkins.plugins.imagemirror.core.size;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link SizeReport} from raw image documents and a way to open layer blobs. Each layer of each platform
 * is read once ({@link LayerAnalyzer}); the manifest and config bytes are checked against their descriptors.
 */
public final class SizeReportCalculator {
    /** The raw documents of one platform: manifest bytes and the config bytes it names. */
    public record PlatformImage(byte[] manifest, byte[] config) {
    }

    private final LayerAnalyzer analyzer;

    public SizeReportCalculator(LayerAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * @param image         the name shown in the report
     * @param index         the raw index when the image is multi-platform (or reached through an index), else null
     * @param platforms     one entry per platform to report, in index order when there is an index
     * @param opener        opens layer blobs
     * @param presentLayers digests of layers a target node already has (for the download estimate); may be empty
     */
    public SizeReport calculate(String image, byte[] index, List<PlatformImage> platforms, BlobOpener opener,
            Set<String> presentLayers) throws IOException {
        BlobDescriptor indexDescriptor = null;
        List<ImageJson.IndexEntry> entries = List.of();
        if (index != null) {
            entries = ImageJson.index(index);
            indexDescriptor = new BlobDescriptor(mediaType(index, "application/vnd.oci.image.index.v1+json"),
                    sha256(index), index.length);
        }
        List<PlatformSizes> result = new ArrayList<>();
        for (PlatformImage p : platforms) {
            result.add(platform(image, p, indexDescriptor, entries, opener, presentLayers));
        }
        return new SizeReport(image, indexDescriptor, result, List.of());
    }

    private PlatformSizes platform(String image, PlatformImage p, BlobDescriptor index,
            List<ImageJson.IndexEntry> entries, BlobOpener opener, Set<String> present) throws IOException {
        String digest = sha256(p.manifest());
        ImageJson.IndexEntry entry = entries.stream().filter(e -> e.manifest().digest().equals(digest))
                .findFirst().orElse(null);
        if (index != null && entry == null) {
            throw new IOException("manifest " + digest + " of " + image + " is not listed in its index "
                    + index.digest() + ": pass the manifests the index names");
        }
        BlobDescriptor manifest = new BlobDescriptor(entry != null ? entry.manifest().mediaType()
                : mediaType(p.manifest(), "application/vnd.oci.image.manifest.v1+json"), digest, p.manifest().length);
        ImageJson.Manifest parsed = ImageJson.manifest(p.manifest());
        String configDigest = sha256(p.config());
        if (!configDigest.equals(parsed.config().digest()) || p.config().length != parsed.config().size()) {
            throw new IOException("config of " + image + " (" + configDigest + ", " + p.config().length
                    + " bytes) does not match manifest " + digest + " (" + parsed.config().digest() + ", "
                    + parsed.config().size() + " bytes)");
        }
        ImageJson.Config config = ImageJson.config(p.config());
        List<String> history = config.layerHistory().size() == parsed.layers().size() ? config.layerHistory()
                : List.of();
        List<LayerStats> layers = analyzer.analyze(parsed.layers(), history, opener);
        for (LayerStats layer : layers) {
            if (layer.index() < config.diffIds().size() && !config.diffIds().get(layer.index()).equals(layer.diffId())) {
                throw new IOException("layer " + layer.digest() + " of " + image + " unpacks to " + layer.diffId()
                        + " but the config expects " + config.diffIds().get(layer.index()));
            }
        }
        long indexBytes = index == null ? 0 : index.size();
        RuntimeSizes sizes = RuntimeSizeCalculator.calculate(manifest, parsed.config(), p.config(), indexBytes, layers,
                image);
        List<String> presentHere = new ArrayList<>();
        long download = manifest.size() + parsed.config().size() + indexBytes;
        for (LayerStats layer : layers) {
            if (present.contains(layer.digest())) {
                presentHere.add(layer.digest());
            } else {
                download += layer.compressedBytes();
            }
        }
        String platform = entry != null && entry.platform() != null ? entry.platform()
                : config.platform() != null ? config.platform() : "unknown";
        List<String> explanation = SizeExplainer.explain(manifest, parsed.config(), indexBytes, layers, sizes,
                present, download);
        return new PlatformSizes(platform, manifest, parsed.config(), indexBytes, sizes, layers, presentHere,
                download, explanation);
    }

    private static String mediaType(byte[] json, String fallback) {
        try {
            String declared = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("mediaType")
                    .asText("");
            return declared.isEmpty() ? fallback : declared;
        } catch (IOException e) {
            return fallback;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
