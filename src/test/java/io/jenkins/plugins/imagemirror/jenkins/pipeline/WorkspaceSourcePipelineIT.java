package io.jenkins.plugins.imagemirror.jenkins.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.jenkins.RegistryLogin;
import io.jenkins.plugins.imagemirror.jenkins.RegistryProfile;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source: 'out/app.tar'} in a Jenkinsfile, run with JenkinsPipelineUnit and the real step code: the file in
 * the workspace is the image (the issue: it was read as the Docker Hub image {@code docker.io/out/app.tar}).
 */
class WorkspaceSourcePipelineIT {
    static final SeedImage APP = seed();

    @TempDir
    Path dir;

    @BeforeAll
    static void seedUpstream() throws IOException {
        APP.push(
                new RegistryClient(
                        RegistrySettings.defaults(Testbed.get().plain()).withPlainHttp(true)),
                "library/workspace-source",
                "1.0");
    }

    @Test
    void aWorkspaceTarballIsTheSource() throws Exception {
        Testbed bed = Testbed.get();
        List<RegistryProfile> registries = List.of(
                new RegistryProfile("docker.io", bed.plain(), null, null, true, 5),
                new RegistryProfile("corp", bed.tls(), "corp-push", PipelineExamplesIT.caPem(), false, 5));
        PipelineRun run = new PipelineRun(
                dir,
                registries,
                List.of(),
                Map.of("corp-push", new RegistryLogin("corp-push", bed.tlsUser(), bed.tlsPass())));
        run.run("src/test/resources/jenkinsfiles/workspace-tarball.Jenkinsfile");

        assertThat(run.results).hasSize(3);
        Map<String, Object> published = run.results.get(1);
        assertThat(published.get("digest")).isEqualTo(APP.digest());
        PipelineExamplesIT.assertPushed(published, 0, bed.tls() + "/mirror/app:1.0", APP.digest());
        assertThat(PipelineExamplesIT.tlsDigest("mirror/app", "1.0")).isEqualTo(APP.digest());
        assertThat(run.log())
                .contains("published " + bed.tls() + "/mirror/app:1.0@" + APP.digest())
                .contains("out/app.tar weighs " + APP.compressedBytes() + " bytes in a registry")
                .doesNotContain("out/app.tar:latest")
                .doesNotContain(bed.tlsPass());
        assertThat(run.results.get(2).get("digest")).isEqualTo(APP.digest());

        // two calls of this build archive a report: each keeps its own files, the first under the plain names
        assertThat(published.get("artifacts"))
                .isEqualTo(List.of("image-digests.env", "image-sizes.json", "image-sizes.html", "image-sizes.css"));
        assertThat(run.results.get(2).get("artifacts"))
                .isEqualTo(List.of("image-sizes-2.json", "image-sizes-2.html", "image-sizes.css"));
        assertThat(Files.readString(run.archive.resolve("image-sizes.json"))).contains(bed.tls() + "/mirror/app");
        assertThat(Files.readString(run.archive.resolve("image-sizes-2.json")))
                .contains(APP.digest())
                .doesNotContain(bed.tls() + "/mirror/app");
        assertThat(Files.readString(run.archive.resolve("image-sizes-2.html")))
                .contains("<link rel=\"stylesheet\" href=\"image-sizes.css\">");
    }

    private static SeedImage seed() {
        try {
            return new SeedImage("workspace-source");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
