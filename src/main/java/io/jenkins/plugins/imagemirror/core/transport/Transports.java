package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens the source or destination an {@link ImageLocation} names: the one place that maps transports to classes.
 * A registry location talks through the shared client of its host ({@link Registries}), or through a client of its
 * own when the caller gives that one location its own settings (a Jenkins target with its own credentials id).
 */
public final class Transports {
    private Transports() {}

    /** Opens for reading; archives are indexed (not extracted) here, registries are not contacted yet. */
    public static ImageSource openSource(ImageLocation location, Registries registries) throws IOException {
        return openSource(location, () -> registries.client(location.reference().registry()));
    }

    /** As above, a registry through its own client with {@code settings}. */
    public static ImageSource openSource(ImageLocation location, RegistrySettings settings) throws IOException {
        return openSource(location, () -> new RegistryClient(settings));
    }

    private static ImageSource openSource(ImageLocation location, Supplier<RegistryClient> client) throws IOException {
        return switch (location.transport()) {
            case REGISTRY -> new RegistrySource(client.get(), location.reference());
            case OCI_ARCHIVE -> OciArchiveSource.open(location.file(), location.name());
            case OCI_LAYOUT -> OciLayoutSource.open(location.file(), location.name());
            case DOCKER_ARCHIVE -> DockerArchiveSource.open(location.file(), location.name());
        };
    }

    /**
     * Opens for writing. Nothing is visible at the location before {@link ImageDestination#commit()}.
     *
     * @param extraTags      more tags for a registry destination (ignored elsewhere: an archive holds one name)
     * @param dockerPlatform the platform {@code docker load} gets from a multi-platform oci-archive; {@code null}
     *                       for the host's
     */
    public static ImageDestination openDestination(
            ImageLocation location, Registries registries, List<String> extraTags, Platform dockerPlatform)
            throws IOException {
        return openDestination(location, registries, extraTags, dockerPlatform, Optional.empty());
    }

    /**
     * As above; an archive written without {@code :NAME} takes {@code sourceName}, else the fallback of
     * {@link ArchiveName} (never an unnamed archive).
     */
    public static ImageDestination openDestination(
            ImageLocation location,
            Registries registries,
            List<String> extraTags,
            Platform dockerPlatform,
            Optional<String> sourceName)
            throws IOException {
        return openDestination(
                location,
                () -> registries.client(location.reference().registry()),
                extraTags,
                dockerPlatform,
                sourceName);
    }

    /** As above, a registry through its own client with {@code settings}. */
    public static ImageDestination openDestination(
            ImageLocation location,
            RegistrySettings settings,
            List<String> extraTags,
            Platform dockerPlatform,
            Optional<String> sourceName)
            throws IOException {
        return openDestination(location, () -> new RegistryClient(settings), extraTags, dockerPlatform, sourceName);
    }

    private static ImageDestination openDestination(
            ImageLocation location,
            Supplier<RegistryClient> client,
            List<String> extraTags,
            Platform dockerPlatform,
            Optional<String> sourceName)
            throws IOException {
        if (ArchiveName.applies(location)) {
            location = location.withName(ArchiveName.of(location, sourceName).name());
        }
        return switch (location.transport()) {
            case REGISTRY -> new RegistryDestination(client.get(), location.reference(), extraTags);
            case OCI_ARCHIVE -> OciArchiveDestination.create(location.file(), location.name(), dockerPlatform);
            case OCI_LAYOUT -> OciLayoutDestination.create(location.file(), location.name());
            case DOCKER_ARCHIVE -> DockerArchiveDestination.create(location.file(), location.name());
        };
    }
}
