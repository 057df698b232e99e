package io.jenkins.plugins.imagemirror.core.job;

import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What a job did.
 *
 * @param digest  the root digest every destination received (or, for a size report only, the source's)
 * @param copy    the copy's result; null when the job only sized its source
 * @param targets one per destination, in the request's order, each with the target it belongs to
 * @param report  the size report; null when not asked for, or when a destination failed
 * @param files   the files written into the request's output directory, in order: digests, JSON, HTML, stylesheet
 */
public record JobResult(Digest digest, CopyResult copy, List<Written> targets, SizeReport report, List<Path> files) {

    public JobResult {
        targets = List.copyOf(targets);
        files = List.copyOf(files);
    }

    /** One destination's outcome, attached to the target (reference, credentials, settings) it was asked for. */
    public record Written(JobTarget target, DestinationResult result) {}

    public boolean succeeded() {
        return targets.stream().allMatch(t -> t.result().succeeded());
    }

    /** The failures as one line each, naming the target's credentials (so the fix is obvious). */
    public List<String> failures() {
        return targets.stream()
                .filter(t -> !t.result().succeeded())
                .map(t -> t.result().error()
                        + (t.target().credentialsId() == null
                                ? ""
                                : " (credentials '" + t.target().credentialsId() + "')"))
                .toList();
    }
}
