package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.archive.StagingDirectory;
import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.job.ImageJob;
import io.jenkins.plugins.imagemirror.core.job.JobRequest;
import io.jenkins.plugins.imagemirror.core.job.JobResult;
import io.jenkins.plugins.imagemirror.core.size.DocumentCache;
import io.jenkins.plugins.imagemirror.core.size.LayerScanCache;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A step's work on the agent: the {@link WorkPlan} as a {@link JobRequest} ({@link ImageWorkSpec#request}), run by core's {@link ImageJob}, its result as an {@link ImageOutcome}, and a
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
        Path output = newOutputDirectory();
        try {
            return run(plan, output);
        } catch (IOException | InterruptedException | RuntimeException e) {
            StagingDirectory.deleteTree(output);
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
            result = new ImageJob(new LogListener(log), layerScans(), documents())
                    .run(spec.request(plan, workspace.toPath(), output));
        } catch (BuildInputException e) {
            throw new IOException(step + ": " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new IOException(step + ": " + result.failures().size() + " of "
                    + result.targets().size() + " destination(s) failed: " + String.join("; ", result.failures()));
        }
        String source =
                !spec.isBuild() ? spec.source() : spec.dockerfile() != null ? spec.dockerfile() : spec.buildFile();
        ImageOutcome outcome = JobOutcome.of(result, source, workspace.toPath(), output);
        SummaryTable.print(outcome, result.report(), log);
        return outcome;
    }

    /**
     * A directory of this call's own in the workspace's {@code @tmp}: a name is drawn until one is free (creating a
     * directory is atomic, so parallel steps on one workspace never share one). Not a {@link java.util.UUID}: its
     * {@code SecureRandom} registers the JCA's providers, 20-30 ms of a fresh agent JVM's first step, for a name
     * that needs no secrecy.
     */
    private Path newOutputDirectory() throws IOException {
        Path parent = Files.createDirectories(Path.of(workspace.getPath() + "@tmp"));
        while (true) {
            Path candidate = parent.resolve("image-mirror-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // taken (another step, or a chance of 2^-64): draw again
            }
        }
    }

    /** The JVM's layer scans, kept in the workspace's {@code @tmp} too: they outlive the agent's JVM. */
    private LayerScanCache layerScans() {
        return LayerScanCache.shared().withFiles(Path.of(workspace.getPath() + "@tmp", "image-mirror-layer-scans"));
    }

    /** The JVM's manifests and configs of reports, kept in the workspace's {@code @tmp} too (verified on use). */
    private DocumentCache documents() {
        return DocumentCache.shared().withFiles(Path.of(workspace.getPath() + "@tmp", "image-mirror-documents"));
    }
}
