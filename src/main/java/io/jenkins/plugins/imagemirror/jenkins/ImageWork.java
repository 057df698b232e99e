package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.ArchiveLocation;
import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.copy.DockerArchiveSource;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.copy.ImageDestination;
import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
import io.jenkins.plugins.imagemirror.core.copy.OciArchiveDestination;
import io.jenkins.plugins.imagemirror.core.copy.OciArchiveSource;
import io.jenkins.plugins.imagemirror.core.copy.OciLayoutSource;
import io.jenkins.plugins.imagemirror.core.copy.RegistryDestination;
import io.jenkins.plugins.imagemirror.core.copy.RegistrySource;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one class that calls the core engine: copies per the plan, writes the tarball and the report files, logs
 * progress per blob and a closing summary. Runs on the agent (or directly in tests); Jenkins-free.
 */
public final class ImageWork {
    private final File workspace;
    private final PrintStream log;

    public ImageWork(File workspace, PrintStream log) {
        this.workspace = workspace;
        this.log = log;
    }

    public ImageOutcome run(WorkPlan plan) throws IOException, InterruptedException {
        ImageWorkSpec spec = plan.spec();
        String step = spec.kind().functionName();
        if (spec.isBuild()) {
            throw new IOException(step + ": building from '" + (spec.dockerfile() != null ? spec.dockerfile()
                    : spec.buildFile()) + "' needs the image builder, which this build of the plugin lacks");
        }
        ImageOutcome outcome = new ImageOutcome();
        Path output = outputDirectory();
        outcome.outputDirectory = output.toString();
        List<ImageDestination> destinations = new ArrayList<>();
        try (ImageSource source = openSource(plan)) {
            outcome.source = source.describe();
            for (Endpoint endpoint : plan.destinations()) {
                RegistryClient client = new RegistryClient(RegistryClients.settings(endpoint.registry(), plan.loginFor(endpoint)));
                destinations.add(new RegistryDestination(client, ImageReference.parse(endpoint.reference()), List.of()));
            }
            Path tarball = null;
            if (spec.tarball() != null) {
                tarball = workspace.toPath().resolve(spec.tarball()).normalize();
                Files.createDirectories(tarball.getParent());
                destinations.add(OciArchiveDestination.create(new ArchiveLocation(tarball, tarballName(plan))));
            }
            List<Platform> platforms = new ArrayList<>();
            for (String p : spec.platforms()) {
                platforms.add(Platform.parse(p));
            }
            CopyResult result = new ImageCopier(CopyOptions.defaults().withPlatforms(platforms), new LogListener(log))
                    .copy(source, destinations);
            outcome.digest = result.root().digest().toString();
            StringBuilder failures = new StringBuilder();
            for (DestinationResult d : result.destinations()) {
                if (!d.succeeded()) {
                    failures.append("\n  ").append(d.error());
                    continue;
                }
                if (tarball != null && d.destination().startsWith("oci-archive:")) {
                    outcome.tarball = workspace.toPath().relativize(tarball).toString().replace(File.separatorChar, '/');
                    outcome.tarballBytes = Files.size(tarball);
                    continue;
                }
                outcome.targets.add(new ImageOutcome.TargetOutcome(withoutTransport(d.reference()), String.valueOf(d.digest()),
                        d.status().label(), d.bytesUploaded()));
            }
            if (failures.length() > 0) {
                throw new IOException(step + ": " + (result.destinations().size() - outcome.targets.size()
                        - (outcome.tarball != null ? 1 : 0)) + " destination(s) failed:" + failures);
            }
        } finally {
            for (ImageDestination d : destinations) {
                d.close();
            }
        }
        ReportFiles.write(outcome, output, spec);
        SummaryTable.print(outcome, log);
        return outcome;
    }

    private ImageSource openSource(WorkPlan plan) throws IOException {
        String source = plan.spec().source();
        String transport = plan.spec().sourceTransport();
        if (transport == null) {
            Endpoint endpoint = plan.source();
            RegistryClient client = new RegistryClient(RegistryClients.settings(endpoint.registry(), plan.loginFor(endpoint)));
            return new RegistrySource(client, ImageReference.parse(endpoint.reference()));
        }
        String kind = transport.substring(0, transport.length() - 1);
        ArchiveLocation written = ArchiveLocation.parse(kind, source.substring(transport.length()));
        ArchiveLocation location = new ArchiveLocation(workspace.toPath().resolve(written.path()).normalize(), written.ref());
        return switch (transport) {
            case "oci-archive:" -> OciArchiveSource.open(location);
            case "oci:" -> OciLayoutSource.open(location);
            default -> DockerArchiveSource.open(location);
        };
    }

    /** {@code docker://host/repo:tag@sha256:…} → {@code host/repo:tag@sha256:…}: what scripts and CD tools use. */
    static String withoutTransport(String reference) {
        return reference != null && reference.startsWith("docker://") ? reference.substring("docker://".length()) : reference;
    }

    /** The name inside the tarball: the first target, else the source reference. */
    private static String tarballName(WorkPlan plan) {
        if (!plan.destinations().isEmpty()) {
            return plan.destinations().get(0).reference();
        }
        return plan.source() != null ? plan.source().reference() : null;
    }

    /** {@code <workspace>@tmp/image-mirror-<random>}: beside the workspace, so nothing lands in the user's files. */
    private Path outputDirectory() throws IOException {
        Path dir = Path.of(workspace.getPath() + "@tmp", "image-mirror-" + UUID.randomUUID());
        Files.createDirectories(dir);
        return dir;
    }

    /** Per-blob progress lines with sizes; one line per destination when done. */
    private static final class LogListener implements CopyListener {
        private final PrintStream log;

        LogListener(PrintStream log) {
            this.log = log;
        }

        @Override
        public synchronized void resolved(String source, Descriptor root) {
            log.println("Resolved " + source + " to " + root.digest() + " (" + root.mediaType() + ")");
        }

        @Override
        public synchronized void blobSkipped(Descriptor blob, String destination, String how) {
            log.println("  " + blob.digest().shortForm() + " " + ReportView.human(blob.size()) + " " + how + " at " + destination);
        }

        @Override
        public synchronized void blobCopied(Descriptor blob, long millis) {
            log.println("  " + blob.digest().shortForm() + " " + ReportView.human(blob.size()) + " copied in " + millis + " ms");
        }

        @Override
        public synchronized void destinationDone(DestinationResult result) {
            log.println(result.succeeded() ? "  " + result.status().label() + " " + result.reference()
                    : "  FAILED " + result.destination() + ": " + result.error());
        }

        @Override
        public synchronized void info(String message) {
            log.println("  " + message);
        }
    }
}
