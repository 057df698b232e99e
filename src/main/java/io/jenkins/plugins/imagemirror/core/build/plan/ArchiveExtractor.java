package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks the local tar archives ADD names into {@code STAGING/<sha256 of the archive>/}, keeping each entry's
 * permission bits, numeric owner and modification time for the layer. Staged files get the entry's mtime, so the
 * layer cache recognises them on the next build. Links and special files are refused (a layer from staged files
 * cannot carry them); so are entries escaping the destination.
 */
public final class ArchiveExtractor {
    /** One regular file or directory of an archive: its cleaned path and the staged copy of its bytes. */
    record Extracted(String path, Path file, int mode, String ownership, Instant modified) {}

    private final Path staging;

    public ArchiveExtractor(Path staging) {
        this.staging = staging;
    }

    /** Whether ADD should unpack this file: a tar, possibly gzip- or bzip2-compressed (by content, as Docker). */
    static boolean isArchive(Path file) throws IOException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return true;
        }
        if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return true;
        }
        return n >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
    }

    /** Whether the archive holds symbolic or hard links (then {@code core.build.ArchiveLayerWriter} writes its layer). */
    static boolean hasLinks(Path archive) throws IOException {
        try (InputStream in = decompressed(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isSymbolicLink() || entry.isLink()) {
                    return true;
                }
            }
        }
        return false;
    }

    List<Extracted> extract(Path archive) throws IOException {
        String digest = sha256(archive).hex();
        Path target = staging.resolve(digest);
        Files.createDirectories(staging);
        // a private directory per extraction: two builds sharing the cache may unpack the same archive at once
        Path partial = Files.createTempDirectory(staging, digest + ".partial-");
        List<Extracted> out = new ArrayList<>();
        try (InputStream in = decompressed(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String path = DockerIgnore.clean(entry.getName());
                if (path.isEmpty()) {
                    continue;
                }
                if (path.equals("..") || path.startsWith("../")) {
                    throw new IllegalArgumentException("archive entry " + entry.getName() + " escapes the "
                            + "destination; repack the archive with relative paths");
                }
                // commons-compress calls links and devices "files" too: ask for each kind
                boolean special = entry.isSymbolicLink()
                        || entry.isLink()
                        || entry.isCharacterDevice()
                        || entry.isBlockDevice()
                        || entry.isFIFO();
                if (special || (!entry.isFile() && !entry.isDirectory())) {
                    throw new IllegalArgumentException("archive entry " + entry.getName() + " is a link or special "
                            + "file, which image-mirror cannot put in a layer; unpack the archive in an earlier "
                            + "pipeline step and COPY the result, or repack it without links");
                }
                Path file = partial.resolve(path);
                Files.createDirectories(entry.isDirectory() ? file : file.getParent());
                if (entry.isFile()) {
                    Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
                }
                Instant modified = entry.getModTime().toInstant();
                out.add(new Extracted(
                        path,
                        target.resolve(path),
                        entry.getMode() & 0777,
                        entry.getLongUserId() + ":" + entry.getLongGroupId(),
                        modified));
                Files.setLastModifiedTime(file, FileTime.from(modified));
            }
        }
        for (Extracted e : out) {
            Files.setLastModifiedTime(partial.resolve(e.path()), FileTime.from(e.modified()));
        }
        if (!Files.exists(target)) {
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.exists(target)) {
                    throw new IOException("staging archive " + archive + " in " + target + ": " + e, e);
                }
            }
        }
        // Same archive content as before (or another build won the race): keep the staged copy, whose mtimes are
        // what the layer cache knows.
        deleteTree(partial);
        return out;
    }

    public static InputStream decompressed(Path archive) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(archive));
        in.mark(3);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GzipCompressorInputStream(in, true);
        }
        if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            return new BZip2CompressorInputStream(in, true);
        }
        return in;
    }

    public static Digest sha256(Path file) throws IOException {
        MessageDigest hasher = Digest.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), hasher)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Digest.of(hasher);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
