package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes an image to a registry repository under the reference's tag and any extra tags (or by digest only when
 * there is no tag). Blobs are streamed to the registry on upload threads of this destination, through a pipe of
 * {@link #PIPE_BYTES} each: memory per blob in flight is bounded whatever the blob's size. Blobs on the same
 * registry are mounted instead of uploaded when the source is another repository there.
 */
public final class RegistryDestination implements ImageDestination {
    /**
     * Bytes buffered per blob in flight between the copier and the upload: a copy holds jobs × registry
     * destinations of these (4 × 2 = 2 MiB for a fan-out to two). Kept below half of G1's smallest region (1 MiB):
     * a bigger ring is a "humongous" object that takes two whole regions and needs them contiguous, so eight 1 MiB
     * rings filled 16 of a 32 MiB heap's regions and an unlucky placement ended in OutOfMemoryError
     * (docs/benchmarks.md, "Memory"). Loopback throughput does not improve beyond a few socket buffers' worth.
     */
    static final int PIPE_BYTES = 256 * 1024;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final RegistryClient client;
    private final ImageReference reference;
    private final List<String> tags;
    private final ExecutorService uploads;

    /**
     * @param reference where to push; its tag (if any) comes first; if it has a digest, the image pushed must
     *                  have that digest
     * @param extraTags more tags in the same repository
     */
    public RegistryDestination(RegistryClient client, ImageReference reference, List<String> extraTags) {
        this.client = client;
        this.reference = reference;
        Set<String> all = new LinkedHashSet<>();
        if (reference.tag() != null) {
            all.add(reference.tag());
        }
        for (String t : extraTags) {
            all.add(reference.withTag(t).tag()); // validates the tag
        }
        this.tags = List.copyOf(all);
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "image-mirror upload " + THREADS.incrementAndGet() + " to " + client.host());
            t.setDaemon(true);
            return t;
        });
    }

    /** Uses the shared client of the reference's registry. */
    public RegistryDestination(Registries registries, ImageReference reference, List<String> extraTags) {
        this(registries.client(reference.registry()), reference, extraTags);
    }

    /** The tags this destination writes, in order; empty when it pushes by digest only. */
    public List<String> tags() {
        return tags;
    }

    @Override
    public String describe() {
        return ImageLocation.registry(reference) + (tags.size() > 1 ? " (tags " + String.join(", ", tags) + ")" : "");
    }

    @Override
    public boolean hasRoot(Descriptor root) throws IOException {
        checkDigest(root);
        for (String name : names(root)) {
            Optional<Descriptor> present = client.headManifest(reference.repository(), name);
            if (present.isEmpty() || !present.get().digest().equals(root.digest())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        return client.hasBlob(reference.repository(), blob.digest());
    }

    /** Mounts from another repository of the same registry; false for other registries or when declined. */
    @Override
    public boolean mount(Descriptor blob, ImageReference from) throws IOException {
        if (!Registries.canonicalHost(from.registry()).equals(Registries.canonicalHost(reference.registry()))) {
            return false;
        }
        if (from.repository().equals(reference.repository())) {
            return client.hasBlob(reference.repository(), blob.digest());
        }
        return client.mountBlob(reference.repository(), blob.digest(), from.repository());
    }

    @Override
    public BlobSink openBlob(Descriptor blob) {
        return new RegistryBlobSink(client, reference.repository(), blob, uploads, PIPE_BYTES);
    }

    @Override
    public void putManifest(ManifestContent manifest) throws IOException {
        client.putManifest(reference.repository(), manifest.digest().toString(), manifest);
    }

    @Override
    public void putRoot(ManifestContent root) throws IOException {
        checkDigest(root.descriptor());
        for (String name : names(root.descriptor())) {
            client.putManifest(reference.repository(), name, root);
        }
    }

    @Override
    public void commit() {
        // a registry makes each manifest visible as it is pushed
    }

    @Override
    public String resultReference(Digest rootDigest) {
        ImageReference named = tags.isEmpty()
                ? reference.atDigest(rootDigest)
                : reference.withTag(tags.get(0)).withDigest(rootDigest);
        return named.toString();
    }

    @Override
    public void close() {
        uploads.shutdownNow();
    }

    private List<String> names(Descriptor root) {
        return tags.isEmpty() ? List.of(root.digest().toString()) : new ArrayList<>(tags);
    }

    private void checkDigest(Descriptor root) throws RegistryException {
        if (reference.digest() != null && !reference.digest().equals(root.digest())) {
            throw new RegistryException(
                    "pushing to",
                    reference.toString(),
                    -1,
                    null,
                    "the image is " + root.digest() + ", not the digest the destination names (drop '@"
                            + reference.digest() + "' from it)",
                    null);
        }
    }
}
