package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.OciArchiveReader;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code oci-archive:PATH[:REF]}: an image in an OCI archive (ours, skopeo's, {@code ctr export}'s, Docker 25's),
 * read in place without extracting it. REF matches {@code org.opencontainers.image.ref.name} (or
 * {@code io.containerd.image.name}); without REF the archive must hold one image. Thread-safe.
 */
public final class OciArchiveSource extends LayoutSource {
    private OciArchiveSource(OciArchiveReader reader, String ref, String description) {
        super(reader, ref, description);
    }

    /** Opens and checks the archive (strict: see {@link OciArchiveReader}). */
    public static OciArchiveSource open(Path path, String ref) throws IOException {
        String description = ImageLocation.of(Transport.OCI_ARCHIVE, path, ref).describe();
        OciArchiveReader reader = OciArchiveReader.open(path, Transport.OCI_ARCHIVE.prefix() + path.toAbsolutePath());
        return new OciArchiveSource(reader, ref, description);
    }
}
