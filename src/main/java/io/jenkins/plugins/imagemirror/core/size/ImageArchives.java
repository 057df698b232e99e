package io.jenkins.plugins.imagemirror.core.size;

/**
 * The archive files {@code copy} writes for an image, in bytes (see {@link ArchivePrediction} for the assumptions).
 *
 * @param name          the name the archives carry ({@code org.opencontainers.image.ref.name}, RepoTags); may be null
 * @param ociArchive    the {@code oci-archive:} file
 * @param dockerArchive the {@code docker-archive:} file; null when copy refuses to write one (a multi-platform root)
 */
public record ImageArchives(String name, long ociArchive, Long dockerArchive) {}
