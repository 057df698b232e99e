package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.build.plan.BuildPlan;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts one platform's image together in the output layout: the base's layers (blobs linked, never recompressed),
 * the built layers, a config merged the way {@code docker build} merges ({@link ConfigMerger}) and an OCI manifest.
 * The output depends only on its inputs: the base's bytes, the plan, the plan's creation time everywhere.
 */
final class ImageComposer {
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ImageComposer() {}

    /**
     * @param built the built layer of each of {@code plan}'s layer steps, in order
     * @return the manifest, written with its config and layers into {@code out}
     */
    static Manifest compose(
            OciLayoutWriter out, BaseImage base, BuildPlan plan, List<BuiltLayer> built, Platform platform)
            throws IOException {
        List<Digest> diffIds = new ArrayList<>();
        if (!base.isScratch()) {
            for (Descriptor layer : base.layers()) {
                out.linkBlob(layer, base.blobFile(layer));
            }
            diffIds.addAll(base.config().diffIds());
        }
        List<Descriptor> layers = new ArrayList<>();
        for (BuiltLayer layer : built) {
            Descriptor descriptor = Descriptor.of(MediaType.OCI_LAYER_GZIP, layer.digest(), layer.size());
            out.linkBlob(descriptor, layer.blob());
            layers.add(descriptor);
            diffIds.add(layer.diffId());
        }
        Descriptor config = write(out, MediaType.OCI_CONFIG, config(base, plan, platform, diffIds));
        Manifest manifest = Manifest.derive(base.manifest(), config, layers);
        out.writeBlob(manifest.descriptor(), manifest.bytes());
        return manifest;
    }

    static byte[] config(BaseImage base, BuildPlan plan, Platform platform, List<Digest> diffIds) {
        String author = plan.author() != null
                ? plan.author()
                : base.isScratch() ? null : base.config().author();
        List<ImageConfig.History> history = plan.steps().stream()
                .map(step -> new ImageConfig.History(step.createdBy(), "image-mirror", step.layer() == null))
                .toList();
        return ConfigMerger.merge(base.config(), plan, base.isScratch() ? DEFAULT_PATH : null)
                .write(plan.created().toString(), author, platform, diffIds, history);
    }

    /** Writes small content as a blob and returns its descriptor. */
    static Descriptor write(OciLayoutWriter out, String mediaType, byte[] bytes) throws IOException {
        Descriptor descriptor = Descriptor.ofContent(mediaType, bytes);
        out.writeBlob(descriptor, bytes);
        return descriptor;
    }
}
