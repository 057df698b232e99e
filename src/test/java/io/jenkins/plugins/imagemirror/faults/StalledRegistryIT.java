package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryException;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A registry that accepts connections and then stops answering: every wait is bounded by the configured timeouts. */
class StalledRegistryIT {
    private static final int MIB = 1024 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    /**
     * The read timeout under test is short; the connect timeout is not under test and is far beyond any loaded
     * machine's pace (the proxy accepts at once). Each stall is total (the proxy never forwards again), so the read
     * timeout always fires and the outcome never depends on the machine's speed: the tests assert the message and
     * lower bounds (a timeout cannot fire early), never an upper elapsed-time bound; {@code @Timeout} guards hangs.
     */
    private static RegistrySettings patient(String host, int attempts) {
        return patient(host, attempts, READ_TIMEOUT);
    }

    private static RegistrySettings patient(String host, int attempts, Duration readTimeout) {
        return FaultBed.plain(host)
                .withTimeouts(Duration.ofSeconds(60), readTimeout)
                .withRetries(attempts, Duration.ofSeconds(3));
    }

    @Test
    @Timeout(60)
    void aRegistryThatNeverAnswersFailsWithinTheReadTimeoutSayingSo() throws Exception {
        try (FaultProxy proxy = new FaultProxy(BED.plain())) {
            proxy.inject(FaultProxy.Fault.STALL, 1000, Long.MAX_VALUE, 0); // requests go up, no byte comes back
            RegistryClient client = FaultBed.client(patient(proxy.address(), 2));
            long started = System.nanoTime();

            assertThatThrownBy(() -> client.headManifest("faults/stalled", "v1"))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("checking manifest of " + proxy.address() + "/faults/stalled:v1: ")
                    .hasMessageContaining("no response from " + proxy.address() + " within the read timeout")
                    .hasMessageContaining("gave up after 2 attempts");

            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).as("two read timeouts").isGreaterThanOrEqualTo(2 * READ_TIMEOUT.toSeconds() - 0.1);
            assertThat(proxy.faultsFired()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(90)
    void anUploadWhoseBodyStallsTimesOutAndFailsThatDestinationOnly() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("stall-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 701, 2 * MIB);
        try (FaultProxy proxy = new FaultProxy(BED.plain())) {
            // the registry stops reading the upload after 1 MiB: the client's writes block on a full socket
            proxy.inject(FaultProxy.Fault.STALL, 1000, MIB, Long.MAX_VALUE);
            RegistryClient viaProxy = FaultBed.client(patient(proxy.address(), 1));
            String stalled = FaultBed.repo("stall-dst");
            String good = FaultBed.repo("stall-good");

            CopyResult result = FaultBed.copy(
                    new CopyOptions(List.of(), 2, 1),
                    null,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(viaProxy, stalled, "v1"), FaultBed.destination(plain, good, "v1")));

            DestinationResult failed = result.destinations().get(0);
            assertThat(failed.status()).isEqualTo(DestinationResult.Status.FAILED);
            assertThat(failed.error())
                    .startsWith("pushing blob " + image.layer(0).digest() + " to docker://" + proxy.address() + "/"
                            + stalled + ":v1: ")
                    .contains("timed out: the upload made no progress for 2.0 s (read timeout)");
            assertThat(proxy.faultsFired()).isEqualTo(1);
            assertThat(result.destinations().get(1).status()).isEqualTo(DestinationResult.Status.PUSHED);
            FaultBed.assertComplete(plain, good, "v1", image.manifest.digest());
            FaultBed.assertAbsent(plain, stalled, "v1", image.manifest.digest());
        }
    }

    @Test
    @Timeout(60)
    void aSlowButProgressingUploadIsNotCutOffByTheReadTimeout() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("slow-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 702, 16 * MIB);
        try (FaultProxy proxy = new FaultProxy(BED.plain())) {
            // 16 MiB at 2 MiB/s take at least 8 s (the throttle is a lower bound on any machine), more than twice
            // this test's 3 s read timeout; the proxy forwards 16 KiB every 8 ms, so progress never pauses for 3 s
            // unless the machine stops this process for that long
            proxy.throttleUp(2 * MIB);
            RegistryClient viaProxy = FaultBed.client(patient(proxy.address(), 1, Duration.ofSeconds(3)));
            String to = FaultBed.repo("slow-dst");

            CopyResult result = FaultBed.copy(
                    new CopyOptions(List.of(), 1, 1),
                    null,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(viaProxy, to, "v1")));

            DestinationResult d = result.destinations().get(0);
            assertThat(d.status()).as(d.toString()).isEqualTo(DestinationResult.Status.PUSHED);
            assertThat(proxy.bytesForwardedUp()).isGreaterThan(16L * MIB);
            FaultBed.assertComplete(plain, to, "v1", image.manifest.digest());
        }
    }

    @Test
    @Timeout(60)
    void aSourceWhoseBlobDownloadStallsTimesOutInsteadOfHanging() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("stall-get-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 703, 4 * MIB);
        try (FaultProxy proxy = new FaultProxy(BED.plain())) {
            // every connection stops sending after 1 MiB down: only a blob download gets that far
            proxy.inject(FaultProxy.Fault.STALL, 1000, Long.MAX_VALUE, MIB);
            RegistryClient viaProxy = FaultBed.client(patient(proxy.address(), 1));
            String to = FaultBed.repo("stall-get-dst");

            assertThatThrownBy(() -> FaultBed.copy(
                            new CopyOptions(List.of(), 1, 2),
                            null,
                            FaultBed.source(viaProxy, from, "v1"),
                            List.of(FaultBed.destination(plain, to, "v1"))))
                    .hasMessageStartingWith("reading blob " + image.layer(0).digest() + " from docker://"
                            + proxy.address() + "/" + from + ":v1 (attempt 2 of 2): ")
                    .hasMessageContaining("no data for 2.0 s (read timeout)");

            assertThat(proxy.faultsFired()).isEqualTo(2);
            FaultBed.assertAbsent(plain, to, "v1", image.manifest.digest());
        }
    }

    @Test
    @Timeout(60)
    void aBigUploadThatStallsFailsWithinTheReadTimeoutNotAfterItsWholeBudget() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("stall-big-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 704, 48 * MIB);
        try (FaultProxy proxy = new FaultProxy(BED.plain())) {
            // stops reading after 1 MiB: a 48 MiB upload's budget (2 s + 1 s per 256 KiB) would be over 3 minutes
            proxy.inject(FaultProxy.Fault.STALL, 1000, MIB, Long.MAX_VALUE);
            RegistryClient viaProxy = FaultBed.client(patient(proxy.address(), 1));
            String to = FaultBed.repo("stall-big-dst");

            CopyResult result = FaultBed.copy(
                    new CopyOptions(List.of(), 1, 1),
                    null,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(viaProxy, to, "v1")));

            // the message names the read timeout, not the size-scaled budget (over 3 minutes, beyond @Timeout(60))
            DestinationResult failed = result.destinations().get(0);
            assertThat(failed.status()).isEqualTo(DestinationResult.Status.FAILED);
            assertThat(failed.error())
                    .startsWith("pushing blob " + image.layer(0).digest() + " to docker://" + proxy.address() + "/" + to
                            + ":v1: ")
                    .contains("timed out: the upload made no progress for 2.0 s (read timeout)");
            FaultBed.assertAbsent(plain, to, "v1", image.manifest.digest());
        }
    }
}
