package io.jenkins.plugins.imagemirror.core.archive;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A root given as the file to write (tarball: '/') is a user's mistake: one clear IOException, not an NPE. */
class RootTargetTest {
    @Test
    void stagingBesideARootFailsWithAClearMessage() {
        Path root = Path.of("/").toAbsolutePath().getRoot();
        assertThatThrownBy(() -> StagedFile.create(root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a root is not a file; name a file");
    }
}
