package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * image-sizes.html renders in a real browser (Debian's headless Chromium, no network, no script needed): the SVG
 * charts are in the DOM and painted on screen in their colours, and a hostile label stays text.
 */
class SizeReportHtmlIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void rendersChartsAndEscapedLabels(@TempDir Path tmp) throws Exception {
        TestImage image = SizeReportTest.twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate(SizeReportTest.XSS, image.indexBytes(), image.images(), image, Set.of())
                .withDestinations(
                        List.of(new DestinationDigest("127.0.0.1:5000/app:1.0", Digest.parse(image.topDigest()))));
        Path html = new SizeReportHtmlWriter().write(report, tmp.resolve("report"));

        String dom = chromium(tmp, "--dump-dom", html.toUri().toString());
        assertThat(count(dom, "<svg class=\"runtimes\"")).isEqualTo(2);
        assertThat(count(dom, "<svg class=\"layers\"")).isEqualTo(2);
        assertThat(count(dom, "<rect ")).isGreaterThanOrEqualTo(2 * 8 + 2 * (2 + 2 * 2));
        assertThat(dom).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");

        Path png = tmp.resolve("report.png");
        chromium(
                tmp,
                "--screenshot=" + png,
                "--window-size=1000,1400",
                html.toUri().toString());
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot).as("screenshot " + png).isNotNull();
        // every bar colour of the runtime chart is painted, over a solid area (not just anti-aliased edges)
        for (int rgb : new int[] {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7}) {
            assertThat(pixels(shot, rgb)).as("pixels of #%06x", rgb).isGreaterThan(200);
        }
        // opened from disk (the CLI's --html), the stylesheet beside the page applies too
        assertThat(pixels(shot, ArtifactCspRenderIT.HEADER_GREY))
                .as("table headers styled")
                .isGreaterThan(20_000);
        Path keep = Path.of(System.getProperty("project.build.directory", "target"), "image-sizes-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    /** Runs headless Chromium with a fresh profile, no network or background services; returns stdout. */
    static String chromium(Path tmp, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited " + p.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
