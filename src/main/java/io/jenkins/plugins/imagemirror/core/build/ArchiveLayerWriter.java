package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.build.plan.ArchiveExtractor;
import io.jenkins.plugins.imagemirror.core.build.plan.DockerIgnore;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.JsonNumber;
import io.jenkins.plugins.imagemirror.core.image.JsonObject;
import io.jenkins.plugins.imagemirror.core.image.JsonString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The layer of {@code ADD archive.tar /dest} when the archive holds symbolic or hard links, which Jib's layers
 * cannot carry (its public API knows files and directories only): the archive's entries re-rooted under
 * {@code /dest}, in the archive's order, with their modes, numeric owners, times and link targets (hard links
 * re-rooted too), user and group names dropped; parent directories of {@code /dest} first (0755, 0:0, the file
 * time, as Jib writes them). gzip with a fixed header, so the same archive and destination give the same digest.
 *
 * <p>Cached like Jib's layers: {@code CACHE/archive-layers/<key>.json} remembers the digests of an archive (by
 * content) unpacked at a destination, and the blob stays in {@code CACHE/layers/}; a rebuild compresses nothing.
 */
final class ArchiveLayerWriter {
    private static final int FORMAT = 1;

    /** What {@code CACHE/archive-layers/<key>.json} remembers. */
    record Known(String digest, String diffId, long size) {
        JsonObject toJson() {
            return new JsonObject().put("digest", digest).put("diffId", diffId).put("size", size);
        }

        /** Null unless {@code record} has the three fields with their types. */
        static Known fromJson(JsonObject record) {
            if (record.get("digest") instanceof JsonString digest
                    && record.get("diffId") instanceof JsonString diffId
                    && record.get("size") instanceof JsonNumber size
                    && size.fitsLong()) {
                return new Known(digest.text(), diffId.text(), size.longValue());
            }
            return null;
        }
    }

    private final Path cacheDir;
    private final Instant fileTime;

    ArchiveLayerWriter(Path cacheDir, Instant fileTime) {
        this.cacheDir = cacheDir;
        this.fileTime = fileTime;
    }

    BuiltLayer write(Path archive, String destination) throws IOException {
        String key = Digest.sha256(
                        FORMAT + "\n" + ArchiveExtractor.sha256(archive).hex() + "\n" + destination + "\n" + fileTime)
                .hex();
        Path index = Files.createDirectories(cacheDir.resolve("archive-layers")).resolve(key + ".json");
        Path store = Files.createDirectories(cacheDir.resolve("layers"));
        Optional<Known> known = CacheRecord.read(index, Known::fromJson);
        if (known.isPresent()) {
            Digest digest = Digest.parse(known.get().digest());
            Path blob = store.resolve(digest.hex());
            if (Files.isRegularFile(blob)) {
                return new BuiltLayer(
                        digest, Digest.parse(known.get().diffId()), known.get().size(), blob, false);
            }
        }
        MessageDigest compressed = Digest.newSha256();
        MessageDigest uncompressed = Digest.newSha256();
        Path temp = Files.createTempFile(store, ".archive-", ".tar.gz");
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp));
                    DigestOutputStream gzDigest = new DigestOutputStream(file, compressed);
                    GZIPOutputStream gzip = new GZIPOutputStream(gzDigest, 65536);
                    DigestOutputStream tarDigest = new DigestOutputStream(gzip, uncompressed);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(tarDigest)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                copyEntries(archive, destination, tar);
            }
            Digest digest = Digest.of(compressed);
            Digest diffId = Digest.of(uncompressed);
            long size = Files.size(temp);
            Path blob = store.resolve(digest.hex());
            Files.move(temp, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            CacheRecord.write(index, new Known(digest.toString(), diffId.toString(), size).toJson());
            return new BuiltLayer(digest, diffId, size, blob, true);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void copyEntries(Path archive, String destination, TarArchiveOutputStream tar) throws IOException {
        String root = DockerIgnore.clean(destination);
        String prefix = root.isEmpty() ? "" : root + "/";
        StringBuilder parent = new StringBuilder();
        for (String part : root.isEmpty() ? new String[0] : root.split("/")) {
            parent.append(part).append('/');
            TarArchiveEntry dir = new TarArchiveEntry(parent.toString());
            dir.setMode(040755);
            anonymous(dir, 0, 0);
            dir.setModTime(Date.from(fileTime));
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
        }
        try (InputStream in = ArchiveExtractor.decompressed(archive);
                TarArchiveInputStream source = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = source.getNextEntry(); e != null; e = source.getNextEntry()) {
                String path = DockerIgnore.clean(e.getName());
                if (path.isEmpty()) {
                    continue;
                }
                if (path.equals("..") || path.startsWith("../")) {
                    throw new IllegalArgumentException("archive entry " + e.getName() + " escapes the destination; "
                            + "repack the archive with relative paths");
                }
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw new IllegalArgumentException("archive entry " + e.getName() + " is a device or FIFO, "
                            + "which image-mirror does not put in a layer; repack the archive without it");
                }
                TarArchiveEntry out;
                if (e.isSymbolicLink()) {
                    out = new TarArchiveEntry(prefix + path, TarArchiveEntry.LF_SYMLINK);
                    out.setLinkName(e.getLinkName());
                } else if (e.isLink()) {
                    out = new TarArchiveEntry(prefix + path, TarArchiveEntry.LF_LINK);
                    out.setLinkName(prefix + DockerIgnore.clean(e.getLinkName()));
                } else if (e.isDirectory()) {
                    out = new TarArchiveEntry(prefix + path + "/");
                } else {
                    out = new TarArchiveEntry(prefix + path);
                    out.setSize(e.getSize());
                }
                out.setMode(e.getMode());
                anonymous(out, e.getLongUserId(), e.getLongGroupId());
                out.setModTime(e.getModTime());
                tar.putArchiveEntry(out);
                if (out.isFile() && !e.isSymbolicLink() && !e.isLink()) {
                    source.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    /** Numeric owner only: commons-compress fills in this JVM's user name, which would change the digest. */
    private static void anonymous(TarArchiveEntry entry, long uid, long gid) {
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setUserName("");
        entry.setGroupName("");
    }
}
