package io.jenkins.plugins.imagemirror.core.size;

/** A regular file of a layer and its size in bytes (path relative to the image root, no leading slash). */
public record FileSize(String path, long size) {}
