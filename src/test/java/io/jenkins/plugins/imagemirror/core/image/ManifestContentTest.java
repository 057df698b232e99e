package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestContentTest {
    private static final String DIG = "sha256:" + "0".repeat(64);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsManifestBytesVerbatimSoTheDigestSurvives() {
        String json = "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"" + MediaType.DOCKER_MANIFEST + "\",\n"
                + "  \"config\": {\"mediaType\": \"" + MediaType.DOCKER_CONFIG + "\", \"size\": 7, \"digest\": \"" + DIG
                + "\"},\n"
                + "  \"layers\": [{\"mediaType\": \"" + MediaType.DOCKER_LAYER_GZIP
                + "\", \"size\": 100, \"digest\": \"" + DIG + "\"}]\n}";
        ManifestContent content = ManifestContent.parse(utf8(json), null);
        assertThat(content).isInstanceOf(Manifest.class);
        Manifest m = (Manifest) content;
        assertThat(m.bytes()).isEqualTo(utf8(json));
        assertThat(m.digest()).isEqualTo(Digest.sha256(json));
        assertThat(m.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(m.config().size()).isEqualTo(7);
        assertThat(m.compressedLayerBytes()).isEqualTo(100);
    }

    @Test
    void writesDeterministicIndexesAndReadsThemBack() {
        Descriptor amd = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256("a"), 10)
                .withPlatform(Platform.parse("linux/amd64"));
        Descriptor arm = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256("b"), 11)
                .withPlatform(Platform.parse("linux/arm64/v8"));
        ImageIndex index = ImageIndex.create(MediaType.OCI_INDEX, List.of(amd, arm), Map.of("z", "1", "a", "2"));
        ImageIndex again = ImageIndex.create(MediaType.OCI_INDEX, List.of(amd, arm), Map.of("a", "2", "z", "1"));
        assertThat(index.bytes()).isEqualTo(again.bytes());
        assertThat(new String(index.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"schemaVersion\":2,\"mediaType\":\""
                        + MediaType.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\"" + MediaType.OCI_MANIFEST
                        + "\",\"digest\":\""
                        + Digest.sha256("a")
                        + "\",\"size\":10,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                        + "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + Digest.sha256("b")
                        + "\",\"size\":11,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}],"
                        + "\"annotations\":{\"a\":\"2\",\"z\":\"1\"}}");
        assertThat(index.find(Platform.parse("linux/arm64"))).contains(arm);
        assertThat(((ImageIndex) ManifestContent.parse(index.bytes(), null)).manifests())
                .containsExactly(amd, arm);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]}       | Docker schema 1 is not supported
            {"schemaVersion":3,"config":{}}                              | schemaVersion must be 2
            not json                                                    | not valid JSON
            []                                                          | expected a JSON object
            {"schemaVersion":2,"mediaType":"text/plain"}                | unsupported media type 'text/plain'
            {"schemaVersion":2,"schemaVersion":2,"manifests":[]}         | not valid JSON
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a","digest":"sha256:00","size":1},"layers":[]} | expected 64 lower-case hex
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a","digest":"DIG","size":-1},"layers":[]}   | negative size
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a","digest":"DIG","size":1.5},"layers":[]}  | 'size' must be an integer
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"}   | 'manifests' is required
            """)
    void rejectsBadDocumentsPrecisely(String json, String message) {
        assertThatThrownBy(() -> ManifestContent.parse(utf8(json.replace("DIG", DIG)), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void schema1ByContentTypeIsUnsupported() {
        assertThatThrownBy(() -> ManifestContent.parse(utf8("{\"schemaVersion\":2}"), MediaType.DOCKER_SCHEMA1_SIGNED))
                .hasMessageContaining("schema 1 is not supported");
    }

    @Test
    void configGivesPlatformDiffIdsAndLayerOrigins() {
        String json = "{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + DIG + "\",\"" + DIG + "\"]},\"history\":[{\"created_by\":\"COPY a /\"},"
                + "{\"created_by\":\"ENV x=1\",\"empty_layer\":true},{\"created_by\":\"COPY b /\"}],"
                + "\"config\":{\"Labels\":{\"k\":\"<script>\"}}}";
        ImageConfig config = ImageConfig.parse(utf8(json));
        assertThat(config.platform()).isEqualTo(Platform.parse("linux/arm64/v8"));
        assertThat(config.diffIds()).hasSize(2);
        assertThat(config.layerOrigins()).containsExactly("COPY a /", "COPY b /");
        assertThat(config.labels()).containsEntry("k", "<script>");
    }
}
