package io.jenkins.plugins.imagemirror.jenkins;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job page's trend: one SVG polyline per runtime over recent builds, scaled to the largest size. Computed here
 * so the view only prints numbers and escaped labels.
 */
public final class SizeTrend {
    static final int WIDTH = 500;
    static final int HEIGHT = 200;
    private static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
    };

    /** One build's sizes by runtime key. */
    public record Point(int build, Map<String, Long> sizes) {}

    /** A runtime's line: label, colour, SVG points, and the last value in words. */
    public record Series(String key, String label, String color, String points, String last, int legendY) {}

    private final List<Point> points;

    /** @param points oldest build first */
    public SizeTrend(List<Point> points) {
        this.points = List.copyOf(points);
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    public int getWidth() {
        return WIDTH;
    }

    public int getHeight() {
        return HEIGHT;
    }

    public String getFirstBuild() {
        return points.isEmpty() ? "" : "#" + points.get(0).build();
    }

    public String getLastBuild() {
        return points.isEmpty() ? "" : "#" + points.get(points.size() - 1).build();
    }

    public String getMaximum() {
        return ReportView.human(max());
    }

    public List<Series> getSeries() {
        long max = max();
        List<Series> series = new ArrayList<>();
        int color = 0;
        for (String key : ImageOutcome.RUNTIMES) {
            StringBuilder line = new StringBuilder();
            Long last = null;
            for (int i = 0; i < points.size(); i++) {
                Long value = points.get(i).sizes().get(key);
                if (value == null) {
                    continue;
                }
                double x = points.size() == 1 ? WIDTH / 2.0 : (double) i / (points.size() - 1) * WIDTH;
                double y = HEIGHT - (double) value / max * HEIGHT;
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                last = value;
            }
            if (last != null) {
                series.add(new Series(
                        key,
                        ReportView.label(key),
                        COLORS[color % COLORS.length],
                        line.toString().strip(),
                        ReportView.human(last),
                        16 * series.size() + 12));
            }
            color++;
        }
        return series;
    }

    private long max() {
        long max = 1;
        for (Point p : points) {
            for (Long v : p.sizes().values()) {
                max = Math.max(max, v);
            }
        }
        return max;
    }
}
