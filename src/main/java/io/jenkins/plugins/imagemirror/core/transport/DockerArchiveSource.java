package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.DockerArchiveReader;
import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code docker-archive:PATH[:REF]}: the image tagged REF (or {@code @N}, or the only one) in a {@code docker save}
 * archive. A docker archive holds no manifest: {@link #resolve()} makes an OCI manifest for it, which costs one
 * read of every layer to digest it (see {@link DockerArchiveReader}); its digest is therefore this tool's, not a
 * registry's. Thread-safe.
 */
public final class DockerArchiveSource implements ImageSource {
    private final DockerArchiveReader reader;
    private final String ref;
    private final String description;
    private volatile Manifest manifest;

    private DockerArchiveSource(DockerArchiveReader reader, String ref, String description) {
        this.reader = reader;
        this.ref = ref;
        this.description = description;
    }

    public static DockerArchiveSource open(Path path, String ref) throws IOException {
        String description =
                ImageLocation.of(Transport.DOCKER_ARCHIVE, path, ref).describe();
        DockerArchiveReader reader =
                DockerArchiveReader.open(path, Transport.DOCKER_ARCHIVE.prefix() + path.toAbsolutePath());
        return new DockerArchiveSource(reader, ref, description);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized Descriptor resolve() throws IOException {
        if (manifest == null) {
            manifest = reader.manifest(reader.select(ref));
        }
        return manifest.descriptor();
    }

    @Override
    public Optional<String> imageName() throws IOException {
        return reader.select(ref).repoTags().stream().findFirst().flatMap(LayoutNames::imageName);
    }

    @Override
    public ManifestContent manifest(Descriptor descriptor) throws IOException {
        resolve();
        if (!manifest.digest().equals(descriptor.digest())) {
            throw new IOException("reading manifest " + descriptor.digest() + " from " + description
                    + ": this archive's image has manifest " + manifest.digest());
        }
        return manifest;
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        resolve();
        return reader.openBlob(blob);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
