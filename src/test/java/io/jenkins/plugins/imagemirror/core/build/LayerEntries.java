package io.jenkins.plugins.imagemirror.core.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Test view of a gzip layer: "path mode uid:gid" per entry, in tar order. */
final class LayerEntries {
    private LayerEntries() {}

    static List<String> list(Path blob) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(blob));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.add(e.getName() + " " + Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId() + ":"
                        + e.getLongGroupId());
            }
        }
        return out;
    }

    static String content(Path blob, String name) throws IOException {
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(blob));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }
}
