package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads an image from a registry. The root is resolved with a HEAD (free on Docker Hub); manifests are fetched
 * by digest and verified; blobs are streamed, following redirects to blob storage. Thread-safe.
 */
public final class RegistrySource implements ImageSource {
    private final RegistryClient client;
    private final ImageReference reference;

    public RegistrySource(RegistryClient client, ImageReference reference) {
        this.client = client;
        this.reference = reference;
    }

    /** Uses the shared client of the reference's registry. */
    public RegistrySource(Registries registries, ImageReference reference) {
        this(registries.client(reference.registry()), reference);
    }

    @Override
    public String describe() {
        return ImageLocation.registry(reference).toString();
    }

    @Override
    public Optional<String> imageName() {
        return Optional.of((reference.tag() != null ? reference.withTag(reference.tag()) : reference).toString());
    }

    @Override
    public Descriptor resolve() throws IOException {
        return client.headManifest(reference.repository(), reference.manifestReference())
                .orElseThrow(() -> new RegistryException(
                        "resolving",
                        reference.toString(),
                        404,
                        "MANIFEST_UNKNOWN",
                        "no such image (check the repository name, tag or digest)",
                        null));
    }

    @Override
    public ManifestContent manifest(Descriptor descriptor) throws IOException {
        ManifestContent content =
                client.getManifest(reference.repository(), descriptor.digest().toString());
        if (content.bytes().length != descriptor.size()) {
            throw new RegistryException(
                    "pulling manifest of",
                    reference.atDigest(descriptor.digest()).toString(),
                    200,
                    null,
                    "the manifest has " + content.bytes().length + " bytes, its descriptor states " + descriptor.size(),
                    null);
        }
        return content;
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return client.getBlob(reference.repository(), blob);
    }

    @Override
    public Optional<ImageReference> registryReference() {
        return Optional.of(reference);
    }

    @Override
    public void close() {
        // the client is shared (Registries) or owned by the caller
    }
}
