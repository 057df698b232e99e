package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 8 (build page): one sidebar entry and one page per build showing every call; an imageSizes call
 * has no target table; two parallel calls never share or lose a place; names from the image shown escaped
 * (issue 11, part 6).
 */
class BuildPageTest {

    /** A build's action list as Actionable keeps it (a CopyOnWriteArrayList). */
    static class FakeBuild implements ImageMirrorAction.Build {
        final List<ImageMirrorAction> actions = new CopyOnWriteArrayList<>();
        final AtomicInteger saves = new AtomicInteger();

        @Override
        public ImageMirrorAction find() {
            return actions.isEmpty() ? null : actions.get(0);
        }

        @Override
        public void attach(ImageMirrorAction action) {
            actions.add(action);
        }

        @Override
        public void save() {
            saves.incrementAndGet();
        }
    }

    static ImageMirrorAction recordAll(ImageOutcome... outcomes) throws IOException {
        FakeBuild build = new FakeBuild();
        for (ImageOutcome o : outcomes) {
            ImageMirrorAction.record(build, o);
        }
        assertThat(build.actions).hasSize(1);
        return build.actions.get(0);
    }

    static ImageOutcome sizesOnly() {
        ImageOutcome outcome = ScriptResultTest.sample();
        outcome.targets.clear();
        outcome.source = "registry.example/base:1";
        return outcome;
    }

    @Test
    void oneSidebarEntryPerBuildWithEveryCall() throws IOException {
        ImageMirrorAction action = recordAll(ScriptResultTest.sample(), sizesOnly(), ScriptResultTest.sample());
        assertThat(action.getDisplayName()).isEqualTo("Image sizes");
        assertThat(action.getUrlName()).isEqualTo("image-sizes");
        assertThat(action.getCalls())
                .extracting(ReportView::getHeading)
                .containsExactly("Image 1 of 3", "Image 2 of 3", "Image 3 of 3");
        assertThat(action.getCalls()).extracting(ReportView::getAnchor).containsExactly("call-1", "call-2", "call-3");
        assertThat(recordAll(ScriptResultTest.sample()).getCalls().get(0).getHeading())
                .isEqualTo("Image");
    }

    @Test
    void aSizesOnlyCallHasNoTargetTable() throws IOException {
        List<ReportView> calls =
                recordAll(ScriptResultTest.sample(), sizesOnly()).getCalls();
        assertThat(calls.get(0).isSizesOnly()).isFalse();
        assertThat(calls.get(0).getTargets())
                .extracting(ReportView.TargetRow::uploaded)
                .containsExactly("3.6 MB");
        assertThat(calls.get(1).isSizesOnly()).isTrue();
        assertThat(calls.get(1).getTargets()).isEmpty();
        assertThat(calls.get(1).getSizes()).isNotEmpty();
        ImageOutcome tarballOnly = sizesOnly();
        tarballOnly.tarball = "out/app.tar";
        tarballOnly.tarballBytes = 2048;
        ReportView written = recordAll(tarballOnly).getCalls().get(0);
        assertThat(written.isSizesOnly()).isFalse();
        assertThat(written.getTargets())
                .extracting(ReportView.TargetRow::status)
                .containsExactly("written");
    }

