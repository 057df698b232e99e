package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented rules (docs/steps.md) that decide whether a {@code source} is a workspace path or an image. */
class SourceFormTest {
    @TempDir
    Path workspace;

    @ParameterizedTest(name = "{0} (image in workspace: {1}) → {2}")
    @CsvSource({
        // 1. an explicit prefix always wins, whatever the workspace holds
        "oci-archive:out/app.tar,      false, OCI_ARCHIVE,    out/app.tar",
        "docker-archive:app.tar:a:1,   false, DOCKER_ARCHIVE, app.tar:a:1",
        "oci:layout,                   true,  OCI_LAYOUT,     layout",
        "docker://out/app.tar,         true,  REGISTRY,       out/app.tar",
        "docker://alpine:3.20,         true,  REGISTRY,       alpine:3.20",
        // 2. path-looking text is a workspace path, present or not (a missing file is then named, not pulled)
        "out/app.tar,                  false, WORKSPACE_PATH, out/app.tar",
        "out/APP.TAR,                  false, WORKSPACE_PATH, out/APP.TAR",
        "out/app.tar.gz,               false, WORKSPACE_PATH, out/app.tar.gz",
        "app.tgz,                      false, WORKSPACE_PATH, app.tgz",
        "./build/layout,               false, WORKSPACE_PATH, ./build/layout",
        "../shared/app,                false, WORKSPACE_PATH, ../shared/app",
        "/var/cache/images/app,        false, WORKSPACE_PATH, /var/cache/images/app",
        // 3. a file, or a directory holding oci-layout, in the workspace
        "build/layout,                 true,  WORKSPACE_PATH, build/layout",
        // 4. anything else is a registry image
        "build/layout,                 false, REGISTRY,       build/layout",
        "alpine:3.20,                  false, REGISTRY,       alpine:3.20",
        "registry.corp:5000/app:1.0,   false, REGISTRY,       registry.corp:5000/app:1.0"
    })
    void rulesInOrder(String source, boolean imageInWorkspace, SourceForm form, String stripped) {
        assertThat(SourceForm.of(source, imageInWorkspace)).isEqualTo(form);
        assertThat(form.strip(source)).isEqualTo(stripped);
    }

    @Test
    void onlyFilesAndLayoutDirectoriesAreImagesInTheWorkspace() throws IOException {
        Files.createDirectories(workspace.resolve("nginx"));
        Files.createDirectories(workspace.resolve("build/layout"));
        Files.writeString(workspace.resolve("build/layout/oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(workspace.resolve("image"), "x");
        assertThat(WorkspaceSource.holdsImage(workspace, "nginx"))
                .as("a checkout's folder is not an image")
                .isFalse();
        assertThat(WorkspaceSource.holdsImage(workspace, "build/layout")).isTrue();
        assertThat(WorkspaceSource.holdsImage(workspace, "image")).isTrue();
        assertThat(WorkspaceSource.holdsImage(workspace, "alpine:3.20")).isFalse();
    }

    @Test
    void aBareWorkspacePathIsOpenedByItsContent() throws IOException {
        assertThat(WorkspaceSource.kindOf(tar("oci.tar", "oci-layout", "index.json", "blobs/sha256/x"), "s"))
                .isEqualTo(SourceForm.OCI_ARCHIVE);
        assertThat(WorkspaceSource.kindOf(tar("hybrid.tar", "blobs/sha256/x", "manifest.json", "index.json"), "s"))
                .isEqualTo(SourceForm.OCI_ARCHIVE);
        assertThat(WorkspaceSource.kindOf(tar("docker.tar", "abc/layer.tar", "./manifest.json", "repositories"), "s"))
                .isEqualTo(SourceForm.DOCKER_ARCHIVE);
        Files.createDirectories(workspace.resolve("layout"));
        Files.writeString(workspace.resolve("layout/oci-layout"), "{}");
        assertThat(WorkspaceSource.kindOf(workspace.resolve("layout"), "s")).isEqualTo(SourceForm.OCI_LAYOUT);
    }

    @Test
    void whatIsNoImageIsNamedOnOneLine() throws IOException {
        Path plain = tar("plain.tar", "README", "src/main.c");
        assertThatThrownBy(() -> WorkspaceSource.kindOf(plain, "mirrorImage: source 'plain.tar'"))
                .hasMessage("mirrorImage: source 'plain.tar': " + plain + " is not an image archive (no oci-layout,"
                        + " index.json or manifest.json in it); give a tar written by docker save, skopeo or this"
                        + " plugin's 'tarball'");
        Path gz = workspace.resolve("app.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(plain));
        }
        assertThatThrownBy(() -> WorkspaceSource.kindOf(gz, "mirrorImage: source 'app.tar.gz'"))
                .hasMessage("mirrorImage: source 'app.tar.gz': " + gz + " is gzip-compressed; image archives are plain"
                        + " tar files: gunzip it first");
        Files.createDirectories(workspace.resolve("src"));
        assertThatThrownBy(() -> WorkspaceSource.kindOf(workspace.resolve("src"), "mirrorImage: source './src'"))
                .hasMessage("mirrorImage: source './src': directory " + workspace.resolve("src") + " has no oci-layout"
                        + " file; give an OCI image layout directory or an image archive (a tar)");
    }

    private Path tar(String name, String... entries) throws IOException {
        Path file = workspace.resolve(name);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            for (String entry : entries) {
                byte[] content = ("content of " + entry).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(entry);
                e.setSize(content.length);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return file;
    }
}
