package io.jenkins.plugins.imagemirror.jenkins;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The one class that calls the core engine: copies or builds per the plan, computes the size report, writes the
 * report files and the tarball, logs progress per blob and a closing summary. Runs on the agent (or directly in
 * tests); Jenkins-free.
 */
public final class ImageWork {
    private final File workspace;
    private final PrintStream log;

    public ImageWork(File workspace, PrintStream log) {
        this.workspace = workspace;
        this.log = log;
    }

    public ImageOutcome run(WorkPlan plan) throws IOException, InterruptedException {
        throw new IOException(plan.spec().kind().functionName() + ": the image engine is not available in this build");
    }
}
