package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where FROM's image comes from. {@link EngineBaseImages} implements it with image-mirror's engine (its registry
 * client: per-registry TLS, credentials, 429 handling; OCI layouts and archives); {@code scratch} needs nothing.
 */
public interface BaseImageSource {
    /**
     * Makes the image {@code reference} for {@code platform} available locally.
     *
     * @param cacheDir a directory this source may keep fetched blobs in between builds
     * @throws IOException naming the reference and the cause when it cannot be fetched or has no such platform
     */
    BaseImage fetch(String reference, Platform platform, Path cacheDir) throws IOException, InterruptedException;
}
