package io.jenkins.plugins.imagemirror.core.job;

import io.jenkins.plugins.imagemirror.core.archive.StagingDirectory;
import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.build.BuildResult;
import io.jenkins.plugins.imagemirror.core.build.BuildSpec;
import io.jenkins.plugins.imagemirror.core.build.EngineBaseImages;
import io.jenkins.plugins.imagemirror.core.build.ImageBuilder;
import io.jenkins.plugins.imagemirror.core.copy.BlobTap;
import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.size.DestinationDigest;
import io.jenkins.plugins.imagemirror.core.size.DigestsEnvWriter;
import io.jenkins.plugins.imagemirror.core.size.DocumentCache;
import io.jenkins.plugins.imagemirror.core.size.ImageSizer;
import io.jenkins.plugins.imagemirror.core.size.LayerScanCache;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.size.SizeReportHtmlWriter;
import io.jenkins.plugins.imagemirror.core.size.SizeReportJsonWriter;
import io.jenkins.plugins.imagemirror.core.transport.ArchiveName;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole workflow, once, for the CLI and the Jenkins steps: build the image or open the source, copy it to every
 * destination with one digest, then write the digests file and the size report of the platforms asked for. Progress
 * goes to the listener (the build's lines as {@link CopyListener#info}). A destination that fails does not stop the
 * others; the digests file and the report are written only when every destination succeeded.
 *
 * <p>The names, decided here for both callers: an image is called after its first registry destination, else after
 * its source (a registry reference, a location as given, a build file); an archive written without {@code :NAME}
 * takes the same name, else the source's own, else {@link ArchiveName#fallback}.
 */
public final class ImageJob {
    private final CopyListener listener;
    private final LayerScanCache scans;
    private final DocumentCache documents;

    /**
     * A job whose reports keep their layer scans and documents in this JVM only ({@link LayerScanCache#shared()},
     * {@link DocumentCache#shared()}).
     */
    public ImageJob(CopyListener listener) {
        this(listener, LayerScanCache.shared(), DocumentCache.shared());
    }

    /**
     * @param scans     where the report finds and keeps layer scans: a layer the copy streams is scanned from that
     *                  same read ({@link BlobTap}), and one scanned before (this JVM, or the files {@code scans}
     *                  keeps) is not read
     * @param documents where the report finds and keeps the manifests and configs it reads
     */
    public ImageJob(CopyListener listener, LayerScanCache scans, DocumentCache documents) {
        this.listener = listener;
        this.scans = scans;
        this.documents = documents;
    }

    public JobResult run(JobRequest request) throws IOException, InterruptedException, BuildInputException {
        if (request.build() == null) {
            try (ImageSource source = open(request.source(), request)) {
                return deliver(request, source, request.platforms(), name(request.source()));
            }
        }
        Path cache = Files.createDirectories(request.build().cacheDir());
        Path scratch = Files.createTempDirectory(cache, "build-");
        try {
            BuildResult built = build(request, scratch.resolve("image"));
            try (ImageSource source = Transports.openSource(
                    ImageLocation.of(Transport.OCI_LAYOUT, built.layout(), null), request.registries())) {
                // the build made exactly the platforms asked for: its layout is copied whole, digest unchanged
                return deliver(request, source, List.of(), request.build().describe());
            }
        } finally {
            StagingDirectory.deleteTree(scratch);
        }
    }

    private BuildResult build(JobRequest request, Path layout)
            throws IOException, InterruptedException, BuildInputException {
        BuildRequest build = request.build();
        List<String> platforms =
                request.platforms().stream().map(Platform::toString).toList();
        BuildSpec spec = new BuildSpec(
                build.context(),
                build.dockerfile(),
                build.buildFile(),
                build.buildArgs(),
                platforms,
                build.cacheDir(),
                layout,
                null,
                new EngineBaseImages(request.registries(), listener));
        BuildResult built = new ImageBuilder(listener::info).build(spec);
        listener.info("built " + built.digest() + " (" + built.images().size() + " platform"
                + (built.images().size() == 1 ? "" : "s") + ")");
        return built;
    }

    private JobResult deliver(JobRequest request, ImageSource source, List<Platform> copyPlatforms, String sourceName)
            throws IOException {
        if (request.sizesOnly()) {
            Descriptor root = source.resolve();
            listener.resolved(source.describe(), root);
            String archiveName = source.imageName().orElse(sourceName);
            SizeReport report = size(source, root, sourceName, archiveName, copyPlatforms, List.of());
            return new JobResult(root.digest(), null, List.of(), report, writeFiles(request, List.of(), report));
        }
        String imageName = firstRegistry(request).orElse(null);
        Optional<String> archiveNames = imageName != null ? Optional.of(imageName) : source.imageName();
        List<ImageDestination> opened = new ArrayList<>();
        CopyResult copied;
        try {
            for (JobTarget target : request.destinations()) {
                opened.add(open(target, request, archiveNames));
            }
            // the report's layer scans ride on the copy's one read of the source: no read-back of what moved
            BlobTap tap = reports(request) ? BlobTap.of(scans::lacks, scans::scanVerified) : BlobTap.NONE;
            copied = new ImageCopier(request.copy().withPlatforms(copyPlatforms), listener, tap).copy(source, opened);
        } finally {
            closeAll(opened);
        }
        List<JobResult.Written> written = new ArrayList<>();
        List<DestinationDigest> pushed = new ArrayList<>();
        for (int i = 0; i < request.destinations().size(); i++) {
            JobTarget target = request.destinations().get(i);
            DestinationResult result = copied.destinations().get(i);
            written.add(new JobResult.Written(target, result));
            if (result.succeeded() && target.reference() != null) {
                pushed.add(new DestinationDigest(withoutDigest(result.reference()), result.digest()));
            }
        }
        if (!copied.allSucceeded()) {
            return new JobResult(copied.root().digest(), copied, written, null, List.of());
        }
        SizeReport report = null;
        if (reports(request)) {
            String name = imageName != null ? imageName : sourceName;
            Optional<ImageLocation> archive = firstArchive(request, archiveNames);
            String archiveName =
                    archive.map(ImageLocation::name).or(() -> archiveNames).orElse(name);
            if (archive.isPresent() && archive.get().transport() == Transport.OCI_ARCHIVE) {
                // the archive just written holds the same image, local: no second download from the source
                try (ImageSource local = Transports.openSource(archive.get(), request.registries())) {
                    report = size(local, local.resolve(), name, archiveName, List.of(), pushed);
                }
            } else {
                // without a platform filter the copied root is the source's own: sized as copied, no second resolve
                Descriptor root = copyPlatforms.isEmpty() ? copied.root() : source.resolve();
                report = size(source, root, name, archiveName, copyPlatforms, pushed);
            }
        }
        return new JobResult(copied.root().digest(), copied, written, report, writeFiles(request, pushed, report));
    }

    private ImageDestination open(JobTarget target, JobRequest request, Optional<String> archiveNames)
            throws IOException {
        ImageLocation location = target.location();
        if (ArchiveName.applies(location)
                && ArchiveName.of(location, archiveNames).fromFile()) {
            listener.info(ArchiveName.of(location, archiveNames).notice(location));
        }
        Platform dockerPlatform =
                request.platforms().isEmpty() ? null : request.platforms().get(0);
        return target.settings() != null
                ? Transports.openDestination(location, target.settings(), request.tags(), dockerPlatform, archiveNames)
                : Transports.openDestination(
                        location, request.registries(), request.tags(), dockerPlatform, archiveNames);
    }

    private static ImageSource open(JobTarget target, JobRequest request) throws IOException {
        return target.settings() != null
                ? Transports.openSource(target.location(), target.settings())
                : Transports.openSource(target.location(), request.registries());
    }

    private static boolean reports(JobRequest request) {
        return request.report() && request.outputDir() != null;
    }

    /**
     * One streamed pass per layer, none for a layer scanned already (as the copy streamed it, or earlier), and no
     * round trip for a manifest or config an earlier report read ({@link DocumentCache}).
     */
    private SizeReport size(
            ImageSource image,
            Descriptor root,
            String name,
            String archiveName,
            List<Platform> platforms,
            List<DestinationDigest> pushed)
            throws IOException {
        return new ImageSizer(scans)
                .size(
                        name,
                        archiveName,
                        root,
                        documents.manifests(image::manifest),
                        documents.configs(image::openBlob),
                        platforms,
                        Set.of())
                .withDestinations(pushed);
    }

    /** Digests file (when a registry was written), then the report's JSON, HTML and stylesheet (when asked). */
    private static List<Path> writeFiles(JobRequest request, List<DestinationDigest> pushed, SizeReport report)
            throws IOException {
        List<Path> files = new ArrayList<>();
        Path dir = request.outputDir();
        if (dir == null) {
            return files;
        }
        if (!pushed.isEmpty()) {
            files.add(new DigestsEnvWriter().write(pushed, dir));
        }
        if (report != null) {
            files.add(new SizeReportJsonWriter().write(report, dir));
            Path html = new SizeReportHtmlWriter().write(report, dir);
            files.add(html);
            files.add(html.resolveSibling(SizeReportHtmlWriter.STYLESHEET));
        }
        return files;
    }

    /** The name of the source for reports: a registry reference, else the location or build file as given. */
    private static String name(JobTarget source) {
        return source.reference() != null
                ? source.reference().toString()
                : source.location().toString();
    }

    private static Optional<String> firstRegistry(JobRequest request) {
        return request.destinations().stream()
                .filter(t -> t.reference() != null)
                .findFirst()
                .map(t -> t.reference().toString());
    }

    /** The first archive destination, with the name it was given (its own, or the default one). */
    private static Optional<ImageLocation> firstArchive(JobRequest request, Optional<String> archiveNames) {
        return request.destinations().stream()
                .map(JobTarget::location)
                .filter(ImageLocation::isArchive)
                .findFirst()
                .map(l -> l.withName(ArchiveName.of(l, archiveNames).name()));
    }

    private static String withoutDigest(String reference) {
        int at = reference.lastIndexOf('@');
        return at < 0 ? reference : reference.substring(0, at);
    }

    private static void closeAll(List<ImageDestination> destinations) throws IOException {
        IOException first = null;
        for (ImageDestination d : destinations) {
            try {
                d.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
