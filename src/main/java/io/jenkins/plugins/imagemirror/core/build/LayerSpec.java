package io.jenkins.plugins.imagemirror.core.build;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One layer to build: the files it holds and the instruction that made it (for history and the size report).
 * Equal specs give byte-identical layers.
 */
public record LayerSpec(String createdBy, int line, List<Entry> entries) {
    public LayerSpec {
        entries = List.copyOf(entries);
    }

    /**
     * A file or directory in the layer: where its bytes come from, its absolute path in the image, its permission
     * bits (0–0777), its numeric owner {@code uid:gid} and modification time.
     */
    public record Entry(Path source, String target, int mode, String ownership, Instant modified) {}
}
