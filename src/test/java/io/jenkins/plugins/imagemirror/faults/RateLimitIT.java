package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.registry.RateLimit;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryException;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import io.jenkins.plugins.imagemirror.core.transport.RegistryDestination;
import io.jenkins.plugins.imagemirror.core.transport.RegistrySource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bed's nginx in front of the plain registry: Docker Hub's pull limit in small, and a registry that always says 429. */
class RateLimitIT {

    private record Seen(String host, RateLimit limit) {}

    private static Registries registries(List<Seen> seen, Duration maxRetryWait) {
        return Registries.defaults()
                .with(FaultBed.plain(BED.plain()))
                .with(FaultBed.plain(BED.rateLimit()).withRetries(10, maxRetryWait))
                .with(FaultBed.plain(BED.always429()).withRetries(10, maxRetryWait))
                .onRateLimit((host, limit) -> seen.add(new Seen(host, limit)));
    }

    @Test
    void copiesThroughALimitedRegistrySucceedOnceTheLimitClearsAndReportTheBudget() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("limited-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 901, 4096, 2048);
        List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        Registries registries = registries(seen, Duration.ofSeconds(10));
        String to = FaultBed.repo("limited-dst");
        long started = System.nanoTime();

        // five pulls of the manifest in a row: 1 r/s with a burst of 2 lets three through, then 429 + Retry-After: 1
        for (int i = 0; i < 5; i++) {
            RegistryDestination destination =
                    new RegistryDestination(registries, FaultBed.ref(BED.plain(), to, "t" + i), List.of());
            CopyResult result;
            try (destination) {
                result = new ImageCopier(CopyOptions.defaults(), null)
                        .copy(
                                new RegistrySource(registries, FaultBed.ref(BED.rateLimit(), from, "v1")),
                                List.of(destination));
            }
            DestinationResult d = result.destinations().get(0);
            assertThat(d.status()).as(d.toString()).isEqualTo(DestinationResult.Status.PUSHED);
            assertThat(d.digest()).isEqualTo(image.manifest.digest());
        }

        assertThat((System.nanoTime() - started) / 1e9)
                .as("waited for the limit to clear")
                .isGreaterThan(0.9);
        assertThat(seen).allSatisfy(s -> assertThat(s.host()).isEqualTo(BED.rateLimit()));
        assertThat(seen).as("budget of successful pulls").anySatisfy(s -> {
            assertThat(s.limit().remaining()).isEqualTo(76);
            assertThat(s.limit().limit()).isEqualTo(100);
            assertThat(s.limit().window()).isEqualTo(Duration.ofHours(6));
        });
        assertThat(seen)
                .as("throttled at least once")
                .anySatisfy(s -> assertThat(s.limit().remaining()).isZero());
        for (int i = 0; i < 5; i++) {
            FaultBed.assertComplete(plain, to, "t" + i, image.manifest.digest());
        }
    }

    @Test
    void aRegistryThatAlwaysSays429FailsClearlyWithinTheCap() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("always-src");
        FaultBed.seed(plain, from, "v1", 902, 1024);
        List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        Registries registries = registries(seen, Duration.ofSeconds(2));
        String to = FaultBed.repo("always-dst");
        long started = System.nanoTime();

        try (RegistryDestination destination =
                new RegistryDestination(registries, FaultBed.ref(BED.plain(), to, "v1"), List.of())) {
            assertThatThrownBy(() -> new ImageCopier(CopyOptions.defaults(), null)
                            .copy(
                                    new RegistrySource(registries, FaultBed.ref(BED.always429(), from, "v1")),
                                    List.of(destination)))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("checking manifest of " + BED.always429() + "/" + from
                            + ":v1: HTTP 429 Too Many Requests; gave up after ")
                    .hasMessageContaining("(max retry wait 2 s")
                    .hasMessageContaining("raise maxRetryWait");
        }

        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(seconds)
                .as("waited up to the cap (no upper bound: a loaded machine is slower, never faster)")
                .isGreaterThanOrEqualTo(1.9);
        assertThat(seen).isNotEmpty().allSatisfy(s -> {
            assertThat(s.host()).isEqualTo(BED.always429());
            assertThat(s.limit().remaining()).isZero();
        });
        assertThat(plain.headManifest(to, "v1")).isEmpty();
    }
}
