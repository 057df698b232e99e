package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 3. jenkins.model.TransientActionFactory (2.504.3): Actionable.getAllActions() calls createFor of
 * every factory whose type() matches, for every job, every time; getAction(Class)/getActions(Class) skip factories
 * whose actionType() cannot produce the class asked for (TransientActionFactory.factoriesFor(type, actionType)). So
 * the factory declares its action type, and deciding costs a fixed, small number of builds whatever the job.
 */
class TrendFactoryTest {

    /** A job's history, newest first, counting the builds read (each would be loaded from disk in Jenkins). */
    static final class History implements Iterable<ImageSizeTrendAction.BuildSizes> {
        final int builds;
        final int reportEvery;
        final AtomicInteger read = new AtomicInteger();

        History(int builds, int reportEvery) {
            this.builds = builds;
            this.reportEvery = reportEvery;
        }

        @Override
        public Iterator<ImageSizeTrendAction.BuildSizes> iterator() {
            return new Iterator<>() {
                int number = builds;

                @Override
                public boolean hasNext() {
                    return number > 0;
                }

                @Override
                public ImageSizeTrendAction.BuildSizes next() {
                    read.incrementAndGet();
                    int n = number--;
                    Map<String, Long> sizes = reportEvery > 0 && n % reportEvery == 0
                            ? new LinkedHashMap<>(Map.of("registry", 1000L + n))
                            : null;
                    return new ImageSizeTrendAction.BuildSizes(n, sizes);
                }
            };
        }
    }

    @Test
    void declaresItsActionType() {
        assertThat(new ImageSizeTrendActionFactory().actionType()).isEqualTo(ImageSizeTrendAction.class);
        assertThat(new ImageSizeTrendActionFactory().type()).isEqualTo(hudson.model.Job.class);
    }

    @Test
    void aJobThatNeverUsedThePluginCostsAtMostTwoBuilds() {
        History never = new History(5_000, 0);
        assertThat(ImageSizeTrendAction.shows(never)).isFalse();
        assertThat(never.read.get())
                .isLessThanOrEqualTo(ImageSizeTrendAction.PROBE)
                .isEqualTo(2);
        History empty = new History(0, 0);
        assertThat(ImageSizeTrendAction.shows(empty)).isFalse();
    }

    @Test
    void aJobThatReportsShowsTheTrendReadOnlyWhenDrawn() {
        History every = new History(5_000, 1);
        assertThat(ImageSizeTrendAction.shows(every)).isTrue();
        assertThat(every.read.get()).isEqualTo(1);
        History everyOther = new History(5_000, 2);
        SizeTrend trend = ImageSizeTrendAction.trend(everyOther);
        assertThat(everyOther.read.get()).isEqualTo(ImageSizeTrendAction.BUILDS);
        assertThat(trend.getFirstBuild()).isEqualTo("#4982");
        assertThat(trend.getLastBuild()).isEqualTo("#5000");
    }
}
