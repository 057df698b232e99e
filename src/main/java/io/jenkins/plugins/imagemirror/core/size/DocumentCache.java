package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifests and image configs size reports read, kept by digest so that a later report of the same image in this
 * JVM makes no round trip for them (an agent mirroring an image again; with {@link LayerScanCache} it then reads
 * nothing at all). Content-addressed, so never stale: a manifest is kept as its verified fetch returned it, a config
 * as read (the report checks its digest on every use). Least recently used entries go first beyond
 * {@link #MAX_BYTES}. Thread-safe.
 */
public final class DocumentCache {
    /** Documents kept in all: manifests and configs are kilobytes, so this holds hundreds of images. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private static final DocumentCache SHARED = new DocumentCache(MAX_BYTES);

    private final long maxBytes;
    private final LinkedHashMap<Digest, Object> documents = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    DocumentCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The one of this JVM (of this class loader: the plugin's, on an agent). */
    public static DocumentCache shared() {
        return SHARED;
    }

    /** {@code fetcher}, asked only for manifests this cache does not hold. */
    public ManifestFetcher manifests(ManifestFetcher fetcher) {
        return descriptor -> {
            if (get(descriptor.digest()) instanceof ManifestContent known) {
                return known;
            }
            ManifestContent read = fetcher.manifest(descriptor);
            put(descriptor.digest(), read, read.bytes().length);
            return read;
        };
    }

    /** {@code opener}, asked only for image configs this cache does not hold; layers always go to {@code opener}. */
    public BlobOpener configs(BlobOpener opener) {
        return blob -> {
            if (!isConfig(blob)) {
                return opener.open(blob);
            }
            if (get(blob.digest()) instanceof byte[] known) {
                return new ByteArrayInputStream(known);
            }
            byte[] read;
            try (InputStream in = opener.open(blob)) {
                read = in.readNBytes((int) Math.min(blob.size() + 1, Integer.MAX_VALUE - 8));
            }
            if (read.length == blob.size() && Digest.sha256(read).equals(blob.digest())) {
                put(blob.digest(), read, read.length);
            }
            return new ByteArrayInputStream(read);
        };
    }

    private static boolean isConfig(Descriptor blob) {
        return (MediaType.OCI_CONFIG.equals(blob.mediaType()) || MediaType.DOCKER_CONFIG.equals(blob.mediaType()))
                && blob.size() <= ImageSizer.MAX_CONFIG_BYTES;
    }

    private synchronized Object get(Digest digest) {
        return documents.get(digest);
    }

    private synchronized void put(Digest digest, Object document, long size) {
        if (size > maxBytes || documents.containsKey(digest)) {
            return;
        }
        documents.put(digest, document);
        bytes += size;
        var oldest = documents.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<Digest, Object> entry = oldest.next();
            bytes -= entry.getValue() instanceof byte[] b
                    ? b.length
                    : ((ManifestContent) entry.getValue()).bytes().length;
            oldest.remove();
        }
    }
}
