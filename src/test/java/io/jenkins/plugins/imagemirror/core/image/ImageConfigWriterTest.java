package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config and manifest of a derived image keep the base's bytes wherever the changes do not reach. */
class ImageConfigWriterTest {
    private static final String BASE =
            "{\"architecture\":\"amd64\",\"author\":\"base\",\"config\":{\"Env\":[\"PATH=/bin\"],"
                    + "\"Cmd\":[\"sh\"],\"Labels\":null,\"WorkingDir\":\"/w\",\"OnBuild\":[\"COPY . /src\"],\"X-Unknown\":7},"
                    + "\"container\":\"c\",\"container_config\":{},\"docker_version\":\"20\",\"weight\":1.5,\"os\":\"linux\","
                    + "\"variant\":\"v1\",\"history\":[{\"created_by\":\"ADD rootfs\"}],\"rootfs\":{\"type\":\"layers\","
                    + "\"diff_ids\":[\"" + Digest.sha256("layer") + "\"]}}";

    private static ImageConfig base() {
        return ImageConfig.parse(BASE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatABuildInherits() {
        assertThat(base().author()).isEqualTo("base");
        assertThat(base().env()).containsExactly("PATH=/bin");
        assertThat(base().workingDir()).isEqualTo("/w");
        assertThat(base().onBuild()).containsExactly("COPY . /src");
        ImageConfig bare =
                ImageConfig.parse("{\"os\":\"linux\",\"architecture\":\"arm64\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bare.author()).isNull();
        assertThat(bare.env()).isEmpty();
        assertThat(bare.workingDir()).isNull();
        assertThat(bare.onBuild()).isEmpty();
    }

    @Test
    void keepsTheBasesFieldsInPlaceAndDropsStaleOnes() {
        byte[] config = new ImageConfigWriter(base())
                .env(List.of("PATH=/app:/bin"))
                .removeCmd()
                .labels(Map.of("a", "b"))
                .exposedPorts(List.of("80/tcp"))
                .onBuild(List.of())
                .write(
                        "1970-01-01T00:00:00Z",
                        "me",
                        Platform.parse("linux/amd64"),
                        List.of(Digest.sha256("layer"), Digest.sha256("new")),
                        List.of(
                                new ImageConfig.History("COPY a /a", "image-mirror", false),
                                new ImageConfig.History("LABEL a=b", "image-mirror", true)));
        assertThat(new String(config, StandardCharsets.UTF_8))
                .isEqualTo("{\"created\":\"1970-01-01T00:00:00Z\","
                        + "\"author\":\"me\",\"architecture\":\"amd64\",\"os\":\"linux\",\"weight\":1.5,\"config\":{\"Env\":"
                        + "[\"PATH=/app:/bin\"],\"Labels\":{\"a\":\"b\"},\"WorkingDir\":\"/w\",\"X-Unknown\":7,"
                        + "\"ExposedPorts\":{\"80/tcp\":{}}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + Digest.sha256("layer") + "\",\"" + Digest.sha256("new") + "\"]},\"history\":[{\"created_by\":"
                        + "\"ADD rootfs\"},{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"COPY a /a\",\"comment\":"
                        + "\"image-mirror\"},{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"LABEL a=b\",\"comment\":"
                        + "\"image-mirror\",\"empty_layer\":true}]}");
    }

    @Test
    void derivedManifestsKeepTheBasesLayerEntriesAsWritten() {
        Digest layer = Digest.sha256("layer");
        String docker = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.DOCKER_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + MediaType.DOCKER_CONFIG + "\",\"size\":2,\"digest\":\"" + Digest.sha256("{}")
                + "\"},\"layers\":[{\"mediaType\":\"" + MediaType.DOCKER_LAYER_GZIP + "\",\"size\":5,\"digest\":\""
                + layer + "\",\"urls\":[\"https://example.com/l\"]}],\"annotations\":{\"a\":\"b\"}}";
        Manifest base = (Manifest) ManifestContent.parse(docker.getBytes(StandardCharsets.UTF_8), null);
        Descriptor config = Descriptor.ofContent(MediaType.OCI_CONFIG, new byte[] {'{', '}'});
        Descriptor added = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256("new"), 3);
        Manifest derived = Manifest.derive(base, config, List.of(added));
        assertThat(new String(derived.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"schemaVersion\":2,"
                        + "\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                        + MediaType.OCI_CONFIG
                        + "\",\"digest\":\"" + config.digest() + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
                        + MediaType.OCI_LAYER_GZIP + "\",\"size\":5,\"digest\":\"" + layer + "\",\"urls\":["
                        + "\"https://example.com/l\"]},{\"mediaType\":\"" + MediaType.OCI_LAYER_GZIP
                        + "\",\"digest\":\""
                        + added.digest() + "\",\"size\":3}]}");
        assertThat(Manifest.derive(null, config, List.of(added)))
                .isEqualTo(Manifest.create(MediaType.OCI_MANIFEST, config, List.of(added), Map.of()));
    }

    @Test
    void dockerLayerTypesGetTheirOciNames() {
        assertThat(MediaType.ociLayerType(MediaType.DOCKER_LAYER_GZIP)).isEqualTo(MediaType.OCI_LAYER_GZIP);
        assertThat(MediaType.ociLayerType(MediaType.DOCKER_FOREIGN_LAYER_GZIP))
                .isEqualTo(MediaType.OCI_NONDISTRIBUTABLE_LAYER_GZIP);
        assertThat(MediaType.ociLayerType(MediaType.OCI_LAYER_ZSTD)).isEqualTo(MediaType.OCI_LAYER_ZSTD);
    }
}
