package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.IOException;
import java.nio.file.Path;

/** {@code oci:DIR[:REF]}: an image in an OCI layout directory; REF as for {@link OciArchiveSource}. Thread-safe. */
public final class OciLayoutSource extends LayoutSource {
    private OciLayoutSource(OciLayoutReader reader, String ref, String description) {
        super(reader, ref, description);
    }

    public static OciLayoutSource open(Path path, String ref) throws IOException {
        String description = ImageLocation.of(Transport.OCI_LAYOUT, path, ref).describe();
        OciLayoutReader reader = OciLayoutReader.open(path, Transport.OCI_LAYOUT.prefix() + path.toAbsolutePath());
        return new OciLayoutSource(reader, ref, description);
    }
}
