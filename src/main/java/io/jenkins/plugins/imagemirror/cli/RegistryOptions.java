package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.registry.DockerConfigFile;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The registry options every verb shares; builds the per-host {@link Registries}. */
final class RegistryOptions {
    @Option(
            names = "--authfile",
            paramLabel = "FILE",
            description = "Docker config.json with registry credentials (its \"auths\"), e.g. ~/.docker/config.json.")
    Path authfile;

    @Option(
            names = "--ca-cert",
            paramLabel = "HOST=PEM",
            description = "Trust the CA certificate(s) in PEM file for HOST, in addition to the JDK's. Repeatable.")
    Map<String, Path> caCerts = new LinkedHashMap<>();

    @Option(
            names = "--plain-http",
            paramLabel = "HOST",
            description = "Talk plain HTTP (no TLS) to HOST, e.g. 127.0.0.1:5000. Repeatable.")
    List<String> plainHttp = new ArrayList<>();

    @Option(
            names = "--max-retry-wait",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description =
                    "Longest total wait on 429/503 (Retry-After) and backoff per request (default ${DEFAULT-VALUE}).")
    long maxRetryWaitSeconds;

    Registries registries() throws IOException {
        if (maxRetryWaitSeconds < 0) {
            throw new IllegalArgumentException("--max-retry-wait must be >= 0, was " + maxRetryWaitSeconds);
        }
        Duration wait = Duration.ofSeconds(maxRetryWaitSeconds);
        Registries registries = Registries.defaults()
                .withDefault(
                        RegistrySettings.defaults("default").withRetries(RegistrySettings.DEFAULT_MAX_ATTEMPTS, wait));
        for (String host : plainHttp) {
            registries = registries.with(registries.settings(host).withPlainHttp(true));
        }
        for (Map.Entry<String, Path> ca : caCerts.entrySet()) {
            String pem;
            try {
                pem = Files.readString(ca.getValue(), StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(
                        "--ca-cert " + ca.getKey() + "=" + ca.getValue() + ": no such file", e);
            }
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException("--ca-cert " + ca.getKey() + "=" + ca.getValue()
                        + ": not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
            }
            registries = registries.with(registries.settings(ca.getKey()).withCaCertificatePem(pem));
        }
        if (authfile != null) {
            try {
                registries = registries.withCredentials(DockerConfigFile.read(authfile));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--authfile " + authfile + ": no such file", e);
            }
        }
        return registries;
    }
}
