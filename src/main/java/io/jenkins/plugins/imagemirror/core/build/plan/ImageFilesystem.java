package io.jenkins.plugins.imagemirror.core.build.plan;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which paths of the image being built are directories or symbolic links: the base's (its {@link Tree}, read only
 * when a COPY first asks) plus what WORKDIR and earlier COPYs made. COPY needs it as Docker does: {@code COPY app.jar
 * /opt} puts the file into {@code /opt} when that is a directory, and a destination under a symbolic link
 * ({@code /bin -> usr/bin} in merged-/usr bases) is written to the link's target, never replacing the link.
 * One per platform and build; not thread-safe.
 */
public final class ImageFilesystem {
    private static final int MAX_LINKS = 40;

    /** The base's directories and symbolic links (absolute path to link target), whiteouts applied. */
    public record Tree(Set<String> directories, Map<String, String> symlinks) {
        public Tree {
            directories = Set.copyOf(directories);
            symlinks = Map.copyOf(symlinks);
        }
    }

    /** Reads the base's tree; called at most once. */
    @FunctionalInterface
    public interface TreeReader {
        Tree read() throws IOException;
    }

    private final String baseName;
    private final TreeReader reader;
    private final Set<String> madeDirectories = new HashSet<>();
    private Tree tree;

    private ImageFilesystem(String baseName, TreeReader reader) {
        this.baseName = baseName;
        this.reader = reader;
    }

    /** Nothing but what this build makes (scratch, or tests). */
    public static ImageFilesystem empty() {
        return new ImageFilesystem("scratch", null);
    }

    /** On the base named {@code baseName} (for messages) whose tree {@code reader} reads. */
    public static ImageFilesystem onBase(String baseName, TreeReader reader) {
        return new ImageFilesystem(baseName, reader);
    }

    /** Records a directory this build makes (and its parents). */
    public void addDirectory(String path) {
        for (String p = path; p.length() > 1; p = parent(p)) {
            madeDirectories.add(p);
        }
    }

    public boolean isDirectory(String path) throws IOException {
        String resolved = resolve(path);
        return resolved.equals("/")
                || madeDirectories.contains(resolved)
                || tree().directories().contains(resolved);
    }

    /** The path with every symbolic link of the base in it followed (absolute and relative targets). */
    public String resolve(String path) throws IOException {
        if (reader == null) {
            return path;
        }
        tree();
        String current = path;
        for (int hops = 0; hops < MAX_LINKS; hops++) {
            String next = resolveOnce(current);
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        throw new IOException("resolving " + path + " in base image " + baseName + ": more than " + MAX_LINKS
                + " symbolic links (a loop?)");
    }

    /** {@link #resolve} for the directory part only: the last element is what a layer entry creates. */
    public String resolveParent(String path) throws IOException {
        String parent = parent(path);
        String resolved = resolve(parent);
        return resolved.equals(parent)
                ? path
                : (resolved.equals("/") ? "" : resolved) + path.substring(path.lastIndexOf('/'));
    }

    private String resolveOnce(String path) {
        String[] parts = path.substring(1).split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String candidate = prefix + "/" + parts[i];
            String target =
                    madeDirectories.contains(candidate) ? null : tree.symlinks().get(candidate);
            if (target != null) {
                String resolved = target.startsWith("/") ? target : prefix + "/" + target;
                StringBuilder rest = new StringBuilder();
                for (int j = i + 1; j < parts.length; j++) {
                    rest.append('/').append(parts[j]);
                }
                return "/" + DockerIgnore.clean(resolved + rest);
            }
            prefix.append('/').append(parts[i]);
        }
        return path;
    }

    private Tree tree() throws IOException {
        if (tree == null) {
            tree = reader == null ? new Tree(Set.of(), Map.of()) : reader.read();
        }
        return tree;
    }

    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
