package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.archive.StagingDirectory;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code oci:DIR[:REF]}: writes into an OCI layout directory, created if needed; images already there are kept
 * and an entry with the same REF is replaced. Blobs are renamed into place as they complete (content-addressed,
 * so a blob file is always whole); {@code index.json} is replaced atomically at {@link #commit()}, so an abandoned
 * copy leaves only unreferenced blobs (and removes the directory if this copy created it). Two copies into the
 * same directory at the same time may lose one index entry: the last {@code index.json} written wins.
 */
public final class OciLayoutDestination extends LayoutBackedDestination {
    private final String ref;
    private final boolean created;
    private boolean committed;

    private OciLayoutDestination(Path dir, String ref, boolean created, OciLayoutWriter layout) {
        super(layout, ImageLocation.of(Transport.OCI_LAYOUT, dir, ref).describe());
        this.ref = ref;
        this.created = created;
    }

    public static OciLayoutDestination create(Path path, String ref) throws IOException {
        Path dir = path.toAbsolutePath();
        boolean created = !Files.exists(dir);
        return new OciLayoutDestination(dir, ref, created, OciLayoutWriter.open(dir));
    }

    /** True when index.json already names the root (by REF, or unnamed for no REF) and the root blob is present. */
    @Override
    public boolean hasRoot(Descriptor root) throws IOException {
        return layout.hasBlob(root.digest())
                && existingEntries().stream().anyMatch(d -> d.digest().equals(root.digest()) && sameName(d));
    }

    @Override
    public void commit() throws IOException {
        Descriptor entry = OciLayoutWriter.named(root().descriptor(), ref);
        layout.writeIndex(OciLayoutWriter.merge(existingEntries(), entry));
        committed = true;
    }

    @Override
    public void close() {
        if (!committed && created) {
            StagingDirectory.deleteTree(layout.directory());
        }
    }

    private List<Descriptor> existingEntries() throws IOException {
        if (!Files.exists(layout.directory().resolve(LayoutNames.INDEX))) {
            return List.of();
        }
        try (OciLayoutReader reader = OciLayoutReader.open(
                layout.directory(),
                Transport.OCI_LAYOUT.prefix() + layout.directory().toAbsolutePath())) {
            return reader.entries();
        }
    }

    private boolean sameName(Descriptor entry) {
        String name = entry.annotations().get(LayoutNames.REF_NAME);
        return ref == null ? name == null : ref.equals(name);
    }
}
