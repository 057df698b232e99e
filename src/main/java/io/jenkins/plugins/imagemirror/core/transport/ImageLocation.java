package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where an image is, as the user writes it (skopeo's syntax): {@code docker://REF}, {@code oci-archive:PATH[:NAME]},
 * {@code oci:DIR[:NAME]}, {@code docker-archive:PATH[:NAME]}. A path ends at the first {@code :}, so it cannot
 * contain one. Parses and prints symmetrically.
 *
 * @param reference for {@link Transport#REGISTRY}; {@code null} otherwise
 * @param path      for archives and layouts; {@code null} for a registry
 * @param name      the image's name inside an archive or layout (a ref name or {@code repo:tag}); may be {@code null}
 */
public record ImageLocation(Transport transport, ImageReference reference, String path, String name)
        implements Serializable {

    public enum Transport {
        REGISTRY("docker://"),
        OCI_ARCHIVE("oci-archive:"),
        OCI_LAYOUT("oci:"),
        DOCKER_ARCHIVE("docker-archive:");

        private final String prefix;

        Transport(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public ImageLocation {
        if (transport == Transport.REGISTRY ? reference == null : path == null || path.isEmpty()) {
            throw new IllegalArgumentException(transport.prefix() + ": "
                    + (transport == Transport.REGISTRY ? "an image reference" : "a path") + " is required");
        }
        if (name != null && name.isEmpty()) {
            name = null;
        }
    }

    public static ImageLocation registry(ImageReference reference) {
        return new ImageLocation(Transport.REGISTRY, reference, null, null);
    }

    /** An archive or layout at {@code path}; {@code name} may be null. */
    public static ImageLocation of(Transport transport, Path path, String name) {
        if (transport == Transport.REGISTRY) {
            throw new IllegalArgumentException("a registry location has a reference, not a path: " + path);
        }
        return new ImageLocation(transport, null, path.toString(), name);
    }

    /** The archive file or layout directory; throws for a registry. */
    public Path file() {
        if (transport == Transport.REGISTRY) {
            throw new IllegalStateException(this + " is a registry image, not a file");
        }
        return Path.of(path);
    }

    /** A relative path taken as relative to {@code directory} (a Jenkins workspace); a registry is unchanged. */
    public ImageLocation resolveAgainst(Path directory) {
        return transport == Transport.REGISTRY
                ? this
                : of(transport, directory.resolve(path).normalize(), name);
    }

    /** The same place with another image name inside it. */
    public ImageLocation withName(String newName) {
        return transport == Transport.REGISTRY ? this : new ImageLocation(transport, null, path, newName);
    }

    /** True for the single-file archives ({@code oci-archive:}, {@code docker-archive:}), which carry one name. */
    public boolean isArchive() {
        return transport == Transport.OCI_ARCHIVE || transport == Transport.DOCKER_ARCHIVE;
    }

    /** For messages: as {@link #toString()}, with the path made absolute. */
    public String describe() {
        return transport == Transport.REGISTRY
                ? toString()
                : of(transport, Path.of(path).toAbsolutePath(), name).toString();
    }

    /** The transport whose prefix {@code text} starts with, if any. */
    public static Optional<Transport> transportOf(String text) {
        return Arrays.stream(Transport.values())
                .filter(t -> text != null && text.startsWith(t.prefix()))
                .findFirst();
    }

    /** {@code text} without a leading {@code docker://}: the reference scripts and CD tools use. */
    public static String withoutTransport(String text) {
        return text != null && text.startsWith(Transport.REGISTRY.prefix())
                ? text.substring(Transport.REGISTRY.prefix().length())
                : text;
    }

    /** Parses a location; throws naming the location, what is wrong and the accepted forms. */
    public static ImageLocation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("image location: missing; expected one of " + forms());
        }
        for (Transport transport : Transport.values()) {
            if (text.startsWith(transport.prefix())) {
                String rest = text.substring(transport.prefix().length());
                try {
                    if (transport == Transport.REGISTRY) {
                        return registry(ImageReference.parse(rest));
                    }
                    int colon = rest.indexOf(':');
                    String path = colon < 0 ? rest : rest.substring(0, colon);
                    String name = colon < 0 ? null : rest.substring(colon + 1);
                    return new ImageLocation(transport, null, path, name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("image location '" + text + "': " + e.getMessage(), e);
                }
            }
        }
        int colon = text.indexOf(':');
        String hint = colon > 0 && !text.substring(0, colon).contains("/")
                ? "unknown transport '" + text.substring(0, colon) + ":'"
                : "no transport";
        throw new IllegalArgumentException("image location '" + text + "': " + hint + "; expected one of " + forms()
                + " (for a registry image write docker://" + text + ")");
    }

    /** Like {@link #parse}, but a plain image reference means a registry (the Jenkins steps' {@code targets}). */
    public static ImageLocation parseOrReference(String text) {
        if (transportOf(text).isPresent()) {
            return parse(text);
        }
        try {
            return registry(ImageReference.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; or write one of " + forms(), e);
        }
    }

    private static String forms() {
        return Arrays.stream(Transport.values())
                .map(t -> t.prefix() + (t == Transport.REGISTRY ? "REF" : "PATH[:NAME]"))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        if (transport == Transport.REGISTRY) {
            return transport.prefix() + reference;
        }
        return transport.prefix() + path + (name == null ? "" : ":" + name);
    }
}
