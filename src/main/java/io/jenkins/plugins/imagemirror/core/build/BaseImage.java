package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One platform's base image, available locally in an OCI layout directory ({@code scratch} has none). A
 * {@link BaseImageSource} fetches the image into a layout and returns {@link #fromLayout}.
 */
public final class BaseImage {
    private static final BaseImage SCRATCH = new BaseImage("scratch", null, null, null);

    private final String name;
    private final Manifest manifest;
    private final ImageConfig config;
    private final Path layout;

    BaseImage(String name, Manifest manifest, ImageConfig config, Path layout) {
        this.name = name;
        this.manifest = manifest;
        this.config = config;
        this.layout = layout;
    }

    public static BaseImage scratch() {
        return SCRATCH;
    }

    /**
     * The image named {@code ref} in the OCI layout {@code dir} (null: the only one), for {@code platform}: a
     * manifest whose config is that platform, or an index with such a manifest.
     *
     * @param name what FROM said, for messages and the size report
     * @throws IOException naming the layout when the image or platform is missing or unreadable
     */
    public static BaseImage fromLayout(String name, Path dir, String ref, Platform platform) throws IOException {
        return BaseImageReader.fromLayout(name, dir, ref, platform);
    }

    /** What FROM said, e.g. {@code alpine:3.20} or {@code oci:/cache/base}. */
    public String name() {
        return name;
    }

    public boolean isScratch() {
        return config == null;
    }

    /** The OCI layout holding the base's blobs; null for scratch. */
    public Path layout() {
        return layout;
    }

    /** The image config; null for scratch. */
    ImageConfig config() {
        return config;
    }

    /** The manifest; null for scratch. */
    Manifest manifest() {
        return manifest;
    }

    /** The manifest's layer descriptors, in order; none for scratch. */
    List<Descriptor> layers() {
        return manifest == null ? List.of() : manifest.layers();
    }

    /** The file of one of the base's blobs in its layout (written and verified by the engine's copier). */
    Path blobFile(Descriptor blob) {
        return layout.resolve(LayoutNames.blobPath(blob.digest()));
    }
}
