package io.jenkins.plugins.imagemirror.jenkins;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The result of one step's work, as the agent returns it and the build page persists it: digests, per-destination
 * status, sizes per runtime per platform, a per-layer summary, the explanation. Holds no secret and no type of a
 * bundled library. Plain mutable fields with ArrayList/LinkedHashMap: XStream (build.xml) and the agent channel
 * both accept them under Jenkins' class filter.
 */
public final class ImageOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Runtime keys, in report order: what each tool shows as the image's size. */
    public static final List<String> RUNTIMES = List.of(
            "registry",
            "containerd",
            "podman",
            "docker",
            "dockerVfs",
            "containerdSnapshotEstimate",
            "ociArchive",
            "dockerArchive");

    public String source;
    /** Digest of the root manifest or index every destination received. */
    public String digest;

    public ArrayList<TargetOutcome> targets = new ArrayList<>();
    public ArrayList<PlatformSizes> platforms = new ArrayList<>();
    /** Plain words: why the numbers differ between runtimes. */
    public String explanation;
    /** Workspace-relative path of the OCI tarball written, or null. */
    public String tarball;

    public long tarballBytes;
    /** Absolute path, on the agent, of the directory holding the report files to archive. */
    public String outputDirectory;
    /** Names of the files in {@link #outputDirectory} to archive. */
    public ArrayList<String> reportFiles = new ArrayList<>();
    /** Names under which artifacts were archived (set by the controller). */
    public ArrayList<String> artifacts = new ArrayList<>();
    /**
     * The step call this is the outcome of ({@link StepCall#id()}, set by the controller): a call run again after a
     * controller restart replaces its earlier record instead of adding a second one. Null in records of older builds.
     */
    public String callId;

    /**
     * What the build page keeps: everything but the agent-side paths of the report files. A copy, so that the
     * persisted action shares nothing with the object returned over the channel.
     */
    public ImageOutcome forBuildPage() {
        ImageOutcome kept = new ImageOutcome();
        kept.source = source;
        kept.digest = digest;
        kept.targets = new ArrayList<>(targets);
        kept.platforms = new ArrayList<>(platforms);
        kept.explanation = explanation;
        kept.tarball = tarball;
        kept.tarballBytes = tarballBytes;
        kept.artifacts = new ArrayList<>(artifacts);
        kept.callId = callId;
        return kept;
    }

    /** The sizes of the first platform (in index order), or an empty map. */
    public LinkedHashMap<String, Long> primarySizes() {
        return platforms.isEmpty() ? new LinkedHashMap<>() : platforms.get(0).sizes;
    }

    /** One destination's outcome. */
    public static final class TargetOutcome implements Serializable {
        private static final long serialVersionUID = 1L;
        public String reference;
        public String digest;
        /** {@code pushed} or {@code present}. */
        public String status;

        public long bytesUploaded;

        public TargetOutcome() {}

        public TargetOutcome(String reference, String digest, String status, long bytesUploaded) {
            this.reference = reference;
            this.digest = digest;
            this.status = status;
            this.bytesUploaded = bytesUploaded;
        }
    }

    /** Sizes of one platform's image. */
    public static final class PlatformSizes implements Serializable {
        private static final long serialVersionUID = 1L;
        public String platform;
        public String manifestDigest;
        /** Bytes by runtime key (see {@link ImageOutcome#RUNTIMES}). */
        public LinkedHashMap<String, Long> sizes = new LinkedHashMap<>();

        public ArrayList<LayerSummary> layers = new ArrayList<>();
    }

    /** One layer: what the registry stores and what unpacks. */
    public static final class LayerSummary implements Serializable {
        private static final long serialVersionUID = 1L;
        public String digest;
        public long compressedBytes;
        public long uncompressedBytes;
        public long fileBytes;
        /** The history entry that made the layer (as the image says, unescaped), or null. */
        public String createdBy;
        /** The largest regular files, largest first (paths as the image says, unescaped). */
        public ArrayList<FileSummary> largestFiles = new ArrayList<>();

        public LayerSummary() {}

        public LayerSummary(String digest, long compressedBytes, long uncompressedBytes, long fileBytes) {
            this.digest = digest;
            this.compressedBytes = compressedBytes;
            this.uncompressedBytes = uncompressedBytes;
            this.fileBytes = fileBytes;
        }
    }

    /** One file of a layer. */
    public static final class FileSummary implements Serializable {
        private static final long serialVersionUID = 1L;
        public String path;
        public long bytes;

        public FileSummary() {}

        public FileSummary(String path, long bytes) {
            this.path = path;
            this.bytes = bytes;
        }
    }
}
