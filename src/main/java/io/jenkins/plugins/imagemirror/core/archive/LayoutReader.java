package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Read access to an OCI image layout, as a directory ({@link OciLayoutReader}) or a tar archive
 * ({@link OciArchiveReader}). Thread-safe: several blobs may be read at once.
 */
public interface LayoutReader extends Closeable {
    /** Largest manifest, index or config read into memory. */
    int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    /** {@code oci:/path} or {@code oci-archive:/path.tar}: for messages. */
    String describe();

    /** The entries of {@code index.json}, in order. */
    List<Descriptor> entries();

    /**
     * Opens a blob for one sequential read. The stream checks the descriptor's size and digest and throws at the
     * end when they do not match, so a tampered blob is never taken for good.
     */
    InputStream openBlob(Descriptor blob) throws IOException;

    /**
     * The file holding a blob that needs no second verification (a staged layout whose blobs were verified as
     * they were written), so that it can be copied in-kernel; empty when the blob must be read through
     * {@link #openBlob}.
     */
    default Optional<Path> trustedBlobFile(Descriptor blob) throws IOException {
        return Optional.empty();
    }

    /** A blob's bytes, verified; for manifests, indexes and configs only (at most {@link #MAX_DOCUMENT_BYTES}). */
    default byte[] readBlob(Descriptor blob) throws IOException {
        if (blob.size() > MAX_DOCUMENT_BYTES) {
            throw new IOException("reading " + blob.digest() + " from " + describe() + ": " + blob.size()
                    + " bytes, more than the " + MAX_DOCUMENT_BYTES + " allowed for a manifest or config");
        }
        try (InputStream in = openBlob(blob)) {
            return in.readAllBytes();
        }
    }

    /**
     * The {@code index.json} entry named {@code refName} ({@code org.opencontainers.image.ref.name}, or else
     * {@code io.containerd.image.name}); with no name, the only entry.
     */
    default Descriptor find(String refName) throws IOException {
        List<Descriptor> entries = entries();
        if (refName == null || refName.isEmpty()) {
            if (entries.size() == 1) {
                return entries.get(0);
            }
            throw new IOException(describe() + ": index.json holds " + entries.size() + " images; name one with :REF ("
                    + names(entries) + ")");
        }
        for (Descriptor d : entries) {
            if (refName.equals(d.annotations().get(LayoutNames.REF_NAME))) {
                return d;
            }
        }
        String full = LayoutNames.imageName(refName).orElse(null);
        for (Descriptor d : entries) {
            String name = d.annotations().get(LayoutNames.CONTAINERD_NAME);
            if (name != null && (name.equals(refName) || name.equals(full))) {
                return d;
            }
        }
        throw new IOException(describe() + ": no image named '" + refName + "' in index.json (" + names(entries) + ")");
    }

    private static String names(List<Descriptor> entries) {
        if (entries.isEmpty()) {
            return "it is empty";
        }
        return "names: "
                + entries.stream()
                        .map(d -> d.annotations()
                                .getOrDefault(
                                        LayoutNames.REF_NAME,
                                        d.annotations()
                                                .getOrDefault(
                                                        LayoutNames.CONTAINERD_NAME, "<unnamed " + d.digest() + ">")))
                        .collect(Collectors.joining(", "));
    }
}
