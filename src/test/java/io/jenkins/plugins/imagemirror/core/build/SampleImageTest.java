package io.jenkins.plugins.imagemirror.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** resources/sample-image, as the README's main job builds it: from the Dockerfile and from build.yaml. */
class SampleImageTest {
    static final Path SAMPLE = Path.of("resources/sample-image").toAbsolutePath();

    @TempDir
    Path tmp;

    static BuildResult buildSample(Path tmp, String input, List<String> platforms) throws Exception {
        Path file = input == null ? null : SAMPLE.resolve(input);
        BuildSpec spec = new BuildSpec(
                SAMPLE,
                file != null && input.endsWith(".yaml") ? null : file,
                file != null && input.endsWith(".yaml") ? file : null,
                Map.of("VERSION", "1.2.3"),
                platforms,
                tmp.resolve("cache"),
                tmp.resolve("out-" + (input == null ? "Dockerfile" : input)),
                null,
                null);
        return new ImageBuilder(line -> {}).build(spec, Map.of());
    }

    @Test
    void dockerfileGivesTheConfigItSays() throws Exception {
        BuildResult result = buildSample(tmp, null, List.of("linux/amd64"));
        JsonNode manifest = ImageBuilderTest.blob(result.layout(), result.digest());
        JsonNode config = ImageBuilderTest.blob(
                result.layout(), manifest.at("/config/digest").asText());
        JsonNode c = config.get("config");
        assertThat(c.get("Env").toString())
                .isEqualTo("[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin"
                        + ":/bin\",\"APP_HOME=/opt/app\",\"APP_VERSION=1.2.3\"]");
        assertThat(c.get("Entrypoint").toString()).isEqualTo("[\"/opt/app/bin/sample\"]");
        assertThat(c.get("Cmd").toString()).isEqualTo("[\"--port\",\"8080\"]");
        assertThat(c.get("User").asText()).isEqualTo("1000:1000");
        assertThat(c.get("WorkingDir").asText()).isEqualTo("/opt/app");
        assertThat(c.get("Labels").toString())
                .isEqualTo("{\"org.opencontainers.image.title\":\"image-mirror sample\","
                        + "\"org.opencontainers.image.version\":\"1.2.3\"}");
        assertThat(c.get("ExposedPorts").toString()).isEqualTo("{\"8080/tcp\":{},\"8125/udp\":{}}");
        assertThat(c.get("Volumes").toString()).isEqualTo("{\"/var/lib/sample\":{}}");
        assertThat(c.get("StopSignal").asText()).isEqualTo("SIGTERM");
        assertThat(c.get("Healthcheck").toString())
                .isEqualTo("{\"Test\":[\"CMD\",\"/opt/app/bin/sample\",\"--health\"],"
                        + "\"Interval\":30000000000,\"Timeout\":3000000000,\"Retries\":3}");
        assertThat(c.get("OnBuild").toString()).isEqualTo("[\"COPY . /opt/app/plugins/\"]");
        assertThat(config.get("author").asText()).isEqualTo("image-mirror <dev@image-mirror.invalid>");
        List<BuildResult.Layer> layers = result.images().get(0).layers();
        assertThat(layers).extracting(BuildResult.Layer::line).containsExactly(15, 17, 19);
        List<String> entries = new ArrayList<>();
        for (BuildResult.Layer layer : layers) {
            entries.addAll(LayerEntries.list(result.layout()
                    .resolve("blobs/sha256")
                    .resolve(layer.digest().substring(7))));
        }
        assertThat(entries)
                .containsExactly(
                        "opt/ 755 0:0",
                        "opt/app/ 755 1000:1000",
                        "opt/app/README.txt 644 1000:1000",
                        "opt/app/bin/ 755 1000:1000",
                        "opt/app/bin/sample 755 1000:1000",
                        "opt/app/conf/ 755 1000:1000",
                        "opt/app/conf/app.properties 644 1000:1000",
                        "etc/ 755 0:0",
                        "etc/sample/ 755 0:0",
                        "etc/sample/app.properties 640 0:1000",
                        "srv/ 755 0:0",
                        "srv/site/ 755 0:0",
                        "srv/site/index.html 644 0:0");
    }

    @Test
    void buildFileGivesTwoPlatformsAndItsPermissions() throws Exception {
        BuildResult result = buildSample(tmp, "build.yaml", List.of());
        assertThat(result.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(result.images())
                .extracting(BuildResult.PlatformImage::platform)
                .containsExactly("linux/amd64", "linux/arm64");
        List<BuildResult.Layer> layers = result.images().get(0).layers();
        assertThat(layers)
                .extracting(BuildResult.Layer::createdBy)
                .containsExactly("layer application (build.yaml)", "layer launcher (build.yaml)");
        Path blobs = result.layout().resolve("blobs/sha256");
        assertThat(LayerEntries.list(blobs.resolve(layers.get(0).digest().substring(7))))
                .containsExactly(
                        "opt/ 755 0:0",
                        "opt/app/ 755 1000:1000",
                        "opt/app/README.txt 644 1000:1000",
                        "opt/app/conf/ 755 1000:1000",
                        "opt/app/conf/app.properties 644 1000:1000");
        assertThat(LayerEntries.list(blobs.resolve(layers.get(1).digest().substring(7))))
                .containsExactly(
                        "opt/ 755 0:0",
                        "opt/app/ 755 0:0",
                        "opt/app/bin/ 755 1000:1000",
                        "opt/app/bin/sample 755 1000:1000");
        assertThat(buildSample(tmp.resolve("again"), "build.yaml", List.of()).digest())
                .isEqualTo(result.digest());
    }
}
