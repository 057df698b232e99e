package io.jenkins.plugins.imagemirror.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the digests of built images: the same inputs give the same bytes, across refactorings of how manifests and
 * configs are composed. The base is a Docker v2 image as registries serve it (descriptor keys in Docker's order,
 * Docker media types, stale build fields, a null Labels), which a rewrite of the manifest or config would change.
 */
class BuiltImageDigestTest {
    @TempDir
    Path tmp;

    private Path context() throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.createDirectories(context.resolve("app"));
        Files.writeString(context.resolve("app/config.txt"), "a=1\n");
        Files.writeString(context.resolve("README.md"), "docs\n");
        return context;
    }

    private BuildResult build(Path context, String dockerfile, List<String> platforms, Map<String, String> args)
            throws Exception {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return new ImageBuilder(line -> {})
                .build(
                        new BuildSpec(
                                context,
                                null,
                                null,
                                args,
                                platforms,
                                tmp.resolve("cache"),
                                tmp.resolve("out-" + platforms.size() + args.size()),
                                null,
                                null),
                        Map.of());
    }

    @Test
    void scratchImagesKeepTheirDigests() throws Exception {
        Path context = context();
        String dockerfile = "FROM scratch\nENV A=1 B=2\nCOPY app/ /app/\nLABEL x=y\nEXPOSE 8080/udp\n"
                + "VOLUME /data\nUSER 1000\nWORKDIR /app\nHEALTHCHECK --interval=5s CMD [\"/bin/true\"]\n"
                + "STOPSIGNAL SIGTERM\nENTRYPOINT [\"/app/run\"]\nONBUILD COPY . /src\n";
        assertThat(build(context, dockerfile, List.of("linux/amd64"), Map.of()).digest())
                .isEqualTo("sha256:069be928701642a82a755a7ed315a4392288efa49f739e6619d6c25c0d9d51f9");
        assertThat(build(context, dockerfile, List.of("linux/amd64", "linux/arm64"), Map.of())
                        .digest())
                .isEqualTo("sha256:39c257ab20a7c60d7d821425523937292127e130d8cc58fbfb7c35a58cd241d4");
    }

    @Test
    void imagesOnADockerBaseKeepTheirDigests() throws Exception {
        Path base = dockerBase(tmp.resolve("base"));
        Path context = context();
        String dockerfile =
                "ARG BASE\nFROM $BASE\nENV PATH=/app:$PATH\nCOPY README.md /docs/\nLABEL a=b\n" + "CMD [\"run\"]\n";
        assertThat(build(context, dockerfile, List.of("linux/amd64"), Map.of("BASE", "oci:" + base))
                        .digest())
                .isEqualTo("sha256:7f536aa2b0bbd1a2bd3a690ea086d4c89943aaa35b8058bd90a4d202ec639d57");
    }

    /** A one-layer Docker v2 image in an OCI layout, written byte by byte. */
    private static Path dockerBase(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
            TarArchiveEntry etc = new TarArchiveEntry("etc/");
            etc.setModTime(0);
            etc.setUserName("");
            etc.setGroupName("");
            tar.putArchiveEntry(etc);
            tar.closeArchiveEntry();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tarBytes.toByteArray());
        }
        String layer = blob(dir, gz.toByteArray());
        String config = "{\"architecture\":\"amd64\",\"config\":{\"Hostname\":\"\",\"Env\":[\"PATH=/usr/bin:/bin\"],"
                + "\"Cmd\":[\"sh\"],\"Labels\":null,\"OnBuild\":null},\"container\":\"abc\",\"container_config\":{},"
                + "\"created\":\"2024-01-01T00:00:00Z\",\"docker_version\":\"20.10\",\"weight\":1.5,"
                + "\"history\":[{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"ADD rootfs\"}],"
                + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
                + sha256(tarBytes.toByteArray()) + "\"]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(dir, configBytes);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + configBytes.length + ",\"digest\":\"sha256:" + configDigest + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + gz.size()
                + ",\"digest\":\"sha256:"
                + layer + "\"}]}";
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        String manifestDigest = blob(dir, manifestBytes);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(
                dir.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                        + "\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"sha256:"
                        + manifestDigest
                        + "\",\"size\":" + manifestBytes.length + "}]}");
        return dir;
    }

    private static String blob(Path dir, byte[] bytes) throws Exception {
        String hex = sha256(bytes);
        Files.write(dir.resolve("blobs/sha256").resolve(hex), bytes);
        return hex;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
