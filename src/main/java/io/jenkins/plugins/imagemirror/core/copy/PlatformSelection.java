package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Applies a platform filter to a source root. No filter, or a filter that keeps every entry: the root as it is.
 * One platform: that platform's own manifest, whose digest is the one the source already serves for it (so it can
 * still be pulled by digest from the source). Several platforms: a new index of those entries, with a new digest.
 *
 * @param explanation one line saying how the digest changed, for the log
 */
record PlatformSelection(ManifestContent root, String explanation) {

    static PlatformSelection select(ImageSource source, ManifestContent content, List<Platform> platforms)
            throws IOException {
        if (platforms.isEmpty()) {
            return new PlatformSelection(content, "");
        }
        if (content instanceof Manifest manifest) {
            Platform actual = platformOf(source, manifest);
            for (Platform wanted : platforms) {
                if (actual == null || wanted.matches(actual)) {
                    return new PlatformSelection(content, "");
                }
            }
            throw new IOException("selecting platforms " + names(platforms) + " of " + source.describe()
                    + ": it is a single-platform image for " + actual + "; drop --platform or ask for " + actual);
        }
        ImageIndex index = (ImageIndex) content;
        List<Descriptor> kept = new ArrayList<>();
        for (Platform wanted : platforms) {
            Descriptor match = index.find(wanted)
                    .orElseThrow(() -> new IOException("selecting platform " + wanted + " of " + source.describe()
                            + ": not in its index; it has " + available(index)));
            if (!kept.contains(match)) {
                kept.add(match);
            }
        }
        if (kept.size() == index.manifests().size() && kept.size() > 1) {
            return new PlatformSelection(content, "");
        }
        if (kept.size() == 1) { // also from an index of one: one platform asked for always gives its own manifest
            ManifestContent single = source.manifest(kept.get(0));
            return new PlatformSelection(
                    single,
                    "platform " + kept.get(0).platform() + " selected: the root is now its" + " manifest "
                            + single.digest() + " (the source's index is " + index.digest() + ")");
        }
        ImageIndex filtered = ImageIndex.create(index.mediaType(), kept, index.annotations());
        return new PlatformSelection(
                filtered,
                "platforms " + names(platforms) + " selected: new index " + filtered.digest()
                        + " (the source's index is " + index.digest() + "); the digest changed");
    }

    private static Platform platformOf(ImageSource source, Manifest manifest) throws IOException {
        if (manifest.config().size() > 8 * 1024 * 1024) {
            return null;
        }
        try (InputStream in = source.openBlob(manifest.config())) {
            return ImageConfig.parse(in.readNBytes((int) manifest.config().size()))
                    .platform();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String available(ImageIndex index) {
        return index.manifests().stream()
                .map(Descriptor::platform)
                .filter(p -> p != null)
                .map(Platform::toString)
                .distinct()
                .collect(Collectors.joining(", "));
    }

    private static String names(List<Platform> platforms) {
        return platforms.stream().map(Platform::toString).collect(Collectors.joining(","));
    }
}
