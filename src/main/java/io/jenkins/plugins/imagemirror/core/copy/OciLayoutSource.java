package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import java.io.IOException;

/** {@code oci:DIR[:REF]}: an image in an OCI layout directory; REF as for {@link OciArchiveSource}. Thread-safe. */
public final class OciLayoutSource extends LayoutSource {
    private OciLayoutSource(OciLayoutReader reader, String ref, String description) {
        super(reader, ref, description);
    }

    public static OciLayoutSource open(ArchiveLocation location) throws IOException {
        OciLayoutReader reader = OciLayoutReader.open(location.path());
        return new OciLayoutSource(reader, location.ref(), location.describe("oci"));
    }
}
