package io.jenkins.plugins.imagemirror.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
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
        Files.writeString(
                context.resolve("Dockerfile"),
                String.join(
                        "\n",
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
        return new BuildSpec(
                context, null, null, Map.of(), platforms, tmp.resolve(cache), tmp.resolve(out), null, null);
    }

    private BuildResult build(BuildSpec spec) throws Exception {
        return new ImageBuilder(log::add).build(spec, Map.of());
    }

    @Test
    void buildsOnScratchWithConfigAndLayers() throws Exception {
        Path context = context();
        BuildSpec spec = new BuildSpec(
                context,
                null,
                null,
                Map.of("VERSOIN", "1"),
                List.of("linux/amd64"),
                tmp.resolve("cache"),
                tmp.resolve("out"),
                null,
                null);
        BuildResult result = build(spec);
        assertThat(log).contains("warning: build args [VERSOIN] were not consumed: Dockerfile has no ARG for them");
        assertThat(result.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode manifest = blob(result.layout(), result.digest());
        JsonNode config = blob(result.layout(), manifest.at("/config/digest").asText());
        assertThat(config.at("/created").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(config.at("/architecture").asText()).isEqualTo("amd64");
        assertThat(config.at("/config/Env").toString())
                .isEqualTo(
                        "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"APP_HOME=/opt/app\"]");
        assertThat(config.at("/config/Entrypoint").toString()).isEqualTo("[\"/opt/app/bin/run\"]");
        assertThat(config.at("/config/Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"--serve\"]");
        assertThat(config.at("/config/User").asText()).isEqualTo("1000:1000");
        assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/opt/app");
        assertThat(config.at("/config/ExposedPorts").toString()).isEqualTo("{\"8080/tcp\":{}}");
        assertThat(config.at("/config/Labels").toString()).isEqualTo("{\"org.opencontainers.image.title\":\"sample\"}");
        assertThat(manifest.get("layers")).hasSize(2);
        assertThat(config.at("/rootfs/diff_ids")).hasSize(2);
        assertThat(config.at("/history")).hasSize(9);
        assertThat(result.images().get(0).layers())
                .extracting(BuildResult.Layer::createdBy)
                .containsExactly("COPY --chown=1000:1000 app/ $APP_HOME/", "COPY README.md /docs/");
        assertThat(result.images().get(0).layers())
                .extracting(BuildResult.Layer::line)
                .containsExactly(3, 4);
        List<String> entries = LayerEntries.list(result.layout()
                .resolve("blobs/sha256")
                .resolve(manifest.at("/layers/0/digest").asText().substring(7)));
        assertThat(entries)
                .containsExactly(
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
        Files.setLastModifiedTime(
                context.resolve("app/config.txt"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        BuildResult second = build(spec(context, "cache2", "out2", List.of("linux/amd64")));
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.images().get(0).layers()).allMatch(BuildResult.Layer::compressed);
    }

    @Test
    void sourceDateEpochSetsCreationTime() throws Exception {
        Path context = context();
        BuildResult a = new ImageBuilder(log::add)
                .build(spec(context, "c", "o1", List.of("linux/amd64")), Map.of("SOURCE_DATE_EPOCH", "1700000000"));
        JsonNode config = blob(
                a.layout(), blob(a.layout(), a.digest()).at("/config/digest").asText());
        assertThat(config.at("/created").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(config.at("/history/0/created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    }

    @Test
    void rebuildWithOneChangedFileRecompressesOnlyThatLayer() throws Exception {
        Path context = context();
        BuildResult first = build(spec(context, "cache", "out1", List.of("linux/amd64")));
        assertThat(first.images().get(0).layers())
                .extracting(BuildResult.Layer::compressed)
                .containsExactly(true, true);
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
        assertThat(index.at("/manifests/0/platform").toString())
                .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        assertThat(index.at("/manifests/1/platform").toString())
                .isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\"}");
        assertThat(result.images().get(0).layers())
                .isEqualTo(result.images().get(1).layers());
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
        Files.writeString(
                child.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "ARG BASE",
                        "FROM ${BASE}",
                        "ENV APP_HOME=/srv EXTRA=$APP_HOME/extra",
                        "COPY extra.txt ./",
                        "ENTRYPOINT [\"/srv/extra\"]",
                        ""));
        BuildSpec spec = new BuildSpec(
                child,
                null,
                null,
                Map.of("BASE", "oci:" + base.layout()),
                List.of("linux/arm64"),
                tmp.resolve("cache"),
                tmp.resolve("child-out"),
                null,
                null);
        BuildResult result = build(spec);
        assertThat(result.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode manifest = blob(result.layout(), result.digest());
        JsonNode config = blob(result.layout(), manifest.at("/config/digest").asText());
        assertThat(config.at("/architecture").asText()).isEqualTo("arm64");
        assertThat(config.at("/config/Env").toString())
                .isEqualTo("[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin"
                        + ":/usr/bin:/sbin:/bin\",\"APP_HOME=/srv\",\"EXTRA=/opt/app/extra\"]");
        assertThat(config.at("/config/Cmd").isMissingNode()).isTrue();
        assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/opt/app");
        assertThat(config.at("/config/User").asText()).isEqualTo("1000:1000");
        assertThat(config.at("/history")).hasSize(9 + 3);
        List<BuildResult.Layer> layers = result.images().get(0).layers();
        assertThat(layers).extracting(BuildResult.Layer::fromBase).containsExactly(true, true, false);
        assertThat(layers.subList(0, 2))
                .isEqualTo(List.of(
                        base.images().get(1).layers().get(0).withBase("oci:" + base.layout()),
                        base.images().get(1).layers().get(1).withBase("oci:" + base.layout())));
        assertThat(LayerEntries.list(result.layout()
                        .resolve("blobs/sha256")
                        .resolve(layers.get(2).digest().substring(7))))
                .containsExactly("opt/ 755 0:0", "opt/app/ 755 0:0", "opt/app/extra.txt 644 0:0");
    }

    @Test
    void baseOnBuildTriggersRunAfterFromOrFailLikeTheInstruction() throws Exception {
        Path context = context();
        Files.writeString(
                context.resolve("Dockerfile"), "FROM scratch\nONBUILD ENV FROM_TRIGGER=yes\n" + "ONBUILD RUN make\n");
        BuildResult base = build(spec(context, "cache", "base", List.of("linux/amd64")));
        Files.writeString(context.resolve("Dockerfile"), "ARG BASE\nFROM $BASE\nLABEL a=b\n");
        BuildSpec child = new BuildSpec(
                context,
                null,
                null,
                Map.of("BASE", "oci:" + base.layout()),
                List.of("linux/amd64"),
                tmp.resolve("cache"),
                tmp.resolve("child"),
                null,
                null);
        assertThatThrownBy(() -> build(child))
                .isInstanceOf(BuildInputException.class)
                .hasMessage("Dockerfile:2: ONBUILD trigger 'RUN make' of base image oci:" + base.layout() + ": RUN "
                        + "needs a container runtime; image-mirror builds without one: do the work in an earlier "
                        + "pipeline step and COPY its output");
    }

    @Test
    void identicalLayersStayTwoLayers() throws Exception {
        Path context = context();
        Files.writeString(
                context.resolve("Dockerfile"), "FROM scratch\nCOPY README.md /r\nLABEL x=y\nCOPY README.md /r\n");
        BuildResult result = build(spec(context, "cache", "out", List.of("linux/amd64")));
        List<BuildResult.Layer> layers = result.images().get(0).layers();
        assertThat(layers).extracting(BuildResult.Layer::line).containsExactly(2, 4);
        assertThat(layers.get(0).digest()).isEqualTo(layers.get(1).digest());
        assertThat(layers).allMatch(BuildResult.Layer::compressed);
        assertThat(blob(result.layout(), result.digest()).get("layers")).hasSize(2);
    }

    /** A base with /usr/bin, /bin -> usr/bin (merged /usr), /opt, and /gone removed by a whiteout. */
    private Path mergedUsrBase() throws IOException {
        OciLayoutWriter layout = OciLayoutWriter.open(tmp.resolve("merged-usr"));
        List<String> diffIds = new ArrayList<>();
        List<Descriptor> layers = new ArrayList<>();
        for (String[][] entries : List.of(
                new String[][] {
                    {"usr/", "dir"}, {"usr/bin/", "dir"}, {"bin", "usr/bin"}, {"opt/", "dir"}, {"gone/", "dir"}
                },
                new String[][] {{".wh.gone", "file"}})) {
            java.io.ByteArrayOutputStream tarBytes = new java.io.ByteArrayOutputStream();
            try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                    new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tarBytes)) {
                for (String[] e : entries) {
                    org.apache.commons.compress.archivers.tar.TarArchiveEntry entry =
                            e[1].equals("dir") || e[1].equals("file")
                                    ? new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e[0])
                                    : new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                                            e[0], org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_SYMLINK);
                    if (!e[1].equals("dir") && !e[1].equals("file")) {
                        entry.setLinkName(e[1]);
                    }
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                }
            }
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
                out.write(tarBytes.toByteArray());
            }
            diffIds.add(Digest.sha256(tarBytes.toByteArray()).toString());
            layers.add(blob(layout, MediaType.OCI_LAYER_GZIP, gz.toByteArray()));
        }
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":"
                + "\"layers\",\"diff_ids\":" + JSON.writeValueAsString(diffIds) + "}}";
        Manifest manifest = Manifest.create(
                MediaType.OCI_MANIFEST,
                blob(layout, MediaType.OCI_CONFIG, config.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                layers,
                Map.of());
        layout.writeIndex(List.of(blob(layout, MediaType.OCI_MANIFEST, manifest.bytes())));
        return layout.directory();
    }

    private static Descriptor blob(OciLayoutWriter layout, String mediaType, byte[] bytes) throws IOException {
        Descriptor descriptor = Descriptor.ofContent(mediaType, bytes);
        layout.writeBlob(descriptor, bytes);
        return descriptor;
    }

    @Test
    void copyFollowsTheBasesSymlinksAndDirectoriesLikeDocker() throws Exception {
        Path base = mergedUsrBase();
        Path context = context();
        Files.writeString(
                context.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM oci:" + base,
                        "COPY README.md /bin/",
                        "COPY README.md /opt",
                        "COPY README.md /gone",
                        "WORKDIR /w",
                        "COPY README.md /w",
                        ""));
        BuildResult result = build(spec(context, "cache", "out", List.of("linux/amd64")));
        Path blobs = result.layout().resolve("blobs/sha256");
        List<BuildResult.Layer> layers = result.images().get(0).layers();
        assertThat(layers).hasSize(2 + 4);
        assertThat(LayerEntries.list(blobs.resolve(layers.get(2).digest().substring(7))))
                .containsExactly("usr/ 755 0:0", "usr/bin/ 755 0:0", "usr/bin/README.md 644 0:0");
        assertThat(LayerEntries.list(blobs.resolve(layers.get(3).digest().substring(7))))
                .containsExactly("opt/ 755 0:0", "opt/README.md 644 0:0");
        assertThat(LayerEntries.list(blobs.resolve(layers.get(4).digest().substring(7))))
                .containsExactly("gone 644 0:0");
        assertThat(LayerEntries.list(blobs.resolve(layers.get(5).digest().substring(7))))
                .containsExactly("w/ 755 0:0", "w/README.md 644 0:0");
    }

    @Test
    void dockerfileSpecificIgnoreFileWins() throws Exception {
        Path context = context();
        Path dockerfile = Files.writeString(tmp.resolve("prod.Dockerfile"), "FROM scratch\nCOPY app /app\n");
        Files.writeString(tmp.resolve("prod.Dockerfile.dockerignore"), "app/config.txt\n");
        BuildSpec spec = new BuildSpec(
                context,
                dockerfile,
                null,
                Map.of(),
                List.of("linux/amd64"),
                tmp.resolve("cache"),
                tmp.resolve("out"),
                null,
                null);
        BuildResult result = build(spec);
        String layer = result.images().get(0).layers().get(0).digest().substring(7);
        assertThat(LayerEntries.list(result.layout().resolve("blobs/sha256").resolve(layer)))
                .containsExactly("app/ 755 0:0", "app/bin/ 755 0:0", "app/bin/run 755 0:0", "app/secret.key 644 0:0");
    }

    @Test
    void cacheAndOutputInsideTheContextStayOutOfTheImage() throws Exception {
        Path context = context();
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");
        BuildSpec spec = new BuildSpec(
                context,
                null,
                null,
                Map.of(),
                List.of("linux/amd64"),
                context.resolve(".cache"),
                context.resolve("out"),
                null,
                null);
        BuildResult first = build(spec);
        BuildResult second = build(spec);
        assertThat(second.digest()).isEqualTo(first.digest());
        String layer = second.images().get(0).layers().get(0).digest().substring(7);
        assertThat(LayerEntries.list(second.layout().resolve("blobs/sha256").resolve(layer)))
                .noneMatch(e -> e.startsWith("ctx/.cache") || e.startsWith("ctx/out"));
    }

    /** A root file system as tar.gz: a directory, a file, a symbolic link, a hard link, owners and modes. */
    static void rootfs(Path file, boolean withDevice) throws IOException {
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file));
                org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry dir =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry("./bin/");
            dir.setMode(040755);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] bytes = "#!busybox".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            org.apache.commons.compress.archivers.tar.TarArchiveEntry busybox =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry("./bin/busybox");
            busybox.setMode(0104755);
            busybox.setSize(bytes.length);
            busybox.setModTime(1_600_000_000_000L);
            tar.putArchiveEntry(busybox);
            tar.write(bytes);
            tar.closeArchiveEntry();
            org.apache.commons.compress.archivers.tar.TarArchiveEntry sh =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                            "./bin/sh", org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_SYMLINK);
            sh.setLinkName("busybox");
            tar.putArchiveEntry(sh);
            tar.closeArchiveEntry();
            org.apache.commons.compress.archivers.tar.TarArchiveEntry ls =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                            "./bin/ls", org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_LINK);
            ls.setLinkName("./bin/busybox");
            ls.setMode(0104755); // as tar writes it: a hard link carries its target's mode (runtimes apply it)
            tar.putArchiveEntry(ls);
            tar.closeArchiveEntry();
            if (withDevice) {
                org.apache.commons.compress.archivers.tar.TarArchiveEntry null0 =
                        new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                                "dev/null", org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_CHR);
                tar.putArchiveEntry(null0);
                tar.closeArchiveEntry();
            }
        }
    }

    @Test
    void addOfARootFileSystemWithLinksOnScratch() throws Exception {
        Path context = context();
        rootfs(context.resolve("rootfs.tar.gz"), false);
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM scratch\nADD rootfs.tar.gz /\nADD rootfs.tar.gz /opt/" + "\nCMD [\"/bin/sh\"]\n");
        BuildResult first = build(spec(context, "cache", "out1", List.of("linux/amd64")));
        List<BuildResult.Layer> layers = first.images().get(0).layers();
        Path blobs = first.layout().resolve("blobs/sha256");
        List<String> listing = new ArrayList<>();
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(
                        blobs.resolve(layers.get(1).digest().substring(7))));
                org.apache.commons.compress.archivers.tar.TarArchiveInputStream tar =
                        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in)) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                listing.add(e.getName() + " " + Integer.toOctalString(e.getMode()) + " '" + e.getUserName() + "' "
                        + (e.isSymbolicLink()
                                ? "-> " + e.getLinkName()
                                : e.isLink() ? "=> " + e.getLinkName() : e.getSize()));
            }
        }
        assertThat(listing)
                .containsExactly(
                        "opt/ 40755 '' 0",
                        "opt/bin/ 40755 '' 0",
                        "opt/bin/busybox 104755 '' 9",
                        "opt/bin/sh 100644 '' -> busybox",
                        "opt/bin/ls 104755 '' => opt/bin/busybox");
        assertThat(layers).extracting(BuildResult.Layer::compressed).containsExactly(true, true);
        BuildResult again = build(spec(context, "cache", "out2", List.of("linux/amd64")));
        assertThat(again.digest()).isEqualTo(first.digest());
        assertThat(again.images().get(0).layers())
                .extracting(BuildResult.Layer::compressed)
                .containsExactly(false, false);
        assertThat(build(spec(context, "fresh", "out3", List.of("linux/amd64"))).digest())
                .isEqualTo(first.digest());
    }

    @Test
    void addRefusesDevices() throws Exception {
        Path context = context();
        rootfs(context.resolve("rootfs.tar.gz"), true);
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n\nADD rootfs.tar.gz /\n");
        assertThatThrownBy(() -> build(spec(context, "cache", "out", List.of("linux/amd64"))))
                .isInstanceOf(BuildInputException.class)
                .hasMessage("Dockerfile:3: ADD rootfs.tar.gz /: archive entry dev/null is a device or FIFO, which "
                        + "image-mirror does not put in a layer; repack the archive without it");
    }

    static JsonNode blob(Path layout, String digest) throws IOException {
        return JSON.readTree(
                layout.resolve("blobs/sha256").resolve(digest.substring(7)).toFile());
    }
}
