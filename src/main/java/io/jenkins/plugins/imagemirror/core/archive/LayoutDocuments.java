package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Parsing of the small JSON documents of a layout, with messages that name the layout. */
final class LayoutDocuments {
    private LayoutDocuments() {}

    static void checkLayoutFile(byte[] bytes, String where) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.matches("(?s)\\s*\\{\\s*\"imageLayoutVersion\"\\s*:\\s*\"1\\.[0-9]+\\.[0-9]+\"\\s*}\\s*")) {
            throw new ArchiveFormatException(
                    "reading " + where + ": oci-layout must be {\"imageLayoutVersion\":\"1.x.y\"}, found "
                            + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
        }
    }

    static ImageIndex parseIndex(byte[] bytes, String where) throws IOException {
        ManifestContent content;
        try {
            content = ManifestContent.parse(bytes, MediaType.OCI_INDEX);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("reading " + where + ": index.json: " + e.getMessage(), e);
        }
        if (!(content instanceof ImageIndex index)) {
            throw new ArchiveFormatException("reading " + where + ": index.json is not an image index");
        }
        return index;
    }

    static ManifestContent parseManifest(byte[] bytes, Descriptor descriptor, String where) throws IOException {
        try {
            return ManifestContent.parse(bytes, descriptor.mediaType());
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException(
                    "reading manifest " + descriptor.digest() + " from " + where + ": " + e.getMessage(), e);
        }
    }
}
