package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections reset in the middle of a blob upload (a proxy or load balancer dropping them). */
class ConnectionResetIT {
    private static final int MIB = 1024 * 1024;

    @Test
    void aResetUploadIsRetriedAndTheImageArrivesWithItsDigest() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("reset-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 601, 3 * MIB, 2 * MIB, 64 * 1024);
        try (FaultProxy proxy = new FaultProxy(BED.plain())) {
            // the first connection that carries 1 MiB upwards (only a blob upload does) is reset there
            proxy.inject(FaultProxy.Fault.RESET, 1000, MIB, Long.MAX_VALUE).maxFaults(1);
            RegistryClient viaProxy = FaultBed.client(FaultBed.plain(proxy.address()));
            String to = FaultBed.repo("reset-dst");
            FaultBed.Recorder listener = new FaultBed.Recorder();

            CopyResult result = FaultBed.copy(
                    CopyOptions.defaults().withJobs(1),
                    listener,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(viaProxy, to, "v1")));

            assertThat(proxy.faultsFired()).isEqualTo(1);
            DestinationResult d = result.destinations().get(0);
            assertThat(d.status()).as(d.toString()).isEqualTo(DestinationResult.Status.PUSHED);
            assertThat(d.digest()).isEqualTo(image.manifest.digest());
            assertThat(listener.infos)
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("retrying: pushing blob sha256:")
                            .contains(proxy.address() + "/" + to));
            FaultBed.assertComplete(plain, to, "v1", image.manifest.digest());
        }
    }

    @Test
    void moreResetsThanAttemptsFailThatDestinationNamingTheBlobWhileTheOtherCompletes() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("resets-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 602, 2 * MIB, 32 * 1024);
        try (FaultProxy proxy = new FaultProxy(BED.plain())) {
            proxy.inject(FaultProxy.Fault.RESET, 1000, MIB, Long.MAX_VALUE); // every connection, every attempt
            RegistryClient viaProxy = FaultBed.client(FaultBed.plain(proxy.address()));
            String broken = FaultBed.repo("resets-broken");
            String good = FaultBed.repo("resets-good");

            CopyResult result = FaultBed.copy(
                    new CopyOptions(List.of(), 2, 3),
                    null,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(viaProxy, broken, "v1"), FaultBed.destination(plain, good, "v1")));

            DestinationResult failed = result.destinations().get(0);
            DestinationResult ok = result.destinations().get(1);
            assertThat(failed.status()).isEqualTo(DestinationResult.Status.FAILED);
            assertThat(failed.error())
                    .startsWith("pushing blob " + image.layer(0).digest() + " to docker://" + proxy.address() + "/"
                            + broken + ":v1: ")
                    .endsWith("(gave up after 3 attempts)");
            assertThat(proxy.faultsFired()).isEqualTo(3);
            assertThat(ok.status()).as(ok.toString()).isEqualTo(DestinationResult.Status.PUSHED);
            assertThat(ok.digest()).isEqualTo(image.manifest.digest());
            FaultBed.assertComplete(plain, good, "v1", image.manifest.digest());
            FaultBed.assertAbsent(plain, broken, "v1", image.manifest.digest());
        }
    }

    @Test
    void aDownloadResetMidBlobIsReadAgainAndEveryDestinationGetsTheExactDigest() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("reset-get-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 603, 3 * MIB, 128 * 1024);
        try (FaultProxy proxy = new FaultProxy(BED.plain())) {
            // the first connection that carries 1 MiB downwards (a blob download) is reset there
            proxy.inject(FaultProxy.Fault.RESET, 1000, Long.MAX_VALUE, MIB).maxFaults(1);
            RegistryClient sourceViaProxy = FaultBed.client(FaultBed.plain(proxy.address()));
            String one = FaultBed.repo("reset-get-one");
            String two = FaultBed.repo("reset-get-two");
            FaultBed.Recorder listener = new FaultBed.Recorder();

            CopyResult result = FaultBed.copy(
                    CopyOptions.defaults().withJobs(1),
                    listener,
                    FaultBed.source(sourceViaProxy, from, "v1"),
                    List.of(FaultBed.destination(plain, one, "v1"), FaultBed.destination(plain, two, "v1")));

            assertThat(proxy.faultsFired()).isEqualTo(1);
            assertThat(listener.infos)
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("retrying blob "
                                    + image.layer(0).digest().shortForm() + " from docker://" + proxy.address()));
            for (DestinationResult d : result.destinations()) {
                assertThat(d.status()).as(d.toString()).isEqualTo(DestinationResult.Status.PUSHED);
                assertThat(d.digest()).isEqualTo(image.manifest.digest());
            }
            FaultBed.assertComplete(plain, one, "v1", image.manifest.digest());
            FaultBed.assertComplete(plain, two, "v1", image.manifest.digest());
        }
    }
}
