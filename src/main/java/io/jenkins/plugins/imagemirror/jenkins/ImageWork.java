package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.build.BuildResult;
import io.jenkins.plugins.imagemirror.core.build.BuildSpec;
import io.jenkins.plugins.imagemirror.core.build.EngineBaseImages;
import io.jenkins.plugins.imagemirror.core.build.ImageBuilder;
import io.jenkins.plugins.imagemirror.core.copy.ArchiveLocation;
import io.jenkins.plugins.imagemirror.core.copy.ArchiveName;
import io.jenkins.plugins.imagemirror.core.copy.BlobTap;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.copy.ImageDestination;
import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
import io.jenkins.plugins.imagemirror.core.copy.OciArchiveDestination;
import io.jenkins.plugins.imagemirror.core.copy.OciArchiveSource;
import io.jenkins.plugins.imagemirror.core.copy.OciLayoutSource;
import io.jenkins.plugins.imagemirror.core.copy.RegistryDestination;
import io.jenkins.plugins.imagemirror.core.copy.RegistrySource;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.size.LayerScanCache;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one class that drives the core engine for a step: builds (core.build) when asked, copies (core.copy) to every
 * destination and the tarball, then writes the digests and size report (core.size) and logs a closing summary.
 * Runs on the agent (or directly in tests); Jenkins-free.
 */
public final class ImageWork {
    private final File workspace;
    private final PrintStream log;

    public ImageWork(File workspace, PrintStream log) {
        this.workspace = workspace;
        this.log = log;
    }

    /**
     * Does the work; the report files land in a fresh directory beside the workspace (named in the outcome), which
     * the caller deletes after archiving. On failure that directory is deleted here.
     */
    public ImageOutcome run(WorkPlan plan) throws IOException, InterruptedException {
        Path output = Files.createDirectories(Path.of(workspace.getPath() + "@tmp", "image-mirror-" + UUID.randomUUID()));
        try {
            return run(plan, output);
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(output);
            throw e;
        }
    }

    private ImageOutcome run(WorkPlan plan, Path output) throws IOException, InterruptedException {
        ImageWorkSpec spec = plan.spec();
        ImageOutcome outcome = new ImageOutcome();
        outcome.outputDirectory = output.toString();
        for (String warning : plan.warnings()) {
            log.println(warning);
        }
        List<String> copyPlatforms = spec.platforms();
        ImageSource source;
        if (spec.isBuild()) {
            BuildResult built = build(plan, output.resolve("build"));
            outcome.source = spec.dockerfile() != null ? spec.dockerfile() : spec.buildFile();
            source = OciLayoutSource.open(new ArchiveLocation(built.layout(), null));
            copyPlatforms = List.of(); // the build made exactly the platforms asked for
        } else {
            source = openSource(plan);
            outcome.source = spec.source();
        }
        SizeReport report;
        try (ImageSource image = source) {
            if (spec.kind() == StepKind.SIZES) {
                outcome.digest = image.resolve().digest().toString();
                report = ReportFiles.writeReport(outcome, image, spec.source(), spec.platforms(), output, layerScans());
            } else {
                report = copy(plan, image, copyPlatforms, outcome, output);
            }
        }
        SummaryTable.print(outcome, report, log);
        return outcome;
    }

    /** Copies to every destination; returns the size report of what was written, or null when it is off. */
    private SizeReport copy(WorkPlan plan, ImageSource source, List<String> platformNames, ImageOutcome outcome,
            Path output) throws IOException {
        ImageWorkSpec spec = plan.spec();
        List<ImageDestination> destinations = new ArrayList<>();
        Path tarball = null;
        try {
            for (Endpoint endpoint : plan.destinations()) {
                destinations.add(new RegistryDestination(client(plan, endpoint), ImageReference.parse(endpoint.reference()),
                        List.of()));
            }
            if (spec.tarball() != null) {
                tarball = workspace.toPath().resolve(spec.tarball()).normalize();
                Path directory = tarball.getParent();
                if (directory == null) {
                    throw new IOException("writing the OCI tarball '" + spec.tarball() + "': not a file; name a file "
                            + "in the workspace, e.g. tarball: 'out/image.tar'");
                }
                Files.createDirectories(directory);
                destinations.add(OciArchiveDestination.create(new ArchiveLocation(tarball, tarballName(plan, source, tarball))));
            }
            List<Platform> platforms = new ArrayList<>();
            for (String p : platformNames) {
                platforms.add(Platform.parse(p));
            }
            // the report's layer scans ride on the copy's one read of the source: no read-back of what moved
            LayerScanCache scans = layerScans();
            CopyResult result = new ImageCopier(CopyOptions.defaults().withPlatforms(platforms), new LogListener(log),
                    spec.report() ? BlobTap.of(scans::lacks, scans::scanVerified) : BlobTap.NONE).copy(source, destinations);
            outcome.digest = result.root().digest().toString();
            StringBuilder failures = new StringBuilder();
            int failed = 0;
            for (int i = 0; i < result.destinations().size(); i++) {
                DestinationResult d = result.destinations().get(i);
                if (!d.succeeded()) {
                    // the copier keeps the destinations' order; name the credentials id so the fix is obvious
                    String id = i < plan.destinations().size() ? plan.destinations().get(i).credentialsId() : null;
                    failures.append(failed == 0 ? " " : "; ").append(d.error())
                            .append(id == null ? "" : " (credentials '" + id + "')");
                    failed++;
                } else if (tarball != null && d.destination().startsWith("oci-archive:")) {
                    outcome.tarball = workspace.toPath().relativize(tarball).toString().replace(File.separatorChar, '/');
                    outcome.tarballBytes = Files.size(tarball);
                } else {
                    outcome.targets.add(new ImageOutcome.TargetOutcome(withoutTransport(d.reference()),
                            String.valueOf(d.digest()), d.status().label(), d.bytesUploaded()));
                }
            }
            if (failed > 0) {
                throw new IOException(spec.kind().functionName() + ": " + failed + " of " + result.destinations().size()
                        + " destination(s) failed:" + failures);
            }
        } finally {
            for (ImageDestination d : destinations) {
                d.close();
            }
        }
        ReportFiles.writeDigests(outcome, output);
        if (!spec.report()) {
            return null;
        }
        try (ImageSource written = reportSource(plan, tarball)) {
            return ReportFiles.writeReport(outcome, written, reportName(plan), List.of(), output, layerScans());
        }
    }

