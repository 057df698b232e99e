package io.jenkins.plugins.imagemirror.core.build.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML build file ({@link BuildFileModel}). {@code ${NAME}} anywhere is replaced by the build arg NAME
 * first (a missing one is an error). Errors carry the YAML line.
 */
final class BuildFileParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final List<String> API_VERSIONS = List.of("jib/v1alpha1", "image-mirror/v1");

    private BuildFileParser() {}

    static BuildFile parse(String file, String text, Map<String, String> buildArgs, Instant created)
            throws BuildInputException {
        String substituted = substitute(file, text, buildArgs);
        BuildFileModel model;
        try {
            model = YAML.readValue(substituted, BuildFileModel.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = new ArrayList<>();
            e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            known.sort(null);
            throw new BuildInputException(
                    file,
                    line(e.getLocation()),
                    "unknown field '" + e.getPropertyName() + "'; expected one of " + String.join(", ", known),
                    e);
        } catch (JsonProcessingException e) {
            throw new BuildInputException(
                    file,
                    line(e.getLocation()),
                    e.getOriginalMessage() + "; see resources/sample-image/build.yaml for the format",
                    e);
        }
        if (model == null) {
            throw new BuildInputException(
                    file,
                    0,
                    "the build file is empty; start with apiVersion: " + "image-mirror/v1 and kind: BuildFile");
        }
        if (!API_VERSIONS.contains(model.apiVersion())) {
            throw new BuildInputException(
                    file,
                    lineOf(text, "apiVersion"),
                    "unsupported apiVersion '" + model.apiVersion() + "'; use " + String.join(" or ", API_VERSIONS));
        }
        if (!"BuildFile".equals(model.kind())) {
            throw new BuildInputException(
                    file, lineOf(text, "kind"), "unsupported kind '" + model.kind() + "'; use BuildFile");
        }
        if (model.format() != null && !model.format().equalsIgnoreCase("OCI")) {
            throw new BuildInputException(
                    file,
                    lineOf(text, "format"),
                    "format '" + model.format() + "' is not "
                            + "supported; image-mirror writes OCI images (every runtime and registry reads them): use OCI");
        }
        Instant creation = created;
        if (model.creationTime() != null) {
            creation = instant(file, lineOf(text, "creationTime"), "creationTime", model.creationTime());
        }
        return new BuildFile(file, text, model, creation);
    }

    /** Milliseconds since the epoch (Jib CLI's form) or an ISO-8601 instant. */
    static Instant instant(String file, int line, String field, String value) throws BuildInputException {
        try {
            if (value.matches("\\d+")) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BuildInputException(
                    file,
                    line,
                    field + " '" + value + "' is neither milliseconds since the "
                            + "epoch nor an ISO-8601 instant like 2024-01-01T00:00:00Z",
                    e);
        }
    }

    private static String substitute(String file, String text, Map<String, String> buildArgs)
            throws BuildInputException {
        StringBuilder out = new StringBuilder();
        Matcher m = PARAMETER.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (!buildArgs.containsKey(name)) {
                throw new BuildInputException(
                        file,
                        lineAt(text, m.start()),
                        "${" + name + "} has no value; pass " + "--build-arg " + name + "=VALUE");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(buildArgs.get(name)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    static int lineOf(String text, String field) {
        Matcher m =
                Pattern.compile("(?m)^\\s*" + Pattern.quote(field) + "\\s*:").matcher(text);
        return m.find() ? lineAt(text, m.start()) : 0;
    }

    private static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
