package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.nio.file.Path;

/**
 * A layer Jib built: compressed digest and size, uncompressed digest (diff id), the blob file in the cache, and
 * whether this build compressed it (false when the layer cache already had it).
 */
record BuiltLayer(Digest digest, Digest diffId, long size, Path blob, boolean compressedNow) {}
