package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads one platform's base image from an OCI layout directory the engine fetched it into: the entry named REF in
 * {@code index.json} (a manifest, or an index to pick the platform from, as the copier picks one), its config and
 * layer descriptors.
 */
final class BaseImageReader {
    private BaseImageReader() {}

    static BaseImage fromLayout(String name, Path dir, String tag, Platform platform) throws IOException {
        OciLayoutReader layout = OciLayoutReader.open(dir);
        List<Descriptor> candidates = layout.entries().stream()
                .filter(m -> tag == null || tag.equals(m.annotations().get(LayoutNames.REF_NAME)))
                .toList();
        if (candidates.size() != 1) {
            throw new IOException("reading base image " + name + ": "
                    + (candidates.isEmpty() ? "no image" : candidates.size() + " images")
                    + (tag == null ? "" : " tagged " + tag) + " in " + dir
                    + "; name one with oci:DIR:TAG");
        }
        ManifestContent root = layout.manifest(candidates.get(0));
        if (root instanceof ImageIndex index) {
            Descriptor chosen = index.find(platform)
                    .orElseThrow(() -> new IOException("base image " + name
                            + " has no " + platform + " image (it has "
                            + index.manifests().stream()
                                    .map(Descriptor::platform)
                                    .filter(Objects::nonNull)
                                    .map(Platform::toString)
                                    .toList()
                            + "); build for one of those platforms"));
            root = layout.manifest(chosen);
        }
        if (!(root instanceof Manifest manifest)) {
            throw new IOException("reading base image " + name + " from " + dir + ": an index inside an index; "
                    + "fetch the platform's image with image-mirror first");
        }
        ImageConfig config;
        try {
            config = ImageConfig.parse(layout.readBlob(manifest.config()));
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "reading the config of base image " + name + " from " + dir + ": " + e.getMessage(), e);
        }
        Platform actual = config.platform();
        if (actual == null) {
            throw new IOException("base image " + name + " names no os/architecture in its config; use a base built "
                    + "for " + platform);
        }
        if (!platform.matches(actual)) {
            String is = actual.os() + "/" + actual.architecture();
            throw new IOException("base image " + name + " is " + is + ", not " + platform + "; build for " + is
                    + " or use a base with " + platform);
        }
        return new BaseImage(name, manifest, config, dir);
    }
}