    /** The JVM's layer scans, kept in the workspace's {@code @tmp} too: they outlive an agent's restart. */
    private LayerScanCache layerScans() {
        return LayerScanCache.shared().withFiles(Path.of(workspace.getPath() + "@tmp", "image-mirror-layer-scans"));
    }

    /** Where the report reads the pushed image: the local tarball if any, else the first destination. */
    private ImageSource reportSource(WorkPlan plan, Path tarball) throws IOException {
        if (tarball != null) {
            return OciArchiveSource.open(new ArchiveLocation(tarball, null));
        }
        Endpoint first = plan.destinations().get(0);
        return new RegistrySource(client(plan, first), ImageReference.parse(first.reference()));
    }

    private static String reportName(WorkPlan plan) {
        if (!plan.destinations().isEmpty()) {
            return plan.destinations().get(0).reference();
        }
        return plan.source() != null ? plan.source().reference() : plan.spec().tarball();
    }

    private BuildResult build(WorkPlan plan, Path layout) throws IOException, InterruptedException {
        ImageWorkSpec spec = plan.spec();
        Path root = workspace.toPath();
        Path context = root.resolve(spec.context()).normalize();
        BuildSpec build = new BuildSpec(context,
                spec.dockerfile() == null ? null : root.resolve(spec.dockerfile()).normalize(),
                spec.buildFile() == null ? null : root.resolve(spec.buildFile()).normalize(),
                spec.buildArgs(), spec.platforms(), Path.of(workspace.getPath() + "@tmp", "image-mirror-cache"),
                layout, null, new EngineBaseImages(baseRegistries(plan), new LogListener(log)));
        try {
            return new ImageBuilder(line -> log.println("  " + line)).build(build);
        } catch (BuildInputException e) {
            throw new IOException(spec.kind().functionName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every configured registry's connection settings and own credentials (whether or not it is a target), then the
     * logins this call gave its targets, by host: {@code FROM} images may come from any of them.
     */
    private static Registries baseRegistries(WorkPlan plan) {
        Registries registries = Registries.defaults();
        for (RegistryProfile profile : plan.registries()) {
            registries = registries.with(RegistryClients.settings(profile, plan.loginFor(profile)));
        }
        List<Endpoint> endpoints = new ArrayList<>(plan.destinations());
        for (Endpoint endpoint : endpoints) {
            RegistryLogin login = plan.loginFor(endpoint);
            if (login != null) {
                String host = ImageReference.parse(endpoint.reference()).registry();
                registries = registries.with(registries.settings(host)
                        .withCredentials(new RegistryCredentials(login.username(), login.password())));
            }
        }
        return registries;
    }

    private static RegistryClient client(WorkPlan plan, Endpoint endpoint) {
        return new RegistryClient(RegistryClients.settings(endpoint.registry(), plan.loginFor(endpoint)));
    }

    private ImageSource openSource(WorkPlan plan) throws IOException {
        ImageWorkSpec spec = plan.spec();
        if (spec.sourceForm() == SourceForm.REGISTRY) {
            Endpoint endpoint = plan.source();
            return new RegistrySource(client(plan, endpoint), ImageReference.parse(endpoint.reference()));
        }
        return WorkspaceSource.open(workspace.toPath(), spec.sourceForm(), spec.sourcePath(),
                spec.kind().functionName() + ": source '" + spec.source() + "'");
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: a leftover directory under @tmp is harmless and the original failure matters more
        }
    }

    /** {@code docker://host/repo:tag@sha256:…} → {@code host/repo:tag@sha256:…}: what scripts and CD tools use. */
    static String withoutTransport(String reference) {
        return reference != null && reference.startsWith("docker://") ? reference.substring("docker://".length()) : reference;
    }

    /** The name inside the tarball: the first target, else the source's name, else core's documented fallback. */
    private static String tarballName(WorkPlan plan, ImageSource source, Path tarball) throws IOException {
        if (!plan.destinations().isEmpty()) {
            return plan.destinations().get(0).reference();
        }
        if (plan.source() != null) {
            return plan.source().reference();
        }
        return source.imageName().orElse(ArchiveName.fallback(tarball));
    }
}
