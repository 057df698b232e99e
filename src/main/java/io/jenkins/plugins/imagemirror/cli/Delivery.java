package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.job.ImageJob;
import io.jenkins.plugins.imagemirror.core.job.JobRequest;
import io.jenkins.plugins.imagemirror.core.job.JobResult;
import io.jenkins.plugins.imagemirror.core.job.JobTarget;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code copy} and {@code build} share: their destinations as job targets, and the job's result printed (the
 * JSON result, one summary line per destination). Returns the exit code.
 */
final class Delivery {
    private Delivery() {}

    /** Parses every destination before any work, so a typo fails fast with exit code 2. */
    static List<JobTarget> targets(List<String> destinations) {
        List<JobTarget> parsed = new ArrayList<>();
        for (String d : destinations) {
            parsed.add(JobTarget.of(ImageLocation.parse(d)));
        }
        return parsed;
    }

    /** @param source the source as the user gave it, for the JSON result */
    static int run(JobRequest request, String source, OutputOptions output)
            throws IOException, InterruptedException, BuildInputException {
        JobResult result = new ImageJob(output.progress()).run(request);
        output.writeJson(source, result.copy());
        output.summary(result.copy());
        return result.succeeded() ? 0 : 1;
    }
}
