package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** ReportFormat prints what {@code String.format(Locale.ROOT, …)} prints, for every conversion it accepts. */
class ReportFormatTest {
    @Property(tries = 2000)
    void integersAsFormatterPrintsThem(
            @ForAll long value, @ForAll @IntRange(max = 30) int width, @ForAll boolean left, @ForAll boolean grouped) {
        String pattern = "[%" + (left ? "-" : "") + (grouped ? "," : "") + (width > 0 || left ? width + 1 : "") + "d]";
        assertSame(pattern, value);
        assertSame(pattern, (int) value);
        assertSame("%,d bytes (%d)%n", value, value);
    }

    @Property(tries = 3000)
    void doublesAsFormatterPrintsThem(
            @ForAll("doubles") double value, @ForAll @IntRange(max = 8) int precision, @ForAll boolean width) {
        assertSame("x=\"%" + (width ? "9" : "") + "." + precision + "f\"", value);
        assertSame("%f", value);
        assertSame("%.1f", (float) value);
        assertSame("%.2f:1", value);
    }

    @Property(tries = 500)
    void stringsAsFormatterPrintsThem(@ForAll String text, @ForAll @IntRange(max = 20) int width) {
        assertSame("  %-" + (width + 1) + "s  %" + (width + 1) + "s  %s%n", text, text, text);
        assertSame("<text>%s / %s</text> 100%%", text, null);
    }

    @Example
    void thePatternsOfTheReportAndTheBuildLog() {
        assertSame(
                "Compression: %s %s (%,d bytes) compressed, a ratio of %s.",
                "the 5 layers weigh", "117MB", 117_000_123L, "1.90:1");
        assertSame(
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", 160, 42, 371.25, 14, "#4e79a7");
        assertSame("  %-8s %s (%d bytes uploaded)%n", "pushed", "registry.corp/app:1", 123456789L);
        assertSame("%.1f|%.1f|%.2f|%.0f|%.3f", 0.05, 0.15, 1.005, 2.5, -0.0004);
        assertSame("%.1f %f %.2f", Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertSame("%,d %,d %,d", Long.MIN_VALUE, -1000L, 999L);
    }

    @Example
    void whatItDoesNotSupportIsAnErrorNotAnotherOutput() {
        for (String pattern : new String[] {"%x", "%5.2s", "%,f", "%-s", "%08d", "%+d", "%", "%.1d"}) {
            assertThatThrownBy(() -> ReportFormat.format(pattern, 1)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ReportFormat.format("%d", 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportFormat.format("%f", 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportFormat.format("%s %s", "one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.doubles().between(-1000, 1000).ofScale(4),
                Arbitraries.doubles().between(0, 1e6),
                Arbitraries.longs().between(0, 1L << 40).map(n -> n / 1024.0),
                Arbitraries.of(0.0, -0.0, 0.05, 0.25, 0.35, 1.45, 2.5, 1e-7, 1e21, 123456789.125, Double.MIN_VALUE));
    }

    private static void assertSame(String pattern, Object... args) {
        assertThat(ReportFormat.format(pattern, args))
                .as("%s with %s", pattern, java.util.Arrays.toString(args))
                .isEqualTo(String.format(Locale.ROOT, pattern, args));
    }
}
