package io.jenkins.plugins.imagemirror.core.build.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.util.List;
import java.util.Map;

/**
 * The YAML build file, modelled on Jib CLI's: {@code apiVersion}, {@code kind}, {@code from}, {@code creationTime},
 * {@code format}, {@code environment}, {@code labels}, {@code volumes}, {@code exposedPorts}, {@code user},
 * {@code workingDirectory}, {@code entrypoint}, {@code cmd}, {@code layers}. Unknown fields are errors.
 */
record BuildFileModel(
        @JsonProperty(required = true) String apiVersion,
        @JsonProperty(required = true) String kind,
        From from,
        String creationTime,
        String format,
        Map<String, String> environment,
        Map<String, String> labels,
        List<String> volumes,
        List<String> exposedPorts,
        String user,
        String workingDirectory,
        List<String> entrypoint,
        List<String> cmd,
        Layers layers) {

    record From(String image, List<PlatformEntry> platforms) {}

    /** {@code linux/arm64} or {@code {os: linux, architecture: arm64, variant: v8}}. */
    record PlatformEntry(String os, String architecture, String variant) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static PlatformEntry of(String text) {
            Platform p = Platform.parse(text);
            return new PlatformEntry(p.os(), p.architecture(), p.variant());
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        PlatformEntry {}
    }

    record Properties(
            String filePermissions, String directoryPermissions, String user, String group, String timestamp) {}

    record Layers(Properties properties, List<Layer> entries) {}

    record Layer(@JsonProperty(required = true) String name, Properties properties, List<FileSet> files) {}

    record FileSet(
            @JsonProperty(required = true) String src,
            @JsonProperty(required = true) String dest,
            List<String> includes,
            List<String> excludes,
            Properties properties) {}
}
