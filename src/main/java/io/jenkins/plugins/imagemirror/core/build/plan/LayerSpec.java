package io.jenkins.plugins.imagemirror.core.build.plan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One layer to build: the files it holds and the instruction that made it (for history and the size report).
 * Equal specs give byte-identical layers. A layer that unpacks a tar archive with links ({@code archive} set,
 * no entries) is written by {@code core.build.ArchiveLayerWriter}: Jib's layers hold only files and directories.
 */
public record LayerSpec(String createdBy, int line, List<Entry> entries, Path archive, String archiveDestination) {
    public LayerSpec {
        entries = List.copyOf(entries);
    }

    public LayerSpec(String createdBy, int line, List<Entry> entries) {
        this(createdBy, line, entries, null, null);
    }

    /**
     * A file or directory in the layer: where its bytes come from, its absolute path in the image, its permission
     * bits (0–0777), its numeric owner {@code uid:gid} and modification time.
     */
    public record Entry(Path source, String target, int mode, String ownership, Instant modified) {}
}
