package io.jenkins.plugins.imagemirror.jenkins;

import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * The build page's image report: one sidebar entry and one page per build, whatever the number of image step calls,
 * showing every call in the order it finished (digest and targets, runtime sizes, per platform and per layer). Persists
 * only the {@link ImageOutcome}s (digests, statuses, sizes, layer summary): no secret, no bundled-library type, no JDK
 * immutable collection.
 */
public class ImageMirrorAction implements RunAction2 {
    /**
     * Makes finding-or-attaching a build's action atomic across parallel branches; held for that only, never while
     * saving. Not the run's monitor: Run.save() is synchronized on the run and a run type may take its own locks
     * around it, so holding the run while saving would invite a lock-order deadlock with a concurrent save.
     */
    private static final Object RECORDING = new Object();

    /** Where a build keeps its actions; the run itself in Jenkins ({@link #record(Run, ImageOutcome)}). */
    interface Build {
        ImageMirrorAction find();

        void attach(ImageMirrorAction action);

        void save() throws IOException;
    }

    /**
     * Calls in the order they were recorded. Never changed in place (replaced under {@code this}), so Run.save() may
     * serialize it while another branch records.
     */
    private volatile ArrayList<ImageOutcome> calls = new ArrayList<>();
    /**
     * The ids of the calls that archived artifacts, in the order they first asked ({@link #artifactSet}); replaced,
     * never changed in place, like {@link #calls}. Null in build.xml files written before it existed.
     */
    private volatile ArrayList<String> artifactSets = new ArrayList<>();

    private transient Run<?, ?> run;

    /** Read from a build.xml written when each call had its own action (this field); moved into {@link #calls}. */
    @Deprecated
    private ImageOutcome outcome;

    ImageMirrorAction() {}

    /**
     * Adds one call's outcome to the build's report, creating the report on the first call, and saves the build.
     * Parallel branches call this at the same time: finding and attaching happen under one lock, so they share one
     * action and each call gets its own place in it.
     */
    public static void record(Run<?, ?> run, ImageOutcome result) throws IOException {
        record(of(run), result);
    }

    /**
     * @return the call's number on the page, 1 for the build's first; a call recorded again under the same
     *     {@link ImageOutcome#callId} (run again after a controller restart) keeps its place and number
     */
    static int record(Build build, ImageOutcome result) throws IOException {
        int number;
        synchronized (RECORDING) {
            number = findOrAttach(build).add(result.forBuildPage());
        }
        build.save();
        return number;
    }

    /**
     * The number of a call's set of artifacts in this build, as {@link #artifactSet(Build, String)} gives it.
     *
     * @param callId the call's {@link StepCall#id()}
     */
    public static int artifactSet(Run<?, ?> run, String callId) throws IOException {
        return artifactSet(of(run), callId);
    }

    /**
     * The number under which a call archives its artifacts: 1 for the build's first call that archives, then 2, 3...
     * in the order the calls ask (parallel branches included: reserved under one lock). The same call id gets the
     * same number again, so a call run again after a restart overwrites its own artifacts, not another call's. A new
     * number is saved with the build before it is returned, so that it survives a restart while the call archives.
     */
    static int artifactSet(Build build, String callId) throws IOException {
        int number;
        boolean added;
        synchronized (RECORDING) {
            ImageMirrorAction action = findOrAttach(build);
            synchronized (action) {
                ArrayList<String> sets = action.artifactSets;
                number = sets.indexOf(callId) + 1;
                added = number == 0;
                if (added) {
                    ArrayList<String> next = new ArrayList<>(sets);
                    next.add(callId);
                    action.artifactSets = next;
                    number = next.size();
                }
            }
        }
        if (added) {
            build.save();
        }
        return number;
    }

    /** The run as a {@link Build}: its actions and its build.xml. */
    private static Build of(Run<?, ?> run) {
        return new Build() {
            @Override
            public ImageMirrorAction find() {
                return run.getAction(ImageMirrorAction.class);
            }

            @Override
            public void attach(ImageMirrorAction action) {
                run.addAction(action);
            }

            @Override
            public void save() throws IOException {
                run.save();
            }
        };
    }

    private static ImageMirrorAction findOrAttach(Build build) {
        ImageMirrorAction action = build.find();
        if (action == null) {
            action = new ImageMirrorAction();
            build.attach(action);
        }
        return action;
    }

    private synchronized int add(ImageOutcome kept) {
        ArrayList<ImageOutcome> next = new ArrayList<>(calls);
        for (int i = 0; i < next.size(); i++) {
            if (kept.callId != null && kept.callId.equals(next.get(i).callId)) {
                next.set(i, kept);
                calls = next;
                return i + 1;
            }
        }
        next.add(kept);
        calls = next;
        return next.size();
    }

    protected synchronized Object readResolve() {
        ArrayList<ImageOutcome> read = calls == null ? new ArrayList<>() : new ArrayList<>(calls);
        if (outcome != null) {
            read.add(outcome);
            outcome = null;
        }
        calls = read;
        artifactSets = artifactSets == null ? new ArrayList<>() : new ArrayList<>(artifactSets);
        return this;
    }

    /**
     * No sidebar entry while no call has recorded yet (a call may have only reserved its artifact names): Jenkins'
     * {@code hudson.model.Action#getIconFileName} contract, "return null to hide it from the task list".
     */
    @Override
    public String getIconFileName() {
        return calls.isEmpty() ? null : "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "Image sizes";
    }

    @Override
    public String getUrlName() {
        return "image-sizes";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** A copy of the calls, first first. */
    public List<ImageOutcome> getOutcomes() {
        return new ArrayList<>(calls);
    }

    /** What the summary and the page show, one view per call. */
    public List<ReportView> getCalls() {
        List<ImageOutcome> outcomes = getOutcomes();
        List<ReportView> views = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            views.add(new ReportView(outcomes.get(i), i + 1, outcomes.size()));
        }
        return views;
    }

    /** The sizes the job's trend plots for this build: its first call that has sizes, else an empty map. */
    public LinkedHashMap<String, Long> trendSizes() {
        for (ImageOutcome o : getOutcomes()) {
            if (!o.primarySizes().isEmpty()) {
                return o.primarySizes();
            }
        }
        return new LinkedHashMap<>();
    }
}
