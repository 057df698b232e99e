package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportViewTest {

    @Test
    void humanSizesAreDecimalLikeDockerAndPodman() {
        assertThat(ReportView.human(999)).isEqualTo("999 B");
        assertThat(ReportView.human(1000)).isEqualTo("1.0 kB");
        assertThat(ReportView.human(119_428_383)).isEqualTo("119.4 MB");
        assertThat(ReportView.human(2_500_000_000L)).isEqualTo("2.5 GB");
    }

    @Test
    void barsScaleToTheLargestSizeInReportOrder() {
        ReportView view = new ReportView(ScriptResultTest.sample(), 1, 1);
        List<ReportView.SizeRow> rows = view.getSizes();
        assertThat(rows).extracting(ReportView.SizeRow::key).containsExactly("registry", "containerd");
        assertThat(rows.get(1).barWidth()).isEqualTo(ReportView.BAR_AREA);
        assertThat(rows.get(0).barWidth()).isEqualTo(Math.round(3_600_000.0 / 3_602_000 * ReportView.BAR_AREA));
        assertThat(rows).extracting(ReportView.SizeRow::y).containsExactly(0, 22);
        ReportView.PlatformView platform = view.getPlatforms().get(0);
        assertThat(platform.layers().get(0).digest()).isEqualTo("sha256:cccccccccccc");
        assertThat(platform.layers().get(0).uncompressedWidth()).isEqualTo(ReportView.BAR_AREA);
    }

    @Test
    void trendHasOneLinePerRuntimeOldestBuildLeft() {
        Map<String, Long> first = new LinkedHashMap<>(Map.of("registry", 100L, "containerd", 200L));
        Map<String, Long> second = new LinkedHashMap<>(Map.of("registry", 50L, "containerd", 200L));
        SizeTrend trend = new SizeTrend(List.of(new SizeTrend.Point(3, first), new SizeTrend.Point(4, second)));
        List<SizeTrend.Series> series = trend.getSeries();
        assertThat(series).extracting(SizeTrend.Series::key).containsExactly("registry", "containerd");
        assertThat(series.get(0).points()).isEqualTo("0.0,100.0 500.0,150.0");
        assertThat(series.get(1).points()).isEqualTo("0.0,0.0 500.0,0.0");
        assertThat(series.get(0).last()).isEqualTo("50 B");
        assertThat(trend.getFirstBuild()).isEqualTo("#3");
        assertThat(trend.getLastBuild()).isEqualTo("#4");
        assertThat(new SizeTrend(List.of()).isEmpty()).isTrue();
    }

    @Test
    void theBuildPageKeepsNoAgentPaths() throws Exception {
        ImageOutcome outcome = ScriptResultTest.sample();
        outcome.outputDirectory = "/agent/ws@tmp/image-mirror-x";
        outcome.reportFiles.add("image-sizes.json");
        ImageMirrorAction action = BuildPageTest.recordAll(outcome);
        ImageOutcome kept = action.getOutcomes().get(0);
        assertThat(kept.outputDirectory).isNull();
        assertThat(kept.reportFiles).isEmpty();
        assertThat(kept.digest).isEqualTo(outcome.digest);
        assertThat(action.getUrlName()).isEqualTo("image-sizes");
    }
}
