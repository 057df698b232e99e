package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.util.List;

/**
 * What one streaming pass over a layer found.
 *
 * @param index               position in the manifest, 0 = base layer
 * @param digest              digest of the blob as stored (compressed)
 * @param mediaType           media type from the manifest
 * @param compressedBytes     blob size (what a registry stores and a pull downloads)
 * @param diffId              sha256 of the uncompressed tar stream (what the config's rootfs.diff_ids lists)
 * @param tarStreamBytes      length of the uncompressed tar stream, headers, padding and end blocks included (D)
 * @param regularFileBytes    sum of the sizes of regular-file entries (G); whiteout markers are not counted
 * @param symlinkTargetBytes  sum of the UTF-8 lengths of symlink targets (H - G)
 * @param files               regular files (whiteout markers excluded)
 * @param directories         directory entries
 * @param symlinks            symbolic links
 * @param hardlinks           hard links
 * @param whiteouts           {@code .wh.NAME} markers (deletions of a lower path)
 * @param opaqueWhiteouts     {@code .wh..wh..opq} markers (a directory whose lower contents are hidden)
 * @param otherEntries        devices, fifos and other entry types
 * @param snapshotBytesEstimate ext4 disk usage estimate of the unpacked layer (containerd snapshot)
 * @param hiddenBytes         bytes of this layer's regular files that later layers overwrite or delete
 * @param largestFiles        the largest regular files, largest first
 * @param createdBy           the config history entry (Dockerfile instruction, build-file entry) that made the
 *                            layer, or null when the config does not say
 */
public record LayerStats(
        int index,
        Digest digest,
        String mediaType,
        long compressedBytes,
        Digest diffId,
        long tarStreamBytes,
        long regularFileBytes,
        long symlinkTargetBytes,
        long files,
        long directories,
        long symlinks,
        long hardlinks,
        long whiteouts,
        long opaqueWhiteouts,
        long otherEntries,
        long snapshotBytesEstimate,
        long hiddenBytes,
        List<FileSize> largestFiles,
        String createdBy) {

    public LayerStats {
        largestFiles = List.copyOf(largestFiles);
    }

    /** What docker with overlay2 counts for this layer (H). */
    public long overlayBytes() {
        return regularFileBytes + symlinkTargetBytes;
    }

    LayerStats withHiddenBytes(long hidden) {
        return new LayerStats(
                index,
                digest,
                mediaType,
                compressedBytes,
                diffId,
                tarStreamBytes,
                regularFileBytes,
                symlinkTargetBytes,
                files,
                directories,
                symlinks,
                hardlinks,
                whiteouts,
                opaqueWhiteouts,
                otherEntries,
                snapshotBytesEstimate,
                hidden,
                largestFiles,
                createdBy);
    }

    LayerStats withIndex(int position) {
        return new LayerStats(
                position,
                digest,
                mediaType,
                compressedBytes,
                diffId,
                tarStreamBytes,
                regularFileBytes,
                symlinkTargetBytes,
                files,
                directories,
                symlinks,
                hardlinks,
                whiteouts,
                opaqueWhiteouts,
                otherEntries,
                snapshotBytesEstimate,
                hiddenBytes,
                largestFiles,
                createdBy);
    }

    LayerStats withCreatedBy(String instruction) {
        return new LayerStats(
                index,
                digest,
                mediaType,
                compressedBytes,
                diffId,
                tarStreamBytes,
                regularFileBytes,
                symlinkTargetBytes,
                files,
                directories,
                symlinks,
                hardlinks,
                whiteouts,
                opaqueWhiteouts,
                otherEntries,
                snapshotBytesEstimate,
                hiddenBytes,
                largestFiles,
                instruction);
    }
}
