package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destination registry is killed with SIGKILL in the middle of a push and restarted on the same port and
 * storage. Whatever the copy's outcome, no tag may point at an incomplete image, and a re-run must succeed.
 */
class RegistryRestartIT {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void aRegistryKilledMidPushNeverShowsAPartialImageAndAReRunSucceeds() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("restart-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 801, 8 * MIB, 6 * MIB, 4 * MIB, 256 * 1024);
        try (OwnRegistry registry = OwnRegistry.start(tmp.resolve("registry"), "");
                FaultProxy proxy = new FaultProxy(registry.address())) {
            proxy.throttleUp(6 * MIB); // about 3 s for the image: time to kill it half-way
            RegistryClient viaProxy =
                    FaultBed.client(FaultBed.plain(proxy.address()).withRetries(5, Duration.ofSeconds(15)));
            RegistryClient direct = FaultBed.client(FaultBed.plain(registry.address()));
            String to = FaultBed.repo("restart-dst");

            CompletableFuture<CopyResult> copy = CompletableFuture.supplyAsync(() -> {
                try {
                    return FaultBed.copy(
                            new CopyOptions(List.of(), 2, 3),
                            null,
                            FaultBed.source(plain, from, "v1"),
                            List.of(FaultBed.destination(viaProxy, to, "v1")));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (proxy.bytesForwardedUp() < 3L * MIB && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(proxy.bytesForwardedUp())
                    .as("bytes arrived before the kill")
                    .isGreaterThanOrEqualTo(3L * MIB);
            registry.kill9();
            Thread.sleep(1000);
            registry.start();

            DestinationResult first =
                    copy.get(90, TimeUnit.SECONDS).destinations().get(0);
            System.out.println(
                    "copy across the kill: " + first.status() + (first.error() == null ? "" : ": " + first.error()));
            if (first.status() == DestinationResult.Status.PUSHED) {
                assertThat(first.digest()).isEqualTo(image.manifest.digest());
                FaultBed.assertComplete(direct, to, "v1", image.manifest.digest());
            } else {
                assertThat(first.status()).isEqualTo(DestinationResult.Status.FAILED);
                assertThat(first.error()).contains(proxy.address() + "/" + to);
                FaultBed.assertAbsent(direct, to, "v1", image.manifest.digest());
            }

            CopyResult again = FaultBed.copy(
                    CopyOptions.defaults(),
                    null,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(direct, to, "v1")));

            DestinationResult second = again.destinations().get(0);
            assertThat(second.status())
                    .as(second.toString())
                    .isIn(DestinationResult.Status.PUSHED, DestinationResult.Status.PRESENT);
            assertThat(second.digest()).isEqualTo(image.manifest.digest());
            FaultBed.assertComplete(direct, to, "v1", image.manifest.digest());
        }
    }

    @Test
    @Timeout(120)
    void aRegistryThatStaysDownFailsTheCopyClearlyAndAReRunAfterTheRestartSucceeds() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("down-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 802, 8 * MIB, 4 * MIB, 128 * 1024);
        try (OwnRegistry registry = OwnRegistry.start(tmp.resolve("registry"), "");
                FaultProxy proxy = new FaultProxy(registry.address())) {
            proxy.throttleUp(4 * MIB);
            RegistryClient viaProxy =
                    FaultBed.client(FaultBed.plain(proxy.address()).withRetries(3, Duration.ofSeconds(2)));
            RegistryClient direct = FaultBed.client(FaultBed.plain(registry.address()));
            String to = FaultBed.repo("down-dst");

            CompletableFuture<CopyResult> copy = CompletableFuture.supplyAsync(() -> {
                try {
                    return FaultBed.copy(
                            new CopyOptions(List.of(), 2, 2),
                            null,
                            FaultBed.source(plain, from, "v1"),
                            List.of(FaultBed.destination(viaProxy, to, "v1")));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (proxy.bytesForwardedUp() < 2L * MIB && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            registry.kill9();

            DestinationResult first =
                    copy.get(90, TimeUnit.SECONDS).destinations().get(0);
            assertThat(first.status()).isEqualTo(DestinationResult.Status.FAILED);
            // through the proxy the dead registry looks like a peer hanging up, not a refused connection
            assertThat(first.error())
                    .startsWith("pushing blob sha256:")
                    .contains("docker://" + proxy.address() + "/" + to)
                    .contains(proxy.address() + " closed the connection without answering")
                    .endsWith("(gave up after 2 attempts)");
            registry.start();
            FaultBed.assertAbsent(direct, to, "v1", image.manifest.digest());

            CopyResult again = FaultBed.copy(
                    CopyOptions.defaults(),
                    null,
                    FaultBed.source(plain, from, "v1"),
                    List.of(FaultBed.destination(direct, to, "v1")));

            assertThat(again.destinations().get(0).status()).isEqualTo(DestinationResult.Status.PUSHED);
            assertThat(again.destinations().get(0).digest()).isEqualTo(image.manifest.digest());
            FaultBed.assertComplete(direct, to, "v1", image.manifest.digest());
        }
    }
}
