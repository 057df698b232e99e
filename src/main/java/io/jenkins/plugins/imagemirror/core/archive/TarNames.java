package io.jenkins.plugins.imagemirror.core.archive;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Entry names of a tar and the targets of its links, as archive names: normalised ({@code ./} and trailing
 * {@code /} dropped), never absolute, never climbing out with {@code ..}. Only archive names result, so nothing
 * read from an archive can name a file outside it.
 */
final class TarNames {
    private TarNames() {}

    /** Checks a name and returns its normal form; rejects absolute names and {@code ..}. */
    static String normalize(String raw, String where) throws ArchiveFormatException {
        if (raw.isEmpty()) {
            throw new ArchiveFormatException(where + ": entry with an empty name");
        }
        if (raw.startsWith("/")) {
            throw new ArchiveFormatException(where + ": entry '" + raw + "' has an absolute path");
        }
        StringBuilder normal = new StringBuilder();
        for (String part : raw.split("/")) {
            if (part.equals("..")) {
                throw new ArchiveFormatException(where + ": entry '" + raw + "' contains '..'");
            }
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.indexOf('\0') >= 0 || part.indexOf('\\') >= 0) {
                throw new ArchiveFormatException(
                        where + ": entry '" + printable(raw) + "' contains a NUL or backslash");
            }
            if (normal.length() > 0) {
                normal.append('/');
            }
            normal.append(part);
        }
        if (normal.length() == 0) {
            throw new ArchiveFormatException(where + ": entry '" + raw + "' names the archive root");
        }
        return normal.toString();
    }

    /** A symlink's target as an archive name, resolved against the link's directory; must stay inside. */
    static String resolveSymlink(String name, String target, String where) throws ArchiveFormatException {
        if (target.isEmpty() || target.startsWith("/")) {
            throw new ArchiveFormatException(where + ": symlink '" + name + "' -> '" + target
                    + "' escapes the archive (absolute or empty target)");
        }
        int slash = name.lastIndexOf('/');
        String base = slash < 0 ? "" : name.substring(0, slash);
        String resolved = collapse(base.isEmpty() ? target : base + "/" + target);
        if (resolved == null) {
            throw new ArchiveFormatException(
                    where + ": symlink '" + name + "' -> '" + target + "' escapes the archive");
        }
        return resolved;
    }

    /** A hard link's target is an archive name (relative to the root); must stay inside. */
    static String resolveHardlink(String name, String target, String where) throws ArchiveFormatException {
        String resolved = target.startsWith("/") ? null : collapse(target);
        if (resolved == null) {
            throw new ArchiveFormatException(
                    where + ": hard link '" + name + "' -> '" + target + "' escapes the archive");
        }
        return resolved;
    }

    /** Collapses {@code .} and {@code ..}; null when the path climbs above the root or is empty. */
    private static String collapse(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    private static String printable(String s) {
        return s.replace("\0", "\\0");
    }
}
