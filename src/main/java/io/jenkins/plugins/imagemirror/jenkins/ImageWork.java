package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.job.BuildRequest;
import io.jenkins.plugins.imagemirror.core.job.ImageJob;
import io.jenkins.plugins.imagemirror.core.job.JobRequest;
import io.jenkins.plugins.imagemirror.core.job.JobResult;
import io.jenkins.plugins.imagemirror.core.job.JobTarget;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A step's work on the agent: the {@link WorkPlan} as a {@link JobRequest} (paths in the workspace, each target with
 * its registry's settings and its login), run by core's {@link ImageJob}, its result as an {@link ImageOutcome}, and a
 * closing summary in the log. Jenkins-free; runs on the agent (or directly in tests).
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
        String step = spec.kind().functionName();
        for (String warning : plan.warnings()) {
            log.println(warning);
        }
        JobResult result;
        try {
            result = new ImageJob(new LogListener(log)).run(request(plan, output));
        } catch (BuildInputException e) {
            throw new IOException(step + ": " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new IOException(step + ": " + result.failures().size() + " of " + result.targets().size()
                    + " destination(s) failed: " + String.join("; ", result.failures()));
        }
        String source = !spec.isBuild() ? spec.source() : spec.dockerfile() != null ? spec.dockerfile() : spec.buildFile();
        ImageOutcome outcome = JobOutcome.of(result, source, workspace.toPath(), output);
        SummaryTable.print(outcome, result.report(), log);
        return outcome;
    }

    /** The one mapping from a validated step call to core's request: every path resolved in the workspace. */
    JobRequest request(WorkPlan plan, Path output) throws IOException {
        ImageWorkSpec spec = plan.spec();
        Path root = workspace.toPath();
        JobTarget source = null;
        BuildRequest build = null;
        if (spec.isBuild()) {
            build = new BuildRequest(root.resolve(spec.context()).normalize(),
                    spec.dockerfile() == null ? null : root.resolve(spec.dockerfile()).normalize(),
                    spec.buildFile() == null ? null : root.resolve(spec.buildFile()).normalize(), spec.buildArgs(),
                    Path.of(workspace.getPath() + "@tmp", "image-mirror-cache"));
        } else if (plan.source() != null) {
            source = target(plan, plan.source());
        } else {
            source = JobTarget.of(WorkspaceSource.locate(root, spec.sourceForm(), spec.source(),
                    spec.kind().functionName() + ": source '" + spec.source() + "'"));
        }
        List<JobTarget> destinations = new ArrayList<>();
        for (Endpoint endpoint : plan.destinations()) {
            destinations.add(target(plan, endpoint));
        }
        if (spec.tarball() != null) {
            Path tarball = root.resolve(spec.tarball()).normalize();
            Path directory = tarball.getParent();
            if (directory == null) {
                throw new IOException("writing the OCI tarball '" + spec.tarball() + "': not a file; name a file "
                        + "in the workspace, e.g. tarball: 'out/image.tar'");
            }
            Files.createDirectories(directory);
            destinations.add(JobTarget.of(ImageLocation.of(Transport.OCI_ARCHIVE, tarball, null)));
        }
        List<Platform> platforms = new ArrayList<>();
        for (String p : spec.platforms()) {
            platforms.add(Platform.parse(p));
        }
        return new JobRequest(source, build, destinations, List.of(), platforms, CopyOptions.defaults(),
                baseRegistries(plan), output, spec.report());
    }

    /** A registry reference with its registry's settings and the login of its credentials id. */
    private static JobTarget target(WorkPlan plan, Endpoint endpoint) {
        return new JobTarget(ImageLocation.registry(ImageReference.parse(endpoint.reference())),
                endpoint.registry().settings(plan.loginFor(endpoint)), endpoint.credentialsId());
    }

    /**
     * Every configured registry's connection settings and own credentials (whether or not it is a target), then the
     * logins this call gave its targets, by host: {@code FROM} images may come from any of them.
     */
    private static Registries baseRegistries(WorkPlan plan) {
        Registries registries = Registries.defaults();
        for (RegistryProfile profile : plan.registries()) {
            registries = registries.with(profile.settings(plan.loginFor(profile)));
        }
        for (Endpoint endpoint : plan.destinations()) {
            RegistryLogin login = plan.loginFor(endpoint);
            if (login != null) {
                String host = ImageReference.parse(endpoint.reference()).registry();
                registries = registries.with(registries.settings(host).withCredentials(login.credentials()));
            }
        }
        return registries;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover directory under @tmp is harmless and the original failure matters more
        }
    }
}
