package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our SHA-256 for bytes in memory gives the JDK's digest: the standard's vectors, every padding case, random data. */
class Sha256Test {
    @Test
    void theStandardsExamples() {
        assertThat(hex(Sha256.digest(new byte[0])))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hex(Sha256.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
                        .getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void everyLengthAcrossThreeBlocksMatchesTheJdk() throws Exception {
        // lengths 0..200 cover the tail in one block (rest <= 55), in two (56..63) and whole blocks, three times
        Random random = new Random(42);
        for (int length = 0; length <= 200; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(hex(Sha256.digest(data))).as("length %d", length).isEqualTo(jdk(data));
        }
    }

    @Test
    void randomDocumentsMatchTheJdk() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] data = new byte[random.nextInt(i < 290 ? 20_000 : 3_000_000)];
            random.nextBytes(data);
            assertThat(hex(Sha256.digest(data))).as("%d bytes", data.length).isEqualTo(jdk(data));
        }
    }

    @Test
    void digestSha256IsThisOne() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        assertThat(Digest.sha256(manifest)).isEqualTo(new Digest("sha256", jdk(manifest)));
        assertThat(Digest.compute("sha256", manifest)).isEqualTo(Digest.sha256(manifest));
        assertThat(Digest.compute("sha512", manifest))
                .isEqualTo(new Digest(
                        "sha512", hex(MessageDigest.getInstance("SHA-512").digest(manifest))));
    }

    private static String jdk(byte[] data) throws Exception {
        return hex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
