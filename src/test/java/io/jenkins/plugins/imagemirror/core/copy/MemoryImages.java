package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.transport.BlobSink;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory images, a counting source and a fault-injectable destination: protocol-level fakes we own. */
final class MemoryImages {
    private MemoryImages() {}

    /** A content store: blobs and manifests by digest. */
    static final class Store {
        final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
        final Map<Digest, ManifestContent> manifests = new ConcurrentHashMap<>();

        Descriptor blob(String mediaType, byte[] bytes) {
            Descriptor d = Descriptor.ofContent(mediaType, bytes);
            blobs.put(d.digest(), bytes);
            return d;
        }

        Manifest image(String platform, int layers, int layerSize, long seed) {
            Random random = new Random(seed);
            List<Descriptor> layerDescriptors = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                byte[] bytes = new byte[layerSize + i];
                random.nextBytes(bytes);
                layerDescriptors.add(blob(MediaType.OCI_LAYER_GZIP, bytes));
            }
            Platform p = Platform.parse(platform);
            String config =
                    "{\"architecture\":\"" + p.architecture() + "\",\"os\":\"" + p.os() + "\",\"seed\":" + seed + "}";
            Descriptor configDescriptor = blob(MediaType.OCI_CONFIG, config.getBytes(StandardCharsets.UTF_8));
            Manifest m = Manifest.create(MediaType.OCI_MANIFEST, configDescriptor, layerDescriptors, Map.of());
            manifests.put(m.digest(), m);
            return m;
        }

        ImageIndex index(Manifest... platformManifests) {
            List<Descriptor> entries = new ArrayList<>();
            for (Manifest m : platformManifests) {
                String config = new String(blobs.get(m.config().digest()), StandardCharsets.UTF_8);
                String arch = config.replaceAll(".*\"architecture\":\"([^\"]+)\".*", "$1");
                entries.add(m.descriptor().withPlatform(Platform.of("linux", arch)));
            }
            ImageIndex index = ImageIndex.create(MediaType.OCI_INDEX, entries, Map.of());
            manifests.put(index.digest(), index);
            return index;
        }
    }

    static final class Source implements ImageSource {
        final Store store;
        final ManifestContent root;
        final AtomicInteger blobReads = new AtomicInteger();
        final AtomicInteger manifestReads = new AtomicInteger();
        volatile Digest corrupt;

        Source(Store store, ManifestContent root) {
            this.store = store;
            this.root = root;
        }

        @Override
        public String describe() {
            return "memory:source";
        }

        @Override
        public Descriptor resolve() {
            return root.descriptor();
        }

        @Override
        public ManifestContent manifest(Descriptor descriptor) {
            manifestReads.incrementAndGet();
            return store.manifests.get(descriptor.digest());
        }

        @Override
        public InputStream openBlob(Descriptor blob) throws IOException {
            blobReads.incrementAndGet();
            byte[] bytes = store.blobs.get(blob.digest());
            if (bytes == null) {
                throw new IOException("no blob " + blob.digest());
            }
            if (blob.digest().equals(corrupt)) {
                bytes = bytes.clone();
                bytes[0] ^= 1;
            }
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public void close() {}
    }

    static final class Destination implements ImageDestination {
        final String name;
        final Store store = new Store();
        final List<Digest> roots = new ArrayList<>();
        volatile int failWritesRemaining;
        volatile boolean committed;

        Destination(String name) {
            this.name = name;
        }

        @Override
        public String describe() {
            return "memory:" + name;
        }

        @Override
        public boolean hasRoot(Descriptor root) {
            return roots.contains(root.digest());
        }

        @Override
        public boolean hasBlob(Descriptor blob) {
            return store.blobs.containsKey(blob.digest());
        }

        @Override
        public BlobSink openBlob(Descriptor blob) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            return new BlobSink() {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    synchronized (Destination.this) {
                        if (failWritesRemaining > 0) {
                            failWritesRemaining--;
                            throw new IOException("connection reset (injected)");
                        }
                    }
                    buffer.write(b, off, len);
                }

                @Override
                public void commit() {
                    store.blobs.put(blob.digest(), buffer.toByteArray());
                }

                @Override
                public void abort() {}

                @Override
                public long bytesUploaded() {
                    return buffer.size();
                }
            };
        }

        @Override
        public void putManifest(ManifestContent manifest) {
            store.manifests.put(manifest.digest(), manifest);
        }

        @Override
        public synchronized void putRoot(ManifestContent root) {
            store.manifests.put(root.digest(), root);
            roots.add(root.digest());
        }

        @Override
        public void commit() {
            committed = true;
        }

        @Override
        public String resultReference(Digest rootDigest) {
            return describe() + "@" + rootDigest;
        }

        @Override
        public void close() {}
    }
}
