package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens the source or destination an {@link ImageLocation} names. The one place that maps transports to classes. */
public final class Transports {
    private Transports() {}

    /** Opens for reading; archives are indexed (not extracted) here, registries are not contacted yet. */
    public static ImageSource openSource(ImageLocation location, Registries registries) throws IOException {
        return switch (location.transport()) {
            case REGISTRY -> new RegistrySource(registries, location.reference());
            case OCI_ARCHIVE -> OciArchiveSource.open(archive(location));
            case OCI_LAYOUT -> OciLayoutSource.open(archive(location));
            case DOCKER_ARCHIVE -> DockerArchiveSource.open(archive(location));
        };
    }

    /**
     * Opens for writing. Nothing is visible at the location before {@link ImageDestination#commit()}.
     *
     * @param extraTags      more tags for a registry destination (ignored elsewhere: an archive holds one name)
     * @param dockerPlatform the platform {@code docker load} gets from a multi-platform oci-archive; {@code null}
     *                       for the host's
     */
    public static ImageDestination openDestination(ImageLocation location, Registries registries,
                                                   List<String> extraTags, Platform dockerPlatform)
            throws IOException {
        return openDestination(location, registries, extraTags, dockerPlatform, Optional.empty());
    }

    /**
     * As above; an archive written without {@code :NAME} takes {@code sourceName}, else the fallback of
     * {@link ArchiveName} (never an unnamed archive).
     */
    public static ImageDestination openDestination(ImageLocation location, Registries registries,
                                                   List<String> extraTags, Platform dockerPlatform,
                                                   Optional<String> sourceName) throws IOException {
        if (ArchiveName.applies(location)) {
            location = new ImageLocation(location.transport(), null, location.path(),
                    ArchiveName.of(location, sourceName).name());
        }
        return switch (location.transport()) {
            case REGISTRY -> new RegistryDestination(registries, location.reference(), extraTags);
            case OCI_ARCHIVE -> OciArchiveDestination.create(archive(location), dockerPlatform);
            case OCI_LAYOUT -> OciLayoutDestination.create(archive(location));
            case DOCKER_ARCHIVE -> DockerArchiveDestination.create(archive(location));
        };
    }

    private static ArchiveLocation archive(ImageLocation location) {
        return new ArchiveLocation(Path.of(location.path()), location.name());
    }
}
