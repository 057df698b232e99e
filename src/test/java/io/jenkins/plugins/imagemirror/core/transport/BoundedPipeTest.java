package io.jenkins.plugins.imagemirror.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedPipeTest {

    @Test
    void carriesManyTimesItsCapacityInOrder() throws Exception {
        BoundedPipe pipe = new BoundedPipe(1000);
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = pipe.input()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[777];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    md.update(buf, 0, n);
                }
                return md.digest();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        for (int off = 0; off < data.length; off += 4096) {
            pipe.write(data, off, Math.min(4096, data.length - off));
        }
        pipe.closeWriter();
        assertThat(read.get(10, TimeUnit.SECONDS))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void failedWriterFailsTheReader() throws Exception {
        BoundedPipe pipe = new BoundedPipe(16);
        pipe.write(new byte[8], 0, 8);
        pipe.failWriter(new IOException("aborted by the copy"));
        assertThatThrownBy(() -> pipe.input().read(new byte[8], 0, 8)).hasMessage("aborted by the copy");
    }

    @Test
    void failedReaderUnblocksAndFailsTheWriter() throws Exception {
        BoundedPipe pipe = new BoundedPipe(16);
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                pipe.write(new byte[64], 0, 64); // blocks: nobody reads
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        assertThat(write).isNotDone();
        pipe.closeReader(new IOException("pushing blob x: HTTP 401 Unauthorized"));
        assertThatThrownBy(() -> write.get(5, TimeUnit.SECONDS))
                .hasRootCauseMessage("pushing blob x: HTTP 401 Unauthorized");
    }
}
