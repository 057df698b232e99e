package io.jenkins.plugins.imagemirror.core.size;

import java.util.Objects;

/** One entry of a tar archive as a writer will emit it: enough to know its size on disk. */
public record ArchiveEntry(String name, long size, Type type, String linkTarget) {
    public enum Type { FILE, DIRECTORY, SYMLINK }

    public ArchiveEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (size < 0 || (type != Type.FILE && size != 0)) {
            throw new IllegalArgumentException("bad size " + size + " for " + type + " entry '" + name + "'");
        }
        if ((type == Type.SYMLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException("a link target is required for symlinks only, entry '" + name + "'");
        }
    }

    public static ArchiveEntry file(String name, long size) {
        return new ArchiveEntry(name, size, Type.FILE, null);
    }

    public static ArchiveEntry directory(String name) {
        return new ArchiveEntry(name, 0, Type.DIRECTORY, null);
    }

    public static ArchiveEntry symlink(String name, String target) {
        return new ArchiveEntry(name, 0, Type.SYMLINK, target);
    }
}
