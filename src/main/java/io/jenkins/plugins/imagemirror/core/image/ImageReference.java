package io.jenkins.plugins.imagemirror.core.image;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A registry image reference {@code [registry/]repository[:tag][@digest]}, with Docker's defaults: no registry
 * means {@code docker.io}, a one-part Docker Hub name gets {@code library/}, and no tag and no digest means
 * {@code :latest}. {@code parse(s).toString()} is the canonical form, and parsing it again gives an equal value.
 *
 * <p>The first path component is a registry when it contains {@code .} or {@code :}, is {@code localhost}, or has
 * upper-case letters (Docker's rule), so {@code 127.0.0.1:5000/app} and {@code registry.corp/team/app} work.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) implements Serializable {
    public static final String DOCKER_HUB = DockerHub.HOST;
    /** The host that serves Docker Hub's registry API. */
    public static final String DOCKER_HUB_API = DockerHub.API_HOST;

    public static final String DEFAULT_TAG = "latest";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(?:\\.(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]))*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
    private static final int MAX_NAME = 255;

    public ImageReference {
        if (registry == null || !HOST.matcher(registry).matches()) {
            throw new IllegalArgumentException("registry '" + registry + "' is not a host[:port]");
        }
        if (repository == null || repository.isEmpty()) {
            throw new IllegalArgumentException("repository is required");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("repository '" + repository + "': component '" + component
                        + "' must be lower-case letters and digits, separated by '.', '_', '__' or '-'");
            }
        }
        if (registry.length() + 1 + repository.length() > MAX_NAME) {
            throw new IllegalArgumentException("repository name longer than " + MAX_NAME + " characters");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag '" + tag
                    + "' must be 1-128 characters of letters, digits, '_', '.', '-', not starting with '.' or '-'");
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
    }

    /** Parses a Docker-style reference; throws with the reference and the rule it breaks. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("image reference: missing (expected e.g. docker.io/library/nginx:1.27)");
        }
        if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("image reference '" + text + "': contains white space");
        }
        try {
            String rest = text;
            Digest digest = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = Digest.parse(rest.substring(at + 1));
                rest = rest.substring(0, at);
            }
            String tag = null;
            int lastSlash = rest.lastIndexOf('/');
            int colon = rest.lastIndexOf(':');
            if (colon > lastSlash) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
                if (tag.isEmpty()) {
                    throw new IllegalArgumentException("empty tag after ':'");
                }
            }
            String registry = DOCKER_HUB;
            String repository = rest;
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                String first = rest.substring(0, slash);
                if (first.contains(".")
                        || first.contains(":")
                        || first.equals("localhost")
                        || !first.equals(first.toLowerCase(Locale.ROOT))) {
                    registry = first;
                    repository = rest.substring(slash + 1);
                }
            }
            if (DockerHub.isAlias(registry)) {
                registry = DOCKER_HUB;
            }
            if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
                repository = "library/" + repository;
            }
            return new ImageReference(registry, repository, tag, digest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image reference '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The host:port to send registry API requests to ({@code registry-1.docker.io} for Docker Hub). */
    public String apiHost() {
        return DockerHub.apiHost(registry);
    }

    /** What goes after {@code /manifests/}: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** Same registry and repository, by digest only: {@code registry/repo@sha256:…}. */
    public ImageReference atDigest(Digest newDigest) {
        return new ImageReference(registry, repository, null, newDigest);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name());
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }
}
