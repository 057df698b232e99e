package io.jenkins.plugins.imagemirror.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();

    private Path context() throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.createDirectories(context.resolve("app/bin"));
        Files.writeString(context.resolve("app/bin/run"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(context.resolve("app/bin/run"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(context.resolve("app/config.txt"), "a=1\n");
        Files.writeString(context.resolve("app/secret.key"), "never copied\n");
        Files.writeString(context.resolve("README.md"), "docs\n");
        Files.writeString(context.resolve(".dockerignore"), "app/*.key\n");
        Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                "FROM scratch",
                "ENV APP_HOME=/opt/app",
                "COPY --chown=1000:1000 app/ $APP_HOME/",
                "COPY README.md /docs/",
                "LABEL org.opencontainers.image.title=sample",
                "EXPOSE 8080",
                "USER 1000:1000",
                "WORKDIR /opt/app",
                "ENTRYPOINT [\"/opt/app/bin/run\"]",
                "CMD --serve",
                ""));
        return context;
    }

    private BuildSpec spec(Path context, String cache, String out, List<String> platforms) {
        return new BuildSpec(context, null, null, Map.of(), platforms, tmp.resolve(cache), tmp.resolve(out), null,
                null);
    }

    private BuildResult build(BuildSpec spec) throws Exception {
        return new ImageBuilder(log::add).build(spec, Map.of());
    }

    @Test
    void buildsOnScratchWithConfigAndLayers() throws Exception {
        Path context = context();
        BuildResult result = build(spec(context, "cache", "out", List.of("linux/amd64")));
        assertThat(result.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode manifest = blob(result.layout(), result.digest());
        JsonNode config = blob(result.layout(), manifest.at("/config/digest").asText());
        assertThat(config.at("/created").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(config.at("/architecture").asText()).isEqualTo("amd64");
        assertThat(config.at("/config/Env").toString())
                .isEqualTo("[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"APP_HOME=/opt/app\"]");
        assertThat(config.at("/config/Entrypoint").toString()).isEqualTo("[\"/opt/app/bin/run\"]");
        assertThat(config.at("/config/Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"--serve\"]");
        assertThat(config.at("/config/User").asText()).isEqualTo("1000:1000");
        assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/opt/app");
        assertThat(config.at("/config/ExposedPorts").toString()).isEqualTo("{\"8080/tcp\":{}}");
        assertThat(config.at("/config/Labels").toString()).isEqualTo("{\"org.opencontainers.image.title\":\"sample\"}");
        assertThat(manifest.get("layers")).hasSize(2);
        assertThat(config.at("/rootfs/diff_ids")).hasSize(2);
        assertThat(config.at("/history")).hasSize(9);
        assertThat(result.images().get(0).layers()).extracting(BuildResult.Layer::createdBy)
                .containsExactly("COPY --chown=1000:1000 app/ $APP_HOME/", "COPY README.md /docs/");
        assertThat(result.images().get(0).layers()).extracting(BuildResult.Layer::line).containsExactly(3, 4);
        List<String> entries = LayerEntries.list(result.layout().resolve("blobs/sha256")
                .resolve(manifest.at("/layers/0/digest").asText().substring(7)));
        assertThat(entries).containsExactly(
                "opt/ 755 0:0",
                "opt/app/ 755 1000:1000",
                "opt/app/bin/ 755 1000:1000",
                "opt/app/bin/run 755 1000:1000",
                "opt/app/config.txt 644 1000:1000");
    }

    @Test
    void sameInputsFreshCachesSameDigest() throws Exception {
        Path context = context();
        BuildResult first = build(spec(context, "cache1", "out1", List.of("linux/amd64")));
        // a different checkout: new mtimes, same content
        Files.setLastModifiedTime(context.resolve("app/config.txt"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        BuildResult second = build(spec(context, "cache2", "out2", List.of("linux/amd64")));
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.images().get(0).layers()).allMatch(BuildResult.Layer::compressed);
    }

    @Test
    void sourceDateEpochSetsCreationTime() throws Exception {
        Path context = context();
        BuildResult a = new ImageBuilder(log::add).build(spec(context, "c", "o1", List.of("linux/amd64")),
                Map.of("SOURCE_DATE_EPOCH", "1700000000"));
        JsonNode config = blob(a.layout(), blob(a.layout(), a.digest()).at("/config/digest").asText());
        assertThat(config.at("/created").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(config.at("/history/0/created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    }

    @Test
    void rebuildWithOneChangedFileRecompressesOnlyThatLayer() throws Exception {
        Path context = context();
        BuildResult first = build(spec(context, "cache", "out1", List.of("linux/amd64")));
        assertThat(first.images().get(0).layers()).extracting(BuildResult.Layer::compressed).containsExactly(true, true);
        Files.writeString(context.resolve("README.md"), "docs, changed\n");
        Files.setLastModifiedTime(context.resolve("README.md"), FileTime.from(Instant.parse("2031-01-01T00:00:00Z")));
        BuildResult second = build(spec(context, "cache", "out2", List.of("linux/amd64")));
        List<BuildResult.Layer> a = first.images().get(0).layers();
        List<BuildResult.Layer> b = second.images().get(0).layers();
        assertThat(b).extracting(BuildResult.Layer::compressed).containsExactly(false, true);
        assertThat(b.get(0).digest()).isEqualTo(a.get(0).digest());
        assertThat(b.get(1).digest()).isNotEqualTo(a.get(1).digest());
        assertThat(second.digest()).isNotEqualTo(first.digest());
    }

    @Test
    void twoPlatformsGiveAnIndexSharingLayers() throws Exception {
        Path context = context();
        BuildResult result = build(spec(context, "cache", "out", List.of("linux/amd64", "linux/arm64")));
        assertThat(result.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");
        JsonNode index = blob(result.layout(), result.digest());
        assertThat(index.at("/manifests/0/platform").toString()).isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        assertThat(index.at("/manifests/1/platform").toString()).isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\"}");
        assertThat(result.images().get(0).layers()).isEqualTo(result.images().get(1).layers());
        JsonNode layout = JSON.readTree(result.layout().resolve("index.json").toFile());
        assertThat(layout.at("/manifests/0/digest").asText()).isEqualTo(result.digest());
        BuildResult again = build(spec(context, "cache2", "out2", List.of("linux/amd64", "linux/arm64")));
        assertThat(again.digest()).isEqualTo(result.digest());
    }

    @Test
    void runFailsBeforeAnyWork() throws Exception {
        Path context = context();
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY app /app\nRUN make\n");
        assertThatThrownBy(() -> build(spec(context, "cache", "out", List.of())))
                .isInstanceOf(BuildInputException.class)
                .hasMessage("Dockerfile:3: RUN needs a container runtime; image-mirror builds without one: do the "
                        + "work in an earlier pipeline step and COPY its output");
        assertThat(tmp.resolve("cache")).doesNotExist();
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void buildsOnAMultiPlatformBaseFromAnOciLayout() throws Exception {
        Path context = context();
        BuildResult base = build(spec(context, "cache", "base", List.of("linux/amd64", "linux/arm64")));
        Path child = Files.createDirectories(tmp.resolve("child"));
        Files.writeString(child.resolve("extra.txt"), "extra\n");
        Files.writeString(child.resolve("Dockerfile"), String.join("\n",
                "ARG BASE",
                "FROM ${BASE}",
                "ENV APP_HOME=/srv EXTRA=$APP_HOME/extra",
                "COPY extra.txt ./",
                "ENTRYPOINT [\"/srv/extra\"]",
                ""));
        BuildSpec spec = new BuildSpec(child, null, null, Map.of("BASE", "oci:" + base.layout()), List.of("linux/arm64"),
                tmp.resolve("cache"), tmp.resolve("child-out"), null, null);
        BuildResult result = build(spec);
        assertThat(result.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode manifest = blob(result.layout(), result.digest());
        JsonNode config = blob(result.layout(), manifest.at("/config/digest").asText());
        assertThat(config.at("/architecture").asText()).isEqualTo("arm64");
        assertThat(config.at("/config/Env").toString()).isEqualTo("[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin"
                + ":/usr/bin:/sbin:/bin\",\"APP_HOME=/srv\",\"EXTRA=/opt/app/extra\"]");
        assertThat(config.at("/config/Cmd").isMissingNode()).isTrue();
        assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/opt/app");
        assertThat(config.at("/config/User").asText()).isEqualTo("1000:1000");
        assertThat(config.at("/history")).hasSize(9 + 3);
        List<BuildResult.Layer> layers = result.images().get(0).layers();
        assertThat(layers).extracting(BuildResult.Layer::fromBase).containsExactly(true, true, false);
        assertThat(layers.subList(0, 2)).isEqualTo(List.of(
                base.images().get(1).layers().get(0).withBase("oci:" + base.layout()),
                base.images().get(1).layers().get(1).withBase("oci:" + base.layout())));
        assertThat(LayerEntries.list(result.layout().resolve("blobs/sha256").resolve(layers.get(2).digest().substring(7))))
                .containsExactly("opt/ 755 0:0", "opt/app/ 755 0:0", "opt/app/extra.txt 644 0:0");
    }

    @Test
    void baseOnBuildTriggersRunAfterFromOrFailLikeTheInstruction() throws Exception {
        Path context = context();
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nONBUILD ENV FROM_TRIGGER=yes\n"
                + "ONBUILD RUN make\n");
        BuildResult base = build(spec(context, "cache", "base", List.of("linux/amd64")));
        Files.writeString(context.resolve("Dockerfile"), "ARG BASE\nFROM $BASE\nLABEL a=b\n");
        BuildSpec child = new BuildSpec(context, null, null, Map.of("BASE", "oci:" + base.layout()),
                List.of("linux/amd64"), tmp.resolve("cache"), tmp.resolve("child"), null, null);
        assertThatThrownBy(() -> build(child)).isInstanceOf(BuildInputException.class)
                .hasMessage("Dockerfile:2: ONBUILD trigger 'RUN make' of base image oci:" + base.layout() + ": RUN "
                        + "needs a container runtime; image-mirror builds without one: do the work in an earlier "
                        + "pipeline step and COPY its output");
    }

    @Test
    void identicalLayersStayTwoLayers() throws Exception {
        Path context = context();
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY README.md /r\nLABEL x=y\nCOPY README.md /r\n");
        BuildResult result = build(spec(context, "cache", "out", List.of("linux/amd64")));
        List<BuildResult.Layer> layers = result.images().get(0).layers();
        assertThat(layers).extracting(BuildResult.Layer::line).containsExactly(2, 4);
        assertThat(layers.get(0).digest()).isEqualTo(layers.get(1).digest());
        assertThat(layers).allMatch(BuildResult.Layer::compressed);
        assertThat(blob(result.layout(), result.digest()).get("layers")).hasSize(2);
    }

    static JsonNode blob(Path layout, String digest) throws IOException {
        return JSON.readTree(layout.resolve("blobs/sha256").resolve(digest.substring(7)).toFile());
    }
}
