package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link SizeReport} from the raw image documents (as fetched: bytes are what every size counts) and a way
 * to open layer blobs. Each layer is read once, even when several platforms share it ({@link LayerAnalyzer});
 * configs are checked against their manifest, and each layer's uncompressed digest against the config's diff IDs.
 */
public final class SizeReportCalculator {
    /** The raw documents of one platform: manifest bytes and the config bytes it names. */
    public record PlatformImage(byte[] manifest, byte[] config) {}

    private final LayerAnalyzer analyzer;

    public SizeReportCalculator(LayerAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * @param image         the name shown in the report and carried by archives (e.g. {@code host/repo:tag})
     * @param index         the raw index when the image is multi-platform (or reached through an index), else null
     * @param platforms     one entry per platform to report, in index order when there is an index
     * @param opener        opens layer blobs
     * @param presentLayers digests of layers a target node already has (for the download estimate); may be empty
     */
    public SizeReport calculate(
            String image, byte[] index, List<PlatformImage> platforms, BlobOpener opener, Set<Digest> presentLayers)
            throws IOException {
        return calculate(image, image, index, platforms, opener, presentLayers);
    }

    /**
     * As above, with the name the predicted archive files carry ({@code ociArchive}, {@code dockerArchive}: the
     * files {@code copy --platform P SRC oci-archive:F:archiveName} writes); null for unnamed archives.
     */
    public SizeReport calculate(
            String image,
            String archiveName,
            byte[] index,
            List<PlatformImage> platforms,
            BlobOpener opener,
            Set<Digest> presentLayers)
            throws IOException {
        Descriptor indexDescriptor = null;
        ImageIndex parsedIndex = null;
        if (index != null) {
            ManifestContent content = parse(index, image + " index");
            if (!(content instanceof ImageIndex i)) {
                throw new IOException("reading the index of " + image + ": got a single-platform manifest; pass it "
                        + "as a platform and no index");
            }
            parsedIndex = i;
            indexDescriptor = Descriptor.ofContent(i.mediaType(), index);
        }
        List<PlatformSizes> result = new ArrayList<>();
        try (LayerAnalyzer.Session layers = analyzer.session(opener)) { // shared layers are read once
            for (PlatformImage p : platforms) {
                result.add(platform(image, archiveName, p, indexDescriptor, parsedIndex, layers, presentLayers));
            }
        }
        return new SizeReport(image, indexDescriptor, result, List.of());
    }

    private PlatformSizes platform(
            String image,
            String archiveName,
            PlatformImage p,
            Descriptor indexDescriptor,
            ImageIndex index,
            LayerAnalyzer.Session analyses,
            Set<Digest> present)
            throws IOException {
        Digest manifestDigest = Digest.sha256(p.manifest());
        Descriptor entry = null;
        if (index != null) {
            entry = index.manifests().stream()
                    .filter(d -> d.digest().equals(manifestDigest))
                    .findFirst()
                    .orElseThrow(() -> new IOException("manifest " + manifestDigest + " of " + image
                            + " is not listed in its index " + indexDescriptor.digest()
                            + ": pass the manifests the index names"));
        }
        ManifestContent content = parse(p.manifest(), entry == null ? null : entry.mediaType(), image + " manifest");
        if (!(content instanceof Manifest manifest)) {
            throw new IOException("reading a platform manifest of " + image + ": got an index; pass the manifests it "
                    + "lists, one per platform");
        }
        Descriptor manifestDescriptor =
                Descriptor.ofContent(entry != null ? entry.mediaType() : manifest.mediaType(), p.manifest());
        Descriptor configDescriptor = manifest.config();
        Digest configDigest = Digest.sha256(p.config());
        if (!configDigest.equals(configDescriptor.digest()) || p.config().length != configDescriptor.size()) {
            throw new IOException("config of " + image + " (" + configDigest + ", " + p.config().length
                    + " bytes) does not match manifest " + manifest.digest() + " (" + configDescriptor.digest() + ", "
                    + configDescriptor.size() + " bytes): pass the config the manifest names");
        }
        ImageConfig config;
        try {
            config = ImageConfig.parse(p.config());
        } catch (IllegalArgumentException e) {
            throw new IOException("reading the config " + configDigest + " of " + image + ": " + e.getMessage(), e);
        }
        List<String> origins = config.diffIds().size() == manifest.layers().size() ? config.layerOrigins() : List.of();
        List<LayerStats> layers = analyses.analyze(manifest.layers(), origins);
        for (LayerStats layer : layers) {
            if (layer.index() < config.diffIds().size()
                    && !config.diffIds().get(layer.index()).equals(layer.diffId())) {
                throw new IOException("layer " + layer.digest() + " of " + image + " unpacks to " + layer.diffId()
                        + " but the config expects " + config.diffIds().get(layer.index()));
            }
        }
        long indexBytes = indexDescriptor == null ? 0 : indexDescriptor.size();
        String platform = entry != null && entry.platform() != null
                ? entry.platform().toString()
                : config.platform() != null ? config.platform().toString() : "unknown";
        ImageArchives archives = ArchivePrediction.platform(
                manifest,
                entry != null && entry.platform() != null ? entry.platform() : config.platform(),
                archiveName);
        RuntimeSizes sizes =
                RuntimeSizeCalculator.calculate(manifestDescriptor, configDescriptor, indexBytes, layers, archives);
        List<Digest> presentHere = new ArrayList<>();
        long download = manifestDescriptor.size() + configDescriptor.size() + indexBytes;
        for (LayerStats layer : layers) {
            if (present.contains(layer.digest())) {
                presentHere.add(layer.digest());
            } else {
                download += layer.compressedBytes();
            }
        }
        List<String> explanation = SizeExplainer.explain(
                manifestDescriptor, configDescriptor, indexBytes, layers, sizes, present, download);
        return new PlatformSizes(
                platform,
                manifestDescriptor,
                configDescriptor,
                indexBytes,
                sizes,
                layers,
                presentHere,
                download,
                explanation);
    }

    private static ManifestContent parse(byte[] bytes, String what) throws IOException {
        return parse(bytes, null, what);
    }

    private static ManifestContent parse(byte[] bytes, String mediaType, String what) throws IOException {
        try {
            return ManifestContent.parse(bytes, mediaType);
        } catch (IllegalArgumentException e) {
            throw new IOException("reading the " + what + ": " + e.getMessage(), e);
        }
    }
}
