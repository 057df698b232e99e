package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.DockerArchiveWriter;
import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code docker-archive:PATH[:REF]}: writes what {@code docker save} writes ({@link DockerArchiveWriter}), for one
 * platform. REF (an image reference) becomes the RepoTag. A multi-platform source is refused before any blob is
 * copied, with a message that says to pick a platform with {@code --platform}.
 */
public final class DockerArchiveDestination extends StagedArchiveDestination {
    private final List<String> repoTags;

    private DockerArchiveDestination(Path path, String ref, List<String> repoTags) throws IOException {
        super(path, ImageLocation.of(Transport.DOCKER_ARCHIVE, path, ref).describe());
        this.repoTags = repoTags;
    }

    /** @throws IllegalArgumentException when REF is not an image reference (nothing is created then) */
    public static DockerArchiveDestination create(Path path, String ref) throws IOException {
        // a name by digest cannot be a RepoTag (docker refuses it): the image loads untagged, as docker save writes it
        List<String> repoTags = ref == null || LayoutNames.digestImageName(ref).isPresent()
                ? List.of()
                : List.of(LayoutNames.imageName(ref)
                        .orElseThrow(
                                () -> new IllegalArgumentException(ImageLocation.of(Transport.DOCKER_ARCHIVE, path, ref)
                                                .describe()
                                        + ": '" + ref + "' is not an image reference (expected e.g. app:1.0)")));
        return new DockerArchiveDestination(path, ref, repoTags);
    }

    @Override
    public boolean hasRoot(Descriptor root) throws IOException {
        requireSinglePlatform(root.mediaType(), root);
        return false;
    }

    @Override
    public void putRoot(ManifestContent root) throws IOException {
        requireSinglePlatform(root.mediaType(), root.descriptor());
        super.putRoot(root);
    }

    @Override
    Descriptor rootEntry(ManifestContent root) {
        return root.descriptor();
    }

    @Override
    void writeArchive(OciLayoutReader staged, Descriptor rootEntry, ManifestContent root, Path target)
            throws IOException {
        DockerArchiveWriter.write(staged, (Manifest) root, repoTags, target);
    }

    private void requireSinglePlatform(String mediaType, Descriptor root) throws IOException {
        if (MediaType.isIndex(mediaType)) {
            throw new IOException("writing " + describe() + ": the source " + root.digest()
                    + " is a multi-platform index and a docker-archive holds one platform; choose one with"
                    + " --platform (e.g. --platform linux/amd64), or write oci-archive: to keep every platform");
        }
    }
}
