package io.jenkins.plugins.imagemirror.core.build;

import java.nio.file.Path;

/**
 * A layer Jib built: compressed digest and size, uncompressed digest (diff id), the blob file in the cache, and
 * whether this build compressed it (false when the layer cache already had it).
 */
record BuiltLayer(String digest, String diffId, long size, Path blob, boolean compressedNow) {}
