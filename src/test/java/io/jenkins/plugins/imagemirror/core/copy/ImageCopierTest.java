package io.jenkins.plugins.imagemirror.core.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageCopierTest {
    private final MemoryImages.Store store = new MemoryImages.Store();

    private static ImageCopier copier() {
        return new ImageCopier(CopyOptions.defaults(), CopyListener.NONE);
    }

    @Test
    void fansOutReadingEachBlobOnceAndKeepsTheDigest() throws IOException {
        Manifest image = store.image("linux/amd64", 3, 100_000, 1);
        MemoryImages.Source source = new MemoryImages.Source(store, image);
        MemoryImages.Destination a = new MemoryImages.Destination("a");
        MemoryImages.Destination b = new MemoryImages.Destination("b");

        CopyResult result = copier().copy(source, List.of(a, b));

        assertThat(source.blobReads.get()).isEqualTo(4);
        assertThat(result.digestChanged()).isFalse();
        assertThat(result.destinations())
                .extracting(DestinationResult::status)
                .containsExactly(DestinationResult.Status.PUSHED, DestinationResult.Status.PUSHED);
        long expectedBytes = image.compressedLayerBytes() + image.config().size();
        assertThat(result.destinations())
                .extracting(DestinationResult::bytesUploaded)
                .containsExactly(expectedBytes, expectedBytes);
        assertThat(a.roots).containsExactly(image.digest());
        assertThat(b.store.manifests.get(image.digest()).bytes()).isEqualTo(image.bytes());
        assertThat(a.committed).isTrue();
    }

    @Test
    void secondRunOnlyResolvesTheRoot() throws IOException {
        Manifest image = store.image("linux/amd64", 2, 1000, 2);
        MemoryImages.Destination a = new MemoryImages.Destination("a");
        copier().copy(new MemoryImages.Source(store, image), List.of(a));
        MemoryImages.Source again = new MemoryImages.Source(store, image);

        CopyResult result = copier().copy(again, List.of(a));

        assertThat(result.destinations().get(0).status()).isEqualTo(DestinationResult.Status.PRESENT);
        assertThat(result.destinations().get(0).bytesUploaded()).isZero();
        assertThat(again.blobReads.get()).isZero();
        assertThat(again.manifestReads.get()).isZero();
    }

    @Test
    void blobsAlreadyThereAreNotReadAgain() throws IOException {
        Manifest base = store.image("linux/amd64", 2, 1000, 3);
        MemoryImages.Destination a = new MemoryImages.Destination("a");
        copier().copy(new MemoryImages.Source(store, base), List.of(a));
        a.roots.clear();
        MemoryImages.Source source = new MemoryImages.Source(store, base);

        CopyResult result = copier().copy(source, List.of(a));

        assertThat(source.blobReads.get()).isZero();
        assertThat(result.destinations().get(0).blobsPresent()).isEqualTo(3);
        assertThat(result.destinations().get(0).status()).isEqualTo(DestinationResult.Status.PUSHED);
    }

    @Test
    void corruptSourceBlobFailsEverythingAndPushesNoManifest() {
        Manifest image = store.image("linux/amd64", 2, 5000, 4);
        MemoryImages.Source source = new MemoryImages.Source(store, image);
        source.corrupt = image.layers().get(1).digest();
        MemoryImages.Destination a = new MemoryImages.Destination("a");

        assertThatThrownBy(() -> copier().copy(source, List.of(a)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("copying blob " + image.layers().get(1).digest() + " from memory:source")
                .hasMessageContaining("bytes with digest sha256:")
                .hasMessageContaining("nothing that refers to this blob was pushed");
        assertThat(a.roots).isEmpty();
        assertThat(a.store.manifests).isEmpty();
        assertThat(a.store.blobs).doesNotContainKey(image.layers().get(1).digest());
    }

    @Test
    void oneDestinationFailingLeavesTheOthersComplete() throws IOException {
        Manifest image = store.image("linux/amd64", 2, 5000, 5);
        MemoryImages.Destination good = new MemoryImages.Destination("good");
        MemoryImages.Destination bad = new MemoryImages.Destination("bad");
        bad.failWritesRemaining = 1000;

        CopyResult result = copier().copy(new MemoryImages.Source(store, image), List.of(bad, good));

        assertThat(result.allSucceeded()).isFalse();
        DestinationResult failed = result.destinations().get(0);
        assertThat(failed.status()).isEqualTo(DestinationResult.Status.FAILED);
        assertThat(failed.error())
                .startsWith("pushing blob sha256:")
                .contains("to memory:bad")
                .contains("connection reset (injected)")
                .contains("gave up after 3 attempts");
        assertThat(bad.roots).isEmpty();
        assertThat(result.destinations().get(1).status()).isEqualTo(DestinationResult.Status.PUSHED);
        assertThat(good.roots).containsExactly(image.digest());
    }

    @Test
    void transientDestinationFailureIsRetriedForThatDestinationAlone() throws IOException {
        Manifest image = store.image("linux/amd64", 1, 5000, 6);
        MemoryImages.Source source = new MemoryImages.Source(store, image);
        MemoryImages.Destination flaky = new MemoryImages.Destination("flaky");
        MemoryImages.Destination steady = new MemoryImages.Destination("steady");
        flaky.failWritesRemaining = 1;

        CopyResult result = new ImageCopier(CopyOptions.defaults().withJobs(1), CopyListener.NONE)
                .copy(source, List.of(flaky, steady));

        assertThat(result.allSucceeded()).isTrue();
        assertThat(source.blobReads.get()).isEqualTo(3); // config + layer once, layer or config again for flaky
        assertThat(flaky.store.blobs.keySet()).isEqualTo(steady.store.blobs.keySet());
    }

    @Test
    void copiesAnIndexWithAllPlatformsVerbatim() throws IOException {
        Manifest amd = store.image("linux/amd64", 2, 1000, 7);
        Manifest arm = store.image("linux/arm64", 2, 1000, 8);
        ImageIndex index = store.index(amd, arm);
        MemoryImages.Destination a = new MemoryImages.Destination("a");

        CopyResult result = copier().copy(new MemoryImages.Source(store, index), List.of(a));

        assertThat(result.root().digest()).isEqualTo(index.digest());
        assertThat(a.store.manifests.keySet()).containsExactlyInAnyOrder(index.digest(), amd.digest(), arm.digest());
        assertThat(a.store.blobs).hasSize(6);
    }

    @Test
    void onePlatformSelectsThatPlatformsOwnManifest() throws IOException {
        Manifest amd = store.image("linux/amd64", 2, 1000, 9);
        Manifest arm = store.image("linux/arm64", 2, 1000, 10);
        ImageIndex index = store.index(amd, arm);
        MemoryImages.Destination a = new MemoryImages.Destination("a");
        CopyOptions options = CopyOptions.defaults().withPlatforms(List.of(Platform.parse("linux/arm64/v8")));

        CopyResult result =
                new ImageCopier(options, CopyListener.NONE).copy(new MemoryImages.Source(store, index), List.of(a));

        assertThat(result.digestChanged()).isTrue();
        assertThat(result.root().digest()).isEqualTo(arm.digest());
        assertThat(a.roots).containsExactly(arm.digest());
        assertThat(a.store.blobs).hasSize(3);
    }

    @Test
    void missingPlatformNamesWhatIsAvailable() {
        Manifest amd = store.image("linux/amd64", 1, 10, 11);
        Manifest arm = store.image("linux/arm64", 1, 10, 12);
        ImageIndex index = store.index(amd, arm);
        CopyOptions options = CopyOptions.defaults().withPlatforms(List.of(Platform.parse("linux/s390x")));

        assertThatThrownBy(() -> new ImageCopier(options, CopyListener.NONE)
                        .copy(new MemoryImages.Source(store, index), List.of(new MemoryImages.Destination("a"))))
                .hasMessage(
                        "selecting platform linux/s390x of memory:source: not in its index; it has linux/amd64, linux/arm64");
    }

    /** Records what a tap was given, per blob: the bytes when its stream ended normally, else the failure. */
    private static final class RecordingTap implements BlobTap {
        final java.util.Map<io.jenkins.plugins.imagemirror.core.image.Digest, byte[]> read =
                new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Map<io.jenkins.plugins.imagemirror.core.image.Digest, IOException> failed =
                new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean throwAfterFirstRead;

        @Override
        public boolean wants(io.jenkins.plugins.imagemirror.core.image.Descriptor blob) {
            return true;
        }

        @Override
        public void read(io.jenkins.plugins.imagemirror.core.image.Descriptor blob, java.io.InputStream bytes)
                throws IOException {
            try {
                if (throwAfterFirstRead) {
                    bytes.read(new byte[10]);
                    throw new IllegalStateException("tap broke (injected)");
                }
                read.put(blob.digest(), bytes.readAllBytes());
            } catch (IOException e) {
                failed.put(blob.digest(), e);
                throw e;
            }
        }
    }

    @Test
    void aTapGetsEveryBlobThatMovesFromTheCopysOneReadOfTheSource() throws IOException {
        Manifest image = store.image("linux/amd64", 3, 300_000, 21);
        MemoryImages.Source source = new MemoryImages.Source(store, image);
        MemoryImages.Destination a = new MemoryImages.Destination("a");
        MemoryImages.Destination b = new MemoryImages.Destination("b");
        RecordingTap tap = new RecordingTap();

        CopyResult result = new ImageCopier(CopyOptions.defaults(), CopyListener.NONE, tap).copy(source, List.of(a, b));

        assertThat(result.allSucceeded()).isTrue();
        assertThat(source.blobReads.get()).as("no read for the tap").isEqualTo(4);
        assertThat(tap.read).hasSize(4);
        tap.read.forEach((digest, bytes) -> assertThat(bytes).isEqualTo(store.blobs.get(digest)));
        assertThat(tap.failed).isEmpty();

        RecordingTap second = new RecordingTap(); // the destination has everything: nothing moves, nothing tapped
        new ImageCopier(CopyOptions.defaults(), CopyListener.NONE, second)
                .copy(new MemoryImages.Source(store, image), List.of(a));
        assertThat(second.read).isEmpty();
    }

    @Test
    void aTapThatFailsLeavesTheCopyComplete() throws IOException {
        Manifest image = store.image("linux/amd64", 2, 300_000, 22);
        MemoryImages.Destination a = new MemoryImages.Destination("a");
        RecordingTap tap = new RecordingTap();
        tap.throwAfterFirstRead = true;
        BlobTap unwilling = BlobTap.of(
                blob -> {
                    throw new IllegalStateException("wants broke (injected)");
                },
                (blob, bytes) -> {});

        CopyResult result = new ImageCopier(CopyOptions.defaults(), CopyListener.NONE, tap)
                .copy(new MemoryImages.Source(store, image), List.of(a));
        MemoryImages.Destination b = new MemoryImages.Destination("b");
        CopyResult other = new ImageCopier(CopyOptions.defaults(), CopyListener.NONE, unwilling)
                .copy(new MemoryImages.Source(store, image), List.of(b));

        assertThat(result.allSucceeded()).isTrue();
        assertThat(a.roots).containsExactly(image.digest());
        assertThat(a.store.blobs.keySet())
                .containsAll(store.blobs.keySet().stream()
                        .filter(d -> d.equals(image.config().digest())
                                || image.layers().stream()
                                        .anyMatch(l -> l.digest().equals(d)))
                        .toList());
        assertThat(other.allSucceeded()).isTrue();
    }

    @Test
    void aTapsStreamOfACorruptBlobFailsInsteadOfEnding() {
        Manifest image = store.image("linux/amd64", 1, 600_000, 23);
        MemoryImages.Source source = new MemoryImages.Source(store, image);
        source.corrupt = image.layers().get(0).digest();
        RecordingTap tap = new RecordingTap();

        assertThatThrownBy(() -> new ImageCopier(CopyOptions.defaults(), CopyListener.NONE, tap)
                        .copy(source, List.of(new MemoryImages.Destination("a"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bytes with digest");
        assertThat(tap.read).doesNotContainKey(image.layers().get(0).digest());
    }
}
