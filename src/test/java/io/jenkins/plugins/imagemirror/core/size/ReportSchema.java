package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** resources/schema/image-sizes.schema.json, for every test that writes an image-sizes.json. */
public final class ReportSchema {
    private ReportSchema() {}

    public static JsonSchema schema() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("resources/schema/image-sizes.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
    }

    /** Validates {@code json} against the schema; returns it parsed. */
    public static JsonNode assertValid(byte[] json) throws IOException {
        JsonNode node = new ObjectMapper().readTree(json);
        Set<ValidationMessage> errors = schema().validate(node);
        assertThat(errors).as("schema violations").isEmpty();
        return node;
    }
}
