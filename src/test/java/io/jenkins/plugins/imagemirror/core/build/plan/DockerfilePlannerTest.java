package io.jenkins.plugins.imagemirror.core.build.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerfilePlannerTest {
    private static final Instant T = Instant.ofEpochSecond(1);

    @TempDir
    Path tmp;

    Path context;

    @BeforeEach
    void context() throws IOException {
        context = Files.createDirectories(tmp.resolve("ctx"));
        Files.createDirectories(context.resolve("src/sub"));
        Files.writeString(context.resolve("src/a.txt"), "a");
        Files.writeString(context.resolve("src/sub/b.txt"), "b");
        Files.writeString(context.resolve("one.txt"), "1");
        Files.writeString(context.resolve("two.txt"), "2");
        Files.writeString(context.resolve("ignored.txt"), "x");
        Files.writeString(context.resolve(".dockerignore"), "ignored.txt\n");
        Files.writeString(tmp.resolve("outside.txt"), "o");
    }

    private BuildPlan plan(String dockerfile, Map<String, String> buildArgs, List<String> baseEnv) throws Exception {
        Dockerfile d = DockerfileParser.parse("Dockerfile", dockerfile);
        return DockerfilePlanner.plan(
                d,
                new DockerfilePlanner.Inputs(
                        buildArgs,
                        Platform.parse("linux/arm64"),
                        baseEnv,
                        null,
                        Instant.EPOCH,
                        T,
                        new ContextFiles(context, DockerIgnore.read(context)),
                        new ArchiveExtractor(tmp.resolve("staging")),
                        ImageFilesystem.empty()));
    }

    private List<String> targets(String copy) throws Exception {
        return plan("FROM scratch\nWORKDIR /w\n" + copy + "\n", Map.of(), List.of()).layers().get(0).entries().stream()
                .map(e -> e.target() + " " + Integer.toOctalString(e.mode()) + " " + e.ownership())
                .toList();
    }

    @Test
    void copySemantics() throws Exception {
        assertThat(targets("COPY src /app"))
                .containsExactly("/app 755 0:0", "/app/a.txt 644 0:0", "/app/sub 755 0:0", "/app/sub/b.txt 644 0:0");
        assertThat(targets("COPY one.txt /etc/renamed")).containsExactly("/etc/renamed 644 0:0");
        assertThat(targets("COPY one.txt dir/")).containsExactly("/w/dir/one.txt 644 0:0");
        assertThat(targets("COPY --chown=7 --chmod=600 *.txt /x/"))
                .containsExactly("/x/one.txt 600 7:7", "/x/two.txt 600 7:7");
        assertThat(targets("COPY . /")).contains("/src/sub/b.txt 644 0:0").doesNotContain("/ignored.txt 644 0:0");
    }

    @Test
    void argsEnvAndBuildArgs() throws Exception {
        BuildPlan plan = plan(
                "ARG GLOBAL=g\nFROM scratch\nARG GLOBAL\nARG V=default\nARG TARGETARCH\n"
                        + "ENV X=$V Y=${GLOBAL}-$TARGETARCH Z=${PATH}:/x\nLABEL v=\"$V\"\n",
                Map.of("V", "given"),
                List.of("PATH=/bin"));
        assertThat(plan.environment())
                .containsExactly(Map.entry("X", "given"), Map.entry("Y", "g-arm64"), Map.entry("Z", "/bin:/x"));
        assertThat(plan.labels()).containsExactly(Map.entry("v", "given"));
        assertThat(plan.steps()).extracting(BuildPlan.Step::line).containsExactly(6, 7);
    }

    @Test
    void entrypointClearsInheritedCmdUnlessCmdIsSet() throws Exception {
        assertThat(plan("FROM scratch\nENTRYPOINT [\"/a\"]\n", Map.of(), List.of())
                        .clearInheritedCmd())
                .isTrue();
        assertThat(plan("FROM scratch\nCMD [\"x\"]\nENTRYPOINT [\"/a\"]\n", Map.of(), List.of())
                        .clearInheritedCmd())
                .isFalse();
    }

    @Test
    void addExtractsLocalTarArchives() throws Exception {
        Path archive = context.resolve("bundle.tar.gz");
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(archive));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry dir = new TarArchiveEntry("lib/");
            dir.setMode(040750);
            dir.setIds(5, 6);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] bytes = "tool".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("lib/tool");
            file.setSize(bytes.length);
            file.setMode(0100711);
            file.setIds(5, 6);
            file.setModTime(1_600_000_000_000L);
            tar.putArchiveEntry(file);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        BuildPlan plan = plan("FROM scratch\nADD bundle.tar.gz /opt/\nCOPY bundle.tar.gz /raw/\n", Map.of(), List.of());
        List<LayerSpec.Entry> extracted = plan.layers().get(0).entries();
        assertThat(extracted)
                .extracting(e -> e.target() + " " + Integer.toOctalString(e.mode()) + " " + e.ownership())
                .containsExactly("/opt/lib 750 5:6", "/opt/lib/tool 711 5:6");
        assertThat(extracted.get(1).modified()).isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(Files.readString(extracted.get(1).source())).isEqualTo("tool");
        assertThat(plan.layers().get(1).entries())
                .extracting(LayerSpec.Entry::target)
                .containsExactly("/raw/bundle.tar.gz");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "COPY nothere /x|Dockerfile:3: COPY nothere: file not found in build context or excluded by .dockerignore: nothere",
                "COPY ignored.txt /x|Dockerfile:3: COPY ignored.txt: file not found in build context or excluded by .dockerignore: ignored.txt",
                "COPY *.none /x/|Dockerfile:3: COPY *.none: no source files were specified: '*.none' matches nothing in the build context (or only files .dockerignore excludes)",
                "COPY ../outside.txt /x|Dockerfile:3: COPY ../outside.txt: forbidden path outside the build context: ../outside.txt; move the file into the context directory",
                "COPY one.txt two.txt /x|Dockerfile:3: when using COPY with more than one source file, the destination must be a directory and end with a /; write /x/",
                "COPY --chown=app one.txt /x|Dockerfile:3: --chown=app is not numeric; image-mirror does not read the image's /etc/passwd: write numeric ids, e.g. --chown=1000:1000",
                "COPY --chmod=4755 one.txt /x|Dockerfile:3: --chmod=4755 sets setuid, setgid or sticky bits, which image-mirror does not write; use permission bits only (at most 0777)",
                "COPY --chmod=u+x one.txt /x|Dockerfile:3: --chmod=u+x is not an octal mode; write it like --chmod=755 or --chmod=0644",
                "EXPOSE 80/xyz|Dockerfile:3: invalid protocol 'xyz' in port '80/xyz'; use tcp, udp or sctp",
                "EXPOSE 70000|Dockerfile:3: invalid port range '70000'; ports go from 1 to 65535, a range from low to high, at most 1024 ports",
                "EXPOSE http|Dockerfile:3: invalid port 'http'; write PORT, PORT/tcp, PORT/udp or FIRST-LAST/tcp",
                "USER ${NOUSER:?set NOUSER}|Dockerfile:3: NOUSER: set NOUSER",
            })
    void planErrorsKeepTheLine(String instruction, String message) {
        assertThatThrownBy(() -> plan("FROM scratch\n\n" + instruction + "\n", Map.of(), List.of()))
                .isInstanceOf(BuildInputException.class)
                .hasMessage(message);
    }

    @Test
    void exceptionsReincludeFilesInExcludedDirectories() throws Exception {
        Files.writeString(context.resolve(".dockerignore"), "src\n!src/sub/b.txt\n");
        assertThat(targets("COPY . /c/"))
                .contains("/c/src 755 0:0", "/c/src/sub 755 0:0", "/c/src/sub/b.txt 644 0:0")
                .doesNotContain("/c/src/a.txt 644 0:0");
    }

    @Test
    void symbolicLinksAreFollowedInsideTheContextOnly() throws Exception {
        Files.createSymbolicLink(context.resolve("inside"), context.resolve("one.txt"));
        assertThat(targets("COPY inside /l")).containsExactly("/l 644 0:0");
        Files.createSymbolicLink(context.resolve("outside"), tmp.resolve("outside.txt"));
        assertThatThrownBy(() -> targets("COPY outside /l"))
                .hasMessage("Dockerfile:3: COPY outside: symbolic link "
                        + "outside points outside the build context ("
                        + tmp.resolve("outside.txt").toRealPath() + "); copy "
                        + "the target into the context instead");
    }

    @Test
    void archivesWithLinksAreTheirOwnLayer() throws Exception {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(context.resolve("l.tar")))) {
            TarArchiveEntry link = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("busybox");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        LayerSpec layer = plan("FROM scratch\nADD l.tar /root/\n", Map.of(), List.of())
                .layers()
                .get(0);
        assertThat(layer.entries()).isEmpty();
        assertThat(layer.archive())
                .isEqualTo(context.resolve("l.tar").toAbsolutePath().normalize());
        assertThat(layer.archiveDestination()).isEqualTo("/root");
        assertThatThrownBy(() -> targets("ADD l.tar one.txt /x/"))
                .hasMessage("Dockerfile:3: ADD l.tar: an archive "
                        + "with links must be the only source of its ADD; split the instruction");
    }

    @Test
    void fromNeedsItsArgs() throws Exception {
        Dockerfile d = DockerfileParser.parse("Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        assertThatThrownBy(() -> DockerfilePlanner.base(d, Map.of(), Platform.parse("linux/amd64")))
                .hasMessage("Dockerfile:2: FROM names no image after substituting variables ('${BASE}'); pass the "
                        + "missing --build-arg");
        assertThat(DockerfilePlanner.base(d, Map.of("BASE", "alpine:3.20"), Platform.parse("linux/amd64")))
                .isEqualTo("alpine:3.20");
    }
}
