package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {
    private static ErrorBody parse(String s) {
        return ErrorBody.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void registryErrors() {
        assertThat(parse("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate"
                        + " limit.\"}]}\n"))
                .isEqualTo(new ErrorBody("TOOMANYREQUESTS", "TOOMANYREQUESTS: You have reached your pull rate limit."));
        assertThat(parse("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\","
                        + "\"detail\":{\"Tag\":\"x\"}},{\"code\":\"NAME_UNKNOWN\"}]}"))
                .isEqualTo(new ErrorBody("MANIFEST_UNKNOWN", "MANIFEST_UNKNOWN: manifest unknown; NAME_UNKNOWN"));
    }

    @Test
    void otherBodiesGiveAShortSingleLineExcerpt() {
        assertThat(parse("<html><body><h1>502 Bad Gateway</h1>\n<hr>nginx</body></html>"))
                .isEqualTo(new ErrorBody(null, "502 Bad Gateway nginx"));
        assertThat(parse("")).isEqualTo(new ErrorBody(null, null));
        assertThat(parse("x".repeat(1000)).summary()).hasSize(200).endsWith("...");
    }
}
