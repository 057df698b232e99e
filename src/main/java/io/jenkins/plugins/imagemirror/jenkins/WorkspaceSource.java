package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.LocalImageKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a source that lives in the workspace on the agent: an archive or OCI layout named with a prefix, or a bare
 * path whose kind its content decides (see {@link SourceForm}). Every failure is one line naming the source, the
 * path and what to give instead.
 */
public final class WorkspaceSource {
    private WorkspaceSource() {}

    /** Rule 3 of {@link SourceForm}: see {@link LocalImageKind#holdsImage}. */
    public static boolean holdsImage(Path workspace, String path) {
        return LocalImageKind.holdsImage(workspace, path);
    }

    /**
     * The location of a source in the workspace, resolved against it and checked to exist; a bare path's transport is
     * decided by its content.
     *
     * @param source the source as the script wrote it, of a {@link SourceForm#inWorkspace()} form
     * @param what the start of every message, e.g. {@code mirrorImage: source 'out/app.tar'}
     */
    static ImageLocation locate(Path workspace, SourceForm form, String source, String what) throws IOException {
        ImageLocation written;
        try {
            written = form == SourceForm.WORKSPACE_PATH ? null : ImageLocation.parse(source);
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        Path path = workspace
                .resolve(written == null ? Path.of(source) : written.file())
                .normalize();
        if (!Files.exists(path)) {
            throw new IOException(what + ": " + path + " does not exist on this agent; give the path, relative to the"
                    + " workspace, of an OCI layout directory or of an oci-archive or docker-archive tar");
        }
        return written == null ? LocalImageKind.locate(path, null, what) : written.resolveAgainst(workspace);
    }

    /** The form the content of {@code path} decides (see {@link LocalImageKind}). */
    static SourceForm kindOf(Path path, String what) throws IOException {
        return SourceForm.of(LocalImageKind.of(path, what));
    }
}
