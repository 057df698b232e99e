package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fetches FROM images with image-mirror's own engine: a registry reference ({@code alpine:3.20},
 * {@code docker://…}) through its registry client (per-registry TLS and credentials, 429 handling), or
 * {@code oci:DIR[:REF]}, {@code oci-archive:FILE[:REF]}, {@code docker-archive:FILE[:REF]}. Only the asked-for
 * platform is copied, into {@code CACHE/bases/<hash of location and platform>/}; a later build finds its blobs
 * there and only re-checks the root (one HEAD or GET on a registry).
 */
public final class EngineBaseImages implements BaseImageSource {
    private static final String REF = "base";

    private final Registries registries;
    private final CopyListener listener;

    /** @param listener progress of the base fetch, or null */
    public EngineBaseImages(Registries registries, CopyListener listener) {
        this.registries = registries;
        this.listener = listener;
    }

    @Override
    public BaseImage fetch(String reference, Platform platform, Path cacheDir) throws IOException {
        if (reference.equals("scratch")) {
            return BaseImage.scratch();
        }
        ImageLocation location;
        try {
            location = ImageLocation.parseOrReference(reference);
        } catch (IllegalArgumentException e) {
            throw new IOException("base image " + reference + ": " + e.getMessage(), e);
        }
        String key = Digest.sha256(location + " " + platform).hex().substring(0, 24);
        Path dir = cacheDir.resolve("bases").resolve(key);
        try (ImageSource source = Transports.openSource(location, registries);
                ImageDestination destination = Transports.openDestination(
                        ImageLocation.of(Transport.OCI_LAYOUT, dir, REF), registries, List.of(), null)) {
            CopyResult result = new ImageCopier(CopyOptions.defaults().withPlatforms(List.of(platform)), listener)
                    .copy(source, List.of(destination));
            DestinationResult fetched = result.destinations().get(0);
            if (!fetched.succeeded()) {
                throw new IOException("fetching base image " + location + " for " + platform + " into " + dir + ": "
                        + fetched.error());
            }
        }
        return BaseImage.fromLayout(reference, dir, REF, platform);
    }
}
