package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifests and image configs size reports read, kept by digest so that a later report of the same image in this
 * JVM makes no round trip for them (an agent mirroring an image again; with {@link LayerScanCache} it then reads
 * nothing at all). Content-addressed, so never stale: a manifest is kept as its verified fetch returned it, a config
 * as read (the report checks its digest on every use). Least recently used entries go first beyond
 * {@link #MAX_BYTES}. Thread-safe.
 *
 * <p>{@link #withFiles} keeps them beyond the JVM too, as {@link LayerScanFiles} keeps layer scans: a fresh agent
 * JVM on the same workspace then reports an image mirrored before without a round trip for its documents. A file is
 * used only when its bytes hash to the digest asked for, so whoever writes the directory cannot change a report.
 */
public final class DocumentCache {
    /** Documents kept in all: manifests and configs are kilobytes, so this holds hundreds of images. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private static final int MAGIC = 0x494d4431; // "IMD1"; change it when the format changes
    private static final int END = 0x454e4421;
    private static final DocumentCache SHARED = new DocumentCache(MAX_BYTES);

    /** A document as fetched: its bytes and the media type it was read as (a manifest's, or the config's). */
    private record Document(String mediaType, byte[] bytes) {}

    private final Memory memory;
    private final CacheDirectory files;

    DocumentCache(long maxBytes) {
        this(new Memory(maxBytes), null);
    }

    private DocumentCache(Memory memory, CacheDirectory files) {
        this.memory = memory;
        this.files = files;
    }

    /** The one of this JVM (of this class loader: the plugin's, on an agent). */
    public static DocumentCache shared() {
        return SHARED;
    }

    /**
     * This cache (the same memory), backed by files in {@code directory} too, at most {@link #MAX_BYTES} of them.
     * Give it a directory of the job's own (Jenkins: the workspace's {@code @tmp}).
     */
    public DocumentCache withFiles(Path directory) {
        return new DocumentCache(memory, new CacheDirectory(directory, ".doc", MAX_BYTES));
    }

    /** {@code fetcher}, asked only for manifests this cache does not hold. */
    public ManifestFetcher manifests(ManifestFetcher fetcher) {
        return descriptor -> {
            if (memory.get(descriptor.digest()) instanceof ManifestContent known) {
                return known;
            }
            Document kept = read(descriptor);
            if (kept != null) {
                try {
                    ManifestContent parsed = ManifestContent.parse(kept.bytes(), kept.mediaType());
                    memory.put(descriptor.digest(), parsed, kept.bytes().length);
                    return parsed;
                } catch (IllegalArgumentException e) {
                    // its bytes are the digest's, so the fetch below fails the same way, with the source's name
                }
            }
            ManifestContent read = fetcher.manifest(descriptor);
            memory.put(descriptor.digest(), read, read.bytes().length);
            write(descriptor.digest(), new Document(read.mediaType(), read.bytes()));
            return read;
        };
    }

    /** {@code opener}, asked only for image configs this cache does not hold; layers always go to {@code opener}. */
    public BlobOpener configs(BlobOpener opener) {
        return blob -> {
            if (!isConfig(blob)) {
                return opener.open(blob);
            }
            if (memory.get(blob.digest()) instanceof byte[] known) {
                return new ByteArrayInputStream(known);
            }
            Document kept = read(blob);
            if (kept != null) {
                memory.put(blob.digest(), kept.bytes(), kept.bytes().length);
                return new ByteArrayInputStream(kept.bytes());
            }
            byte[] read;
            try (InputStream in = opener.open(blob)) {
                read = in.readNBytes((int) Math.min(blob.size() + 1, Integer.MAX_VALUE - 8));
            }
            if (read.length == blob.size() && Digest.sha256(read).equals(blob.digest())) {
                memory.put(blob.digest(), read, read.length);
                write(blob.digest(), new Document(blob.mediaType(), read));
            }
            return new ByteArrayInputStream(read);
        };
    }

    private static boolean isConfig(Descriptor blob) {
        return (MediaType.OCI_CONFIG.equals(blob.mediaType()) || MediaType.DOCKER_CONFIG.equals(blob.mediaType()))
                && blob.size() <= ImageSizer.MAX_CONFIG_BYTES;
    }

    /** The file kept for this sha256 digest when its bytes are the descriptor's, else null. */
    private Document read(Descriptor descriptor) {
        Digest digest = descriptor.digest();
        if (files == null || !digest.algorithm().equals("sha256")) {
            return null;
        }
        return files.read(name(digest), in -> {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a document file of this version");
            }
            String mediaType = in.readUTF();
            int length = in.readInt();
            if (length != descriptor.size() || length > ImageSizer.MAX_CONFIG_BYTES) {
                throw new IOException("a document of " + length + " bytes for " + descriptor.size());
            }
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length
                    || in.readInt() != END
                    || !Digest.sha256(bytes).equals(digest)) {
                throw new IOException("not the document " + digest);
            }
            return new Document(mediaType, bytes);
        });
    }

    private void write(Digest digest, Document document) {
        if (files == null || !digest.algorithm().equals("sha256") || document.bytes().length > MAX_BYTES) {
            return;
        }
        files.write(name(digest), out -> {
            out.writeInt(MAGIC);
            out.writeUTF(document.mediaType() == null ? "" : document.mediaType());
            out.writeInt(document.bytes().length);
            out.write(document.bytes());
            out.writeInt(END);
        });
    }

    private static String name(Digest digest) {
        return digest.algorithm() + "-" + digest.hex();
    }

    /** The documents in memory, least recently used first out. */
    private static final class Memory {
        private final long maxBytes;
        private final LinkedHashMap<Digest, Object> documents = new LinkedHashMap<>(64, 0.75f, true);
        private long bytes;

        Memory(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        synchronized Object get(Digest digest) {
            return documents.get(digest);
        }

        synchronized void put(Digest digest, Object document, long size) {
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
}
