package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.archive.LayoutReader;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** An {@link ImageSource} over an OCI layout, as a directory or an archive: the image named REF in index.json. */
abstract class LayoutSource implements ImageSource {
    private final LayoutReader layout;
    private final String ref;
    private final String description;

    LayoutSource(LayoutReader layout, String ref, String description) {
        this.layout = layout;
        this.ref = ref;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Descriptor resolve() throws IOException {
        Descriptor entry = layout.find(ref);
        return Descriptor.of(entry.mediaType(), entry.digest(), entry.size());
    }

    @Override
    public Optional<String> imageName() throws IOException {
        Descriptor entry = layout.find(ref);
        // a bare OCI ref name ("v1", "latest") names a tag of nothing: only a reference with a repository counts
        return Optional.ofNullable(entry.annotations().get(LayoutNames.CONTAINERD_NAME))
                .or(() -> Optional.ofNullable(entry.annotations().get(LayoutNames.REF_NAME))
                        .filter(n -> n.contains(":") || n.contains("/"))
                        .flatMap(LayoutNames::imageName));
    }

    @Override
    public ManifestContent manifest(Descriptor descriptor) throws IOException {
        byte[] bytes = layout.readBlob(descriptor);
        try {
            return ManifestContent.parse(bytes, descriptor.mediaType());
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "reading manifest " + descriptor.digest() + " from " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return layout.openBlob(blob);
    }

    @Override
    public void close() throws IOException {
        layout.close();
    }
}
