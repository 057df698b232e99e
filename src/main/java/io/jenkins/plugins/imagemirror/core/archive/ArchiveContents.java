package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an archive holds, in the order {@link ArchiveTar} writes it: the entries sorted by name, with the directories
 * of the blobs, each blob once, and small files given as bytes. The one description of an archive's layout: the
 * writer writes it and {@link #tarBytes()} predicts the file's size from it (with {@link TarWriter}'s own header
 * rules), so a prediction cannot drift from the file.
 */
public final class ArchiveContents {
    /** One tar entry. Exactly one of {@code blob} and {@code bytes} is set for a file; neither for a directory. */
    public record Entry(String name, Descriptor blob, byte[] bytes) {
        public boolean isDirectory() {
            return blob == null && bytes == null;
        }

        public long size() {
            return blob != null ? blob.size() : bytes != null ? bytes.length : 0;
        }
    }

    private final List<Entry> entries;

    private ArchiveContents(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The archive of {@code blobs} (stored under {@code blobs/<alg>/<hex>}, each digest once) and {@code files}. */
    public static ArchiveContents of(Collection<Descriptor> blobs, Map<String, byte[]> files) {
        SortedMap<String, Entry> sorted = new TreeMap<>();
        files.forEach((name, bytes) -> sorted.put(name, new Entry(name, null, bytes.clone())));
        for (Descriptor blob : blobs) {
            String path = LayoutNames.blobPath(blob.digest());
            sorted.putIfAbsent(path, new Entry(path, blob, null));
            String algorithmDir = path.substring(0, path.lastIndexOf('/'));
            sorted.putIfAbsent(LayoutNames.BLOBS + "/", new Entry(LayoutNames.BLOBS, null, null));
            sorted.putIfAbsent(algorithmDir + "/", new Entry(algorithmDir, null, null));
        }
        return new ArchiveContents(new ArrayList<>(sorted.values()));
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The small file {@code name} (index.json, manifest.json...), or null. */
    public byte[] file(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name) && e.bytes() != null) {
                return e.bytes().clone();
            }
        }
        return null;
    }

    /** The exact size of the file {@link ArchiveTar} writes for these contents. */
    public long tarBytes() {
        long total = TarWriter.END_BYTES;
        for (Entry e : entries) {
            total += e.isDirectory() ? TarWriter.directoryBytes(e.name()) : TarWriter.fileBytes(e.name(), e.size());
        }
        return total;
    }

    /** The bytes one blob of {@code size} bytes adds to an archive (its entry, header included). */
    public static long blobEntryBytes(Descriptor blob) {
        return TarWriter.fileBytes(LayoutNames.blobPath(blob.digest()), blob.size());
    }
}
