package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SizeReportTest {
    static final String XSS = "<script>alert(1)</script>";

    static TestImage twoPlatforms() {
        byte[] base = LayerAnalyzerTest.baseLayer();
        byte[] upper = LayerAnalyzerTest.upperLayer();
        byte[] arm = new TestLayers().file("arm-only", new byte[777]).tar();
        return new TestImage()
                .platform("linux", "amd64", List.of(base, upper), List.of("ADD base.tar /", "RUN " + XSS))
                .platform("linux", "arm64", List.of(base, arm), List.of("ADD base.tar /", "COPY arm-only /"))
                .index();
    }

    static JsonSchema schema() throws IOException {
        return ReportSchema.schema();
    }

    static JsonNode assertValid(byte[] json) throws IOException {
        return ReportSchema.assertValid(json);
    }

    @Test
    void multiPlatformReportAddsUpLikeTheRuntimes() throws IOException {
        TestImage image = twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate(XSS, image.indexBytes(), image.images(), image, Set.of());
        assertThat(report.index().size()).isEqualTo(image.indexBytes().length);
        assertThat(report.platforms())
                .extracting(PlatformSizes::platform)
                .containsExactly("linux/amd64", "linux/arm64");
        PlatformSizes amd = report.platforms().get(0);
        long m = image.platforms().get(0).manifest().length;
        long k = image.platforms().get(0).config().length;
        long i = image.indexBytes().length;
        long a = amd.layers().get(0).compressedBytes() + amd.layers().get(1).compressedBytes();
        long d = LayerAnalyzerTest.baseLayer().length + LayerAnalyzerTest.upperLayer().length;
        assertThat(amd.sizes().registry()).isEqualTo(a);
        assertThat(amd.sizes().containerd()).isEqualTo(m + k + a + i);
        assertThat(amd.sizes().podman()).isEqualTo(d + k + 2 * m + i);
        assertThat(amd.sizes().dockerVfs()).isEqualTo(16006 + 57);
        assertThat(amd.sizes().docker()).isEqualTo(16006 + 77 + 57);
        assertThat(amd.hiddenBytes()).isEqualTo(11000);
        assertThat(amd.layers().get(1).createdBy()).isEqualTo("RUN " + XSS);
        assertThat(amd.downloadBytes()).isEqualTo(m + k + a + i);
        assertThat(report.platforms().get(1).sizes().dockerVfs()).isEqualTo(16006 + 777);
    }

    @Test
    void aNodeHoldingTheBaseLayerDownloadsTheRest() throws IOException {
        TestImage image = twoPlatforms();
        SizeReport first = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app", image.indexBytes(), image.images(), image, Set.of());
        LayerStats base = first.platforms().get(0).layers().get(0);
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app", image.indexBytes(), image.images(), image, Set.of(base.digest()));
        PlatformSizes amd = report.platforms().get(0);
        assertThat(amd.presentLayers()).containsExactly(base.digest());
        assertThat(amd.downloadBytes()).isEqualTo(first.platforms().get(0).downloadBytes() - base.compressedBytes());
        assertThat(amd.explanation()).anyMatch(s -> s.startsWith("A node that already holds 1 of the 2 layers"));
    }

    @Test
    void jsonFollowsTheSchemaWithExactKeys(@TempDir Path dir) throws IOException {
        TestImage image = twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate(XSS, image.indexBytes(), image.images(), image, Set.of())
                .withDestinations(
                        List.of(new DestinationDigest("127.0.0.1:5000/team/app:1.0", Digest.parse(image.topDigest()))));
        Path file = new SizeReportJsonWriter().write(report, dir);
        assertThat(file.getFileName().toString()).isEqualTo("image-sizes.json");
        JsonNode json = assertValid(Files.readAllBytes(file));
        JsonNode bytes = json.at("/platforms/0/bytes");
        assertThat(bytes.fieldNames())
                .toIterable()
                .containsExactly(
                        "registry",
                        "containerd",
                        "podman",
                        "docker",
                        "dockerVfs",
                        "containerdSnapshotEstimate",
                        "ociArchive",
                        "dockerArchive");
        assertThat(bytes.get("containerd").asLong())
                .isEqualTo(report.platforms().get(0).sizes().containerd());
        JsonNode layer0 = json.at("/platforms/0/layers/0/bytes");
        JsonNode layer1 = json.at("/platforms/0/layers/1/bytes");
        assertThat(layer0.fieldNames()).toIterable().containsExactlyElementsOf(() -> bytes.fieldNames());
        for (String key : List.of("registry", "docker", "dockerVfs", "containerdSnapshotEstimate")) {
            assertThat(layer0.get(key).asLong() + layer1.get(key).asLong())
                    .as(key)
                    .isEqualTo(bytes.get(key).asLong());
        }
        assertThat(layer0.get("podman").asLong()).isEqualTo(LayerAnalyzerTest.baseLayer().length);
        assertThat(json.at("/platforms/0/layers/1/createdBy").asText()).isEqualTo("RUN " + XSS);
        assertThat(json.at("/destinations/0/pinned").asText())
                .isEqualTo("127.0.0.1:5000/team/app:1.0@" + image.topDigest());
        assertThat(json.at("/platforms/0/printed/ctr").asText()).matches("\\d+\\.\\d (B|KiB)");
    }

    /** A multi-platform root has no docker-archive: its predicted size is JSON null. */
    @Test
    void theFileIsWhatTheStreamWriterWritesSupplementaryCharactersEscaped(@TempDir Path dir) throws IOException {
        TestImage image = twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("team/app:\uD83D\uDE00", image.indexBytes(), image.images(), image, Set.of());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new SizeReportJsonWriter().write(report, out);

        byte[] file = Files.readAllBytes(new SizeReportJsonWriter().write(report, dir));

        assertThat(file).isEqualTo(out.toByteArray());
        assertThat(new String(file, StandardCharsets.UTF_8)).contains("team/app:\\uD83D\\uDE00");
    }

    @Test
    void aMultiPlatformReportWritesNoDockerArchiveSizeAsNull() throws IOException {
        TestImage image = twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app", image.indexBytes(), image.images(), image, Set.of())
                .withArchives(new ImageArchives("app:1", 12345, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SizeReportJsonWriter().write(report, out);
        JsonNode json = assertValid(out.toByteArray());
        assertThat(json.at("/archives/dockerArchive").isNull()).isTrue();
        assertThat(json.at("/archives/ociArchive").asLong()).isEqualTo(12345);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(new SizeReportJsonWriter().toJsonText(report));
    }

    @Test
    void theSchemaRejectsAReportWithAMissingOrRenamedRuntime() throws IOException {
        TestImage image = twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app", image.indexBytes(), image.images(), image, Set.of());
        // the writer builds our own JSON model: the schema validator reads Jackson trees
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(new SizeReportJsonWriter().toJsonText(report));
        var bytes = (com.fasterxml.jackson.databind.node.ObjectNode) json.at("/platforms/0/bytes");
        bytes.set("dockerOverlay2", bytes.remove("docker"));
        assertThat(schema().validate(json))
                .extracting(ValidationMessage::getMessage)
                .anyMatch(msg -> msg.contains("docker"));
    }

    @Test
    void htmlEscapesEverythingAndNeedsNoScript(@TempDir Path dir) throws IOException {
        TestImage image = twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate(XSS, image.indexBytes(), image.images(), image, Set.of())
                .withDestinations(List.of(new DestinationDigest(XSS, Digest.parse(image.topDigest()))));
        String html = Files.readString(new SizeReportHtmlWriter().write(report, dir));
        assertThat(html)
                .doesNotContainIgnoringCase("<script")
                .doesNotContain("src=")
                .doesNotContain("url(")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        // no inline style (Jenkins' artifact CSP, style-src 'self', would drop it): one stylesheet from beside the page
        assertThat(html).doesNotContainIgnoringCase("<style").doesNotContainPattern("(?i)\\sstyle=");
        assertThat(html.split("href=", -1)).hasSize(2);
        assertThat(html).contains("<link rel=\"stylesheet\" href=\"image-sizes.css\">");
        assertThat(dir.resolve(SizeReportHtmlWriter.STYLESHEET)).hasContent(SizeReportHtmlWriter.stylesheet());
        assertThat(html.split("<svg class=\"runtimes\"", -1)).hasSize(3);
        assertThat(html.split("<svg class=\"layers\"", -1)).hasSize(3);
        assertThat(html)
                .contains(SizeFormats.ctr(report.platforms().get(0).sizes().containerd()));
    }

    @Test
    void envFileIsSafeToSource(@TempDir Path dir) throws Exception {
        Digest digest = Digest.parse("sha256:" + "ab".repeat(32));
        List<DestinationDigest> pushed = List.of(
                new DestinationDigest("127.0.0.1:5000/team/app:1.0", digest),
                new DestinationDigest("127.0.0.1:5000/team/app_1.0", digest),
                new DestinationDigest("evil/$(touch pwned)`touch pwned2`'x':1", digest));
        Path env = new DigestsEnvWriter().write(pushed, dir);
        assertThat(Files.readString(env))
                .isEqualTo("IMAGE_DIGEST='" + digest + "'\n"
                        + "IMAGE_127_0_0_1_5000_TEAM_APP_1_0='127.0.0.1:5000/team/app:1.0@" + digest + "'\n"
                        + "IMAGE_127_0_0_1_5000_TEAM_APP_1_0_2='127.0.0.1:5000/team/app_1.0@" + digest + "'\n"
                        + "IMAGE_EVIL___TOUCH_PWNED__TOUCH_PWNED2__X__1='evil/$(touch pwned)`touch pwned2`'\\''x'\\'':1@"
                        + digest + "'\n");
        Process sh = new ProcessBuilder(
                        "sh",
                        "-c",
                        ". ./image-digests.env && printf %s \"$IMAGE_EVIL___TOUCH_PWNED__TOUCH_PWNED2__X__1\"")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).isZero();
        assertThat(out).isEqualTo("evil/$(touch pwned)`touch pwned2`'x':1@" + digest);
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(dir.resolve("pwned2")).doesNotExist();
    }

    @Test
    void textTableShowsExactBytesAndTheToolsStrings() throws IOException {
        TestImage image = twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app\n[fake] line", null, List.of(image.images().get(0)), image, Set.of());
        RuntimeSizes s = report.platforms().get(0).sizes();
        String text = new SizeReportTextWriter().toText(report);
        assertThat(text)
                .startsWith("Image sizes for app\\u000A[fake] line\n")
                .contains(String.format(
                        java.util.Locale.ROOT, "%,d  %s", s.containerd(), SizeFormats.ctr(s.containerd())))
                .contains(String.format(java.util.Locale.ROOT, "%,d  %s", s.podman(), SizeFormats.podman(s.podman())))
                .contains("docker (vfs)");
        List<String> explanation = report.platforms().get(0).explanation();
        assertThat(explanation).isNotEmpty();
        assertThat(text.lines()).hasSize(1 + 1 + 1 + 11 + explanation.size());
        assertThat(text).contains("  - " + explanation.get(0));
    }

    @Test
    void writesTheThreeArtifactsIntoOneDirectory(@TempDir Path dir) throws IOException {
        TestImage image = twoPlatforms();
        Digest top = Digest.parse(image.topDigest());
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app", image.indexBytes(), image.images(), image, Set.of())
                .withDestinations(List.of(new DestinationDigest("h:5000/app:1", top)));
        Path out = dir.resolve("report");
        Path html = new SizeReportHtmlWriter().write(report, out);
        List<Path> written = List.of(
                new SizeReportJsonWriter().write(report, out),
                html,
                html.resolveSibling(SizeReportHtmlWriter.STYLESHEET),
                new DigestsEnvWriter().write(report.destinations(), out));
        assertThat(written)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("image-sizes.json", "image-sizes.html", "image-sizes.css", "image-digests.env");
        try (var files = Files.list(dir.resolve("report"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "image-sizes.json",
                            "image-sizes.html",
                            "image-sizes.css",
                            "image-digests.env"); // no temp files left
        }
        assertValid(Files.readAllBytes(written.get(0)));
        assertThat(Files.readString(written.get(3))).contains("IMAGE_H_5000_APP_1='h:5000/app:1@" + top + "'");
    }

    @Test
    void pinnedReferencesKeepTheTagAndReplaceADigest() {
        Digest digest = Digest.parse("sha256:" + "cd".repeat(32));
        assertThat(new DestinationDigest("h:5000/app:1.0", digest).pinned()).isEqualTo("h:5000/app:1.0@" + digest);
        assertThat(new DestinationDigest("h:5000/app@sha256:" + "00".repeat(32), digest).pinned())
                .isEqualTo("h:5000/app@" + digest);
    }

    @Test
    void jsonWriterLeavesTheCallersStreamOpen() throws IOException {
        TestImage image = twoPlatforms();
        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app", null, List.of(image.images().get(0)), image, Set.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("closed the caller's stream");
            }
        };
        new SizeReportJsonWriter().write(report, out);
        JsonNode json = assertValid(out.toByteArray());
        assertThat(json.get("index").isNull()).isTrue();
        assertThat(json.at("/platforms/0/indexBytes").asLong()).isZero();
    }

    @Test
    void rejectsAConfigThatIsNotTheManifests() {
        TestImage image = twoPlatforms();
        var wrong = new SizeReportCalculator.PlatformImage(
                image.platforms().get(0).manifest(), image.platforms().get(1).config());
        assertThatThrownBy(() -> new SizeReportCalculator(new LayerAnalyzer())
                        .calculate("app", null, List.of(wrong), image, Set.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not match manifest");
    }
}
