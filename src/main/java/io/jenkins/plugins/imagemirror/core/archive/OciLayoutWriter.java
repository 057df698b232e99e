package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an OCI image layout directory: blobs first (each verified and renamed into place, so a blob file is
 * always complete), then {@code index.json} and {@code oci-layout} last, atomically. A layout whose index was not
 * written holds only unreferenced blobs: nothing looks like a complete image. Blob methods are thread-safe.
 */
public final class OciLayoutWriter {
    private final Path dir;

    private OciLayoutWriter(Path dir) {
        this.dir = dir;
    }

    /** Opens {@code dir} for writing, creating it and {@code blobs/} as needed; existing content is kept. */
    public static OciLayoutWriter open(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IOException("writing OCI layout " + absolute + ": exists and is not a directory");
        }
        Files.createDirectories(absolute.resolve(LayoutNames.BLOBS));
        return new OciLayoutWriter(absolute);
    }

    public Path directory() {
        return dir;
    }

    /** True when the blob's file exists (blob files only ever appear complete and verified). */
    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(dir.resolve(LayoutNames.blobPath(digest)), LinkOption.NOFOLLOW_LINKS);
    }

    /** Starts writing a blob; see {@link BlobOutput}. */
    public BlobOutput openBlob(Descriptor descriptor) throws IOException {
        createAlgorithmDirectory(descriptor.digest());
        return new BlobOutput(dir, descriptor);
    }

    /**
     * Adds a blob from a file the caller vouches for: one that was verified when it was written (a blob of a layout
     * this engine wrote, a layer of the build cache). A hard link when on the same file system (a large layer is
     * neither copied nor hashed again), else a copy renamed into place. Only the size is checked.
     */
    public void linkBlob(Descriptor descriptor, Path file) throws IOException {
        if (hasBlob(descriptor.digest())) {
            return;
        }
        long size = Files.size(file);
        if (size != descriptor.size()) {
            throw new IOException("adding blob " + descriptor.digest() + " to " + dir + " from " + file + ": file has "
                    + size + " bytes, its descriptor declares " + descriptor.size() + " (clear the cache holding it)");
        }
        createAlgorithmDirectory(descriptor.digest());
        Path target = dir.resolve(LayoutNames.blobPath(descriptor.digest()));
        try {
            Files.createLink(target, file);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another thread or writer added it
        } catch (IOException | UnsupportedOperationException e) {
            try (StagedFile copy = StagedFile.create(target)) {
                Files.copy(file, copy.stream());
                copy.commit();
            }
        }
    }

    private void createAlgorithmDirectory(Digest digest) throws IOException {
        Path algorithm = dir.resolve(LayoutNames.BLOBS).resolve(digest.algorithm());
        if (!Files.isDirectory(algorithm)) {
            try {
                // never its parents: a layout deleted meanwhile (an archive's staging, on interrupt) stays deleted
                Files.createDirectory(algorithm);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another blob thread made it
            }
        }
    }

    /** Writes small content (a manifest, an index, a config) as a blob, unless present. */
    public void writeBlob(Descriptor descriptor, byte[] bytes) throws IOException {
        if (hasBlob(descriptor.digest())) {
            return;
        }
        try (BlobOutput out = openBlob(descriptor)) {
            out.write(bytes, 0, bytes.length);
            out.commit();
        }
    }

    /**
     * Replaces {@code index.json} (and writes {@code oci-layout}) atomically. Entries keep their order; each must
     * already be present as a blob.
     */
    public void writeIndex(List<Descriptor> entries) throws IOException {
        for (Descriptor entry : entries) {
            if (!hasBlob(entry.digest())) {
                throw new IOException("writing " + dir.resolve(LayoutNames.INDEX) + ": entry " + entry.digest()
                        + " is not among the layout's blobs");
            }
        }
        writeFile(LayoutNames.OCI_LAYOUT, LayoutNames.layoutFile());
        writeFile(LayoutNames.INDEX, indexJson(entries));
    }

    /** The bytes of an {@code index.json} listing {@code entries}: deterministic. */
    public static byte[] indexJson(List<Descriptor> entries) {
        return ImageIndex.create(MediaType.OCI_INDEX, entries, Map.of()).bytes();
    }

    /**
     * {@code root} named {@code refName}: annotations {@code org.opencontainers.image.ref.name} = refName and, when
     * refName is an image reference (also by digest: containerd names images by digest too),
     * {@code io.containerd.image.name} = its full form. No name gives the bare root.
     */
    public static Descriptor named(Descriptor root, String refName) {
        Descriptor bare = new Descriptor(root.mediaType(), root.digest(), root.size(), root.platform(), null);
        if (refName == null || refName.isEmpty()) {
            return bare;
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(LayoutNames.REF_NAME, refName);
        LayoutNames.imageName(refName)
                .or(() -> LayoutNames.digestImageName(refName))
                .ifPresent(name -> annotations.put(LayoutNames.CONTAINERD_NAME, name));
        return bare.withAnnotations(annotations);
    }

    /**
     * The entries of {@code existing} with {@code entry} added; an entry with the same ref name (or, for unnamed
     * entries, the same digest) is replaced so that a name points at one image only.
     */
    public static List<Descriptor> merge(List<Descriptor> existing, Descriptor entry) {
        String name = entry.annotations().get(LayoutNames.REF_NAME);
        List<Descriptor> result = new ArrayList<>();
        for (Descriptor d : existing) {
            String other = d.annotations().get(LayoutNames.REF_NAME);
            boolean replaced = name != null
                    ? name.equals(other)
                    : other == null && d.digest().equals(entry.digest());
            if (!replaced) {
                result.add(d);
            }
        }
        result.add(entry);
        return result;
    }

    private void writeFile(String name, byte[] bytes) throws IOException {
        try (StagedFile file = StagedFile.create(dir.resolve(name))) {
            file.stream().write(bytes);
            file.commit();
        }
    }
}
