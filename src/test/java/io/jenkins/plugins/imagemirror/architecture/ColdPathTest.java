package io.jenkins.plugins.imagemirror.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What keeps the first call in a fresh JVM (a step on a new agent, a CLI run) cheap, checked on the compiled classes
 * (docs/benchmarks.md, "Cold path changes").
 */
class ColdPathTest {
    /**
     * javac's default string concatenation ({@code invokedynamic} to {@code StringConcatFactory}) builds a method
     * handle tree per call site shape on first use: 60-65 generated classes and their bytecode on the first step of
     * an agent JVM. The pom compiles with {@code -XDstringConcat=inline} (plain {@code StringBuilder} code, the
     * same strings).
     */
    @Test
    void noClassConcatenatesStringsThroughInvokedynamic() throws IOException {
        assertThat(mainClassesContaining("makeConcatWithConstants")).isEmpty();
    }

    /**
     * A record's generated equals/hashCode bootstrap {@code java.lang.runtime.ObjectMethods} (a method-handle tree,
     * ~80 generated classes) on first use; {@link Digest} is the first record every copy compares and hashes, so it
     * writes them out, with the values a record would give (JDK 17 ObjectMethods: {@code 31 * h + hash(component)}
     * per component), so that no hash map's order moves.
     */
    @Test
    void digestEqualsAndHashCodeAreARecordsWithoutTheBootstrap() throws IOException {
        assertThat(mainClassesContaining("java/lang/runtime/ObjectMethods"))
                .isNotEmpty()
                .doesNotContain("io/jenkins/plugins/imagemirror/core/image/Digest.class");
        String hex = "0123456789abcdef".repeat(4);
        Digest d = Digest.parse("sha256:" + hex);
        assertThat(d.hashCode()).isEqualTo(31 * "sha256".hashCode() + hex.hashCode());
        assertThat(d).isEqualTo(Digest.parse("sha256:" + hex)).isNotEqualTo(Digest.parse("sha256:" + "1".repeat(64)));
        assertThat(d).isNotEqualTo(Digest.parse("sha512:" + hex + hex)).isNotEqualTo("sha256:" + hex);
    }

    /**
     * The size report and the build log's summary are written on the agent in every step; {@code String.format}
     * with {@code Locale.ROOT} builds a Formatter that loads the JDK's locale providers and CLDR data (about 80
     * classes). They use ReportFormat, which prints the same (ReportFormatTest).
     */
    @Test
    void theReportAndTheStepSummaryFormatWithoutJavaUtilFormatter() throws IOException {
        List<String> callers = mainClassesContaining("(Ljava/util/Locale;Ljava/lang/String;[Ljava/lang/Object;)");
        assertThat(callers).isNotEmpty(); // the check sees String.format(Locale, …) where it is still used
        assertThat(callers)
                .noneMatch(c -> c.startsWith("io/jenkins/plugins/imagemirror/core/size/SizeReport")
                        || c.startsWith("io/jenkins/plugins/imagemirror/core/size/SizeExplainer")
                        || c.startsWith("io/jenkins/plugins/imagemirror/jenkins/SummaryTable"));
    }

    /**
     * {@code Files.createTempFile} and {@code UUID.randomUUID} draw from a {@code SecureRandom}, whose first use
     * registers the JCA's providers (20-30 ms of a fresh agent JVM) for a name that needs no secrecy: the agent's
     * path names its files with {@code StagedFile} (ThreadLocalRandom, CREATE_NEW) and its output directory by
     * drawing until free. Only the controller (a step call's id) and the build path (Jib's own) may use them.
     */
    @Test
    void theAgentsPathNamesItsFilesWithoutSecureRandom() throws IOException {
        List<String> callers = new java.util.ArrayList<>(mainClassesContaining("createTempFile"));
        callers.addAll(mainClassesContaining("randomUUID"));
        assertThat(callers)
                .allMatch(
                        c -> c.startsWith("io/jenkins/plugins/imagemirror/core/build/")
                                || c.startsWith("io/jenkins/plugins/imagemirror/jenkins/StepFlow")
                                || c.startsWith("io/jenkins/plugins/imagemirror/jenkins/StepCall"),
                        "only the build path and the controller");
    }

    static List<String> mainClassesContaining(String constant) throws IOException {
        Path root;
        try {
            root = Path.of(ImageReference.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        assertThat(root).isDirectory(); // target/classes
        byte[] needle = constant.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> classFiles =
                    files.filter(p -> p.toString().endsWith(".class")).toList();
            assertThat(classFiles).hasSizeGreaterThan(100);
            return classFiles.stream()
                    .filter(p -> contains(read(p), needle))
                    .map(p -> root.relativize(p).toString())
                    .toList();
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
