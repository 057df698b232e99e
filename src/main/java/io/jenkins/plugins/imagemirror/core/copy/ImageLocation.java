package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import java.io.Serializable;
import java.util.Arrays;
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
                ? "unknown transport '" + text.substring(0, colon) + ":'" : "no transport";
        throw new IllegalArgumentException("image location '" + text + "': " + hint + "; expected one of " + forms()
                + " (for a registry image write docker://" + text + ")");
    }

    /** Like {@link #parse}, but a plain image reference means a registry (the Jenkins steps' {@code targets}). */
    public static ImageLocation parseOrReference(String text) {
        for (Transport transport : Transport.values()) {
            if (text != null && text.startsWith(transport.prefix())) {
                return parse(text);
            }
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