    /**
     * Two branches record at once. Deterministic: the first caller, having looked for the action, waits until the
     * second is either looking too (an unguarded check-then-act: both would add an action) or blocked on the
     * recording lock; no sleeping, no timing.
     */
    @Test
    void parallelCallsShareOnePageAndGetTheirOwnPlaces() throws Exception {
        AtomicReference<Thread> first = new AtomicReference<>();
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<Thread> insideFind = new CopyOnWriteArrayList<>();
        FakeBuild build = new FakeBuild() {
            @Override
            public ImageMirrorAction find() {
                insideFind.add(Thread.currentThread());
                ImageMirrorAction found = super.find();
                if (first.compareAndSet(null, Thread.currentThread())) {
                    Thread other = waitForOther(first.get());
                    while (insideFind.size() < 2 && other.getState() != Thread.State.BLOCKED) {
                        Thread.onSpinWait();
                    }
                }
                return found;
            }

            private Thread waitForOther(Thread me) {
                while (true) {
                    for (Thread t : threads) {
                        if (t != me && t.getState() != Thread.State.NEW) {
                            return t;
                        }
                    }
                    Thread.onSpinWait();
                }
            }
        };
        List<Integer> places = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            threads.add(new Thread(() -> {
                bothStarted.countDown();
                try {
                    bothStarted.await();
                    places.add(ImageMirrorAction.record(build, ScriptResultTest.sample()));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(build.actions)
                .as("one action (one sidebar entry) for both calls")
                .hasSize(1);
        assertThat(build.actions.get(0).getOutcomes()).hasSize(2);
        assertThat(places).containsExactlyInAnyOrder(1, 2);
        assertThat(build.saves).hasValue(2);
    }

    private final List<Thread> threads = new ArrayList<>();

    /** The page links each call's own artifacts, names percent-encoded as one path segment and shown escaped. */
    @Test
    void eachCallLinksItsOwnArtifacts() throws IOException {
        ImageOutcome second = ScriptResultTest.sample();
        second.artifacts = new ArrayList<>(List.of("image-sizes-2.html", "my app#1.tar"));
        ImageMirrorAction action = recordAll(ScriptResultTest.sample(), second);
        assertThat(action.getCalls().get(1).getArtifacts())
                .containsExactly(
                        new ReportView.ArtifactLink("image-sizes-2.html", "../artifact/image-sizes-2.html"),
                        new ReportView.ArtifactLink("my app#1.tar", "../artifact/my%20app%231.tar"));
    }

    /**
     * A call run again after a controller restart (StepCall.id is saved with the program) had possibly recorded
     * already: it keeps its one place on the page instead of appearing twice.
     */
    @Test
    void aCallRecordedAgainKeepsItsPlace() throws IOException {
        FakeBuild build = new FakeBuild();
        ImageOutcome first = ScriptResultTest.sample();
        first.callId = "call-a";
        ImageOutcome other = sizesOnly();
        other.callId = "call-b";
        ImageOutcome again = ScriptResultTest.sample();
        again.callId = "call-a";
        again.digest = "sha256:" + "e".repeat(64);

        assertThat(ImageMirrorAction.record(build, first)).isEqualTo(1);
        assertThat(ImageMirrorAction.record(build, other)).isEqualTo(2);
        assertThat(ImageMirrorAction.record(build, again)).isEqualTo(1);

        List<ImageOutcome> outcomes = build.actions.get(0).getOutcomes();
        assertThat(outcomes).extracting(o -> o.callId).containsExactly("call-a", "call-b");
        assertThat(outcomes.get(0).digest).isEqualTo(again.digest);
    }

    /**
     * Artifact sets are numbered per build in the order calls first ask, the same number again for the same call;
     * the action that only holds reservations draws no sidebar entry yet.
     */
    @Test
    void artifactSetsAreNumberedOncePerCall() throws IOException {
        FakeBuild build = new FakeBuild();
        assertThat(ImageMirrorAction.artifactSet(build, "call-a")).isEqualTo(1);
        assertThat(build.actions).hasSize(1);
        assertThat(build.actions.get(0).getIconFileName())
                .as("nothing recorded yet")
                .isNull();
        assertThat(ImageMirrorAction.artifactSet(build, "call-b")).isEqualTo(2);
        assertThat(ImageMirrorAction.artifactSet(build, "call-a")).isEqualTo(1);
        assertThat(build.saves)
                .as("saved once per new number, before it is used")
                .hasValue(2);

        ImageOutcome recorded = ScriptResultTest.sample();
        recorded.callId = "call-a";
        ImageMirrorAction.record(build, recorded);
        assertThat(build.actions).hasSize(1);
        assertThat(build.actions.get(0).getIconFileName()).isEqualTo("symbol-cube");
    }

    /** Parallel branches reserving at once get distinct numbers and share one action. */
    @Test
    void parallelCallsGetDistinctArtifactSets() throws Exception {
        FakeBuild build = new FakeBuild();
        int calls = 8;
        CountDownLatch start = new CountDownLatch(calls);
        List<Integer> sets = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> branches = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String id = "call-" + i;
            branches.add(new Thread(() -> {
                start.countDown();
                try {
                    start.await();
                    sets.add(ImageMirrorAction.artifactSet(build, id));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        branches.forEach(Thread::start);
        for (Thread t : branches) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(build.actions).hasSize(1);
        assertThat(sets).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void aBuildRecordedBeforeKeepsItsReport() throws Exception {
        ImageMirrorAction old = new ImageMirrorAction();
        var calls = ImageMirrorAction.class.getDeclaredField("calls");
        var outcome = ImageMirrorAction.class.getDeclaredField("outcome");
        calls.setAccessible(true);
        outcome.setAccessible(true);
        calls.set(old, null); // XStream runs no field initializer
        outcome.set(old, ScriptResultTest.sample());
        ImageMirrorAction read = (ImageMirrorAction)
                ImageMirrorAction.class.getDeclaredMethod("readResolve").invoke(old);
        assertThat(read.getOutcomes()).extracting(o -> o.digest).containsExactly(ScriptResultTest.sample().digest);
        assertThat(outcome.get(read)).isNull();
    }

    @Test
    void namesFromTheImageShowEscapedOnThePage() throws IOException {
        ImageOutcome outcome = ScriptResultTest.sample();
        ImageOutcome.LayerSummary layer = outcome.platforms.get(0).layers.get(0);
        layer.largestFiles.add(new ImageOutcome.FileSummary("invoice\u202Efdp.exe", 4096));
        layer.createdBy = "COPY \u202Ex /";
        outcome.source = "registry.example/app\u202E:1";
        outcome.targets.get(0).reference = "127.0.0.1:5000/\u2067evil";
        ReportView view = recordAll(outcome).getCalls().get(0);
        ReportView.LayerRow row = view.getPlatforms().get(0).layers().get(0);
        assertThat(row.largestFiles()).extracting(ReportView.FileRow::path).containsExactly("invoice\\u202Efdp.exe");
        assertThat(row.madeBy()).isEqualTo("COPY \\u202Ex /");
        assertThat(view.getSource()).isEqualTo("registry.example/app\\u202E:1");
        assertThat(view.getTargets().get(0).reference()).isEqualTo("127.0.0.1:5000/\\u2067evil");
    }
}
