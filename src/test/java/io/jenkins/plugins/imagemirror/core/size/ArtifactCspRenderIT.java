package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, defect 8: the archived image-sizes.html is served by Jenkins with the artifact Content-Security-Policy,
 * hudson.model.DirectoryBrowserSupport.DEFAULT_CSP_VALUE at 2.504.3:
 * {@code sandbox; default-src 'none'; img-src 'self'; style-src 'self';} (set on every file served from a build's
 * artifacts unless an administrator relaxes it). Served here the same way, from a local HTTP server, and rendered by
 * headless Chromium: the page must come out styled, which an inline {@code <style>} (the previous page) does not.
 */
class ArtifactCspRenderIT {
    /** hudson.model.DirectoryBrowserSupport.DEFAULT_CSP_VALUE, Jenkins 2.504.3. */
    static final String JENKINS_ARTIFACT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';";
    /** th background in image-sizes.css: only the stylesheet paints it. */
    static final int HEADER_GREY = 0xf0f0f0;

    private HttpServer server;
    private final Set<String> served = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void archivedReportRendersStyledUnderJenkinsArtifactCsp(@TempDir Path tmp) throws Exception {
        TestImage image = SizeReportTest.twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("registry.example/app:1", image.indexBytes(), image.images(), image, Set.of());
        Path dir = tmp.resolve("archive");
        new SizeReportHtmlWriter().write(report, dir);
        // the page as it was before (stylesheet inlined): Chromium must drop it under the CSP, or this test proves
        // nothing
        String html = Files.readString(dir.resolve(SizeReportHtmlWriter.FILE_NAME));
        Files.writeString(
                dir.resolve("inline.html"),
                html.replace(
                        "<link rel=\"stylesheet\" href=\"" + SizeReportHtmlWriter.STYLESHEET + "\">",
                        "<style>" + SizeReportHtmlWriter.stylesheet() + "</style>"));
        int port = serve(dir);

        BufferedImage styled = screenshot(tmp, "http://127.0.0.1:" + port + "/" + SizeReportHtmlWriter.FILE_NAME);
        assertThat(served).contains("/" + SizeReportHtmlWriter.STYLESHEET);
        assertThat(SizeReportHtmlIT.pixels(styled, HEADER_GREY))
                .as("table headers painted by image-sizes.css")
                .isGreaterThan(20_000);
        assertThat(SizeReportHtmlIT.pixels(styled, 0x4e79a7))
                .as("SVG bars (presentation attributes)")
                .isGreaterThan(200);

        BufferedImage inline = screenshot(tmp, "http://127.0.0.1:" + port + "/inline.html");
        // a few anti-aliased text pixels are this grey on any page; the headers' background is tens of thousands
        assertThat(SizeReportHtmlIT.pixels(inline, HEADER_GREY))
                .as("inline <style> under the artifact CSP")
                .isLessThan(2_000);
    }

    private int serve(Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath();
            served.add(name);
            Path file = dir.resolve(name.substring(1)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders()
                    .add(
                            "Content-Type",
                            name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8");
            exchange.getResponseHeaders().add("Content-Security-Policy", JENKINS_ARTIFACT_CSP);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static BufferedImage screenshot(Path tmp, String url) throws Exception {
        Path png = Files.createTempFile(tmp, "shot", ".png");
        SizeReportHtmlIT.chromium(tmp, "--screenshot=" + png, "--window-size=1000,1400", url);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot).as("screenshot of " + url).isNotNull();
        return shot;
    }
}
