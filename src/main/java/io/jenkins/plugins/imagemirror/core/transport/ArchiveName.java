package io.jenkins.plugins.imagemirror.core.transport;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The name an {@code oci-archive:} or {@code docker-archive:} destination written without {@code :NAME} gives its
 * image, so that {@code ctr images import}, {@code docker load} and {@code podman load} list it by name (an
 * unnamed archive makes ctr create no image at all, and docker an untagged one): the source's own name
 * ({@link ImageSource#imageName()}), else the documented fallback {@code localhost/<file name>:latest}, made of the
 * archive's file name without {@code .tar} (lower-case, other characters than {@code [a-z0-9._-]} as {@code -}).
 *
 * @param fromFile true when the fallback was used (the caller says so in one line)
 */
public record ArchiveName(String name, boolean fromFile) {

    /** The name for {@code destination}: its own {@code :NAME}, else the source's, else the fallback. */
    public static ArchiveName of(ImageLocation destination, Optional<String> sourceName) {
        if (destination.name() != null) {
            return new ArchiveName(destination.name(), false);
        }
        return sourceName
                .map(n -> new ArchiveName(n, false))
                .orElseGet(() -> new ArchiveName(fallback(destination.file()), true));
    }

    /** {@code localhost/<file name without .tar>:latest}, for an image that has no name anywhere. */
    public static String fallback(Path archive) {
        Path fileName = archive.getFileName();
        String file = fileName == null ? "" : fileName.toString();
        String stem = file.toLowerCase(Locale.ROOT).replaceFirst("\\.(tar|tar\\.gz|tgz|oci|tar\\.zst)$", "");
        String repository = stem.replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "")
                .replaceAll("([._-])[._-]+", "$1");
        return "localhost/" + (repository.isEmpty() ? "image" : repository) + ":latest";
    }

    /** True for the destinations that take a default name: archives written without {@code :NAME}. */
    public static boolean applies(ImageLocation destination) {
        return destination.name() == null && destination.isArchive();
    }

    /** The one line that says a fallback name was given, and how to choose another. */
    public String notice(ImageLocation destination) {
        return "naming the image in " + destination + " '" + name + "': the source has no name (choose one with "
                + destination.transport().prefix() + destination.path() + ":NAME)";
    }
}
