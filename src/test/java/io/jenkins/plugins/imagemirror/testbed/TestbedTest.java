package io.jenkins.plugins.imagemirror.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The env file contract and the helpers that need no running bed. */
class TestbedTest {
    @TempDir
    Path dir;

    @Test
    void readsKeyValueLinesSplitAtTheFirstEquals() throws Exception {
        Path env = Files.writeString(
                dir.resolve("testbed.env"),
                String.join(
                        "\n",
                        "TESTBED_DIR=" + dir,
                        "PLAIN=127.0.0.1:15000",
                        "TLS=127.0.0.1:15001",
                        "TLS_USER=testuser",
                        "TLS_PASS=a=b=c",
                        "TOKEN=127.0.0.1:15002",
                        "TOKEN_TTL=300",
                        "PODMAN_ARGS=--root /r --runroot /rr --storage-driver vfs",
                        ""));
        Testbed bed = Testbed.load(env);
        assertThat(bed.plain()).isEqualTo("127.0.0.1:15000");
        assertThat(bed.tlsPass()).isEqualTo("a=b=c");
        assertThat(bed.tokenTtl().toSeconds()).isEqualTo(300);
        assertThat(bed.podmanArgs()).containsExactly("--root", "/r", "--runroot", "/rr", "--storage-driver", "vfs");
        assertThat(bed.isTls("127.0.0.1:15001")).isTrue();
        assertThat(bed.isTls("127.0.0.1:15000")).isFalse();
        assertThat(bed.toString()).contains("127.0.0.1:15000").doesNotContain("a=b=c");
        assertThat(RegistryAccess.of(bed, "127.0.0.1:15001").toString()).doesNotContain("a=b=c");
        assertThatThrownBy(() -> bed.value("DOCKER_HOST")).hasMessageContaining("has no DOCKER_HOST");
    }

    @Test
    void missingFileSaysHowToStartTheBed() {
        assertThatThrownBy(() -> Testbed.load(dir.resolve("absent.env")))
                .hasMessageContaining("does not exist")
                .hasMessageContaining("bash resources/testbed/testbed.sh up target/testbed")
                .hasMessageContaining("-Dtestbed.skip=true");
    }

    @Test
    void ctrRoundsLikeGoPercentPointOneF() {
        // rows: bytes -> what `ctr images ls` prints (1024-based, one decimal, ties to even on the exact value)
        List<Object[]> rows = List.of(
                new Object[] {0L, "0.0 B"},
                new Object[] {734L, "734.0 B"},
                new Object[] {1023L, "1023.0 B"},
                new Object[] {1024L, "1.0 KiB"},
                new Object[] {1280L, "1.2 KiB"},
                new Object[] {1331L, "1.3 KiB"},
                new Object[] {1075L, "1.0 KiB"},
                new Object[] {119_428_383L + 1_234L, "113.9 MiB"},
                new Object[] {3L << 30, "3.0 GiB"});
        for (Object[] row : rows) {
            assertThat(ContainerdImageSize.printed((Long) row[0]))
                    .as("%s bytes", row[0])
                    .isEqualTo(row[1]);
        }
    }

    @Test
    void commandFailuresCarryStderrWithSecretsMasked() {
        assertThatThrownBy(() -> Command.of("sh", "-c", "echo \"bad password $0\" >&2; exit 3", "s3cret")
                        .secret("s3cret")
                        .run())
                .hasMessageContaining("exited with 3")
                .hasMessageContaining("bad password ***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void referenceHostIsThePartBeforeTheFirstSlash() {
        assertThat(RegistryAccess.host("127.0.0.1:5000/team/app:1.0")).isEqualTo("127.0.0.1:5000");
        assertThatThrownBy(() -> RegistryAccess.host("app:1.0")).hasMessageContaining("without a registry host");
    }
}
