package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.OciArchiveWriter;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code oci-archive:PATH[:REF]}: writes the hybrid OCI archive ({@link OciArchiveWriter}) that
 * {@code ctr images import}, {@code docker load}, {@code podman load} and {@code skopeo} all accept. REF becomes
 * {@code org.opencontainers.image.ref.name} (verbatim) and, when it is an image reference, its full form becomes
 * {@code io.containerd.image.name} and Docker's RepoTag; without REF the image is unnamed (ctr names it
 * {@code import-DATE@sha256:…}, docker loads it untagged). A multi-platform root is kept whole; Docker's part holds the
 * {@code dockerPlatform} manifest (default: the host's). Deterministic bytes; the file appears only when complete.
 */
public final class OciArchiveDestination extends StagedArchiveDestination {
    private final String ref;
    private final Platform dockerPlatform;

    private OciArchiveDestination(Path path, String ref, Platform dockerPlatform) throws IOException {
        super(path, ImageLocation.of(Transport.OCI_ARCHIVE, path, ref).describe());
        this.ref = ref;
        this.dockerPlatform = dockerPlatform;
    }

    public static OciArchiveDestination create(Path path, String ref) throws IOException {
        return new OciArchiveDestination(path, ref, null);
    }

    /** As {@link #create(Path, String)}, with the platform {@code manifest.json} (docker load) gets. */
    public static OciArchiveDestination create(Path path, String ref, Platform dockerPlatform) throws IOException {
        return new OciArchiveDestination(path, ref, dockerPlatform);
    }

    @Override
    Descriptor rootEntry(ManifestContent root) {
        return OciLayoutWriter.named(root.descriptor(), ref);
    }

    @Override
    void writeArchive(OciLayoutReader staged, Descriptor rootEntry, ManifestContent root, Path target)
            throws IOException {
        if (dockerPlatform == null) {
            OciArchiveWriter.write(staged, List.of(rootEntry), target);
        } else {
            OciArchiveWriter.write(staged, List.of(rootEntry), dockerPlatform, target);
        }
    }
}
