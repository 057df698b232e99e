package io.jenkins.plugins.imagemirror.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture of docs/architecture.md, enforced by the build rather than by review. */
class LayeringTest {
    private static final String ROOT = "io.jenkins.plugins.imagemirror";
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void coreNeverSeesJenkinsOrTheCli() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "hudson..",
                        "jenkins..",
                        "org.kohsuke..",
                        "org.jenkinsci..",
                        "com.cloudbees..",
                        ROOT + ".jenkins..",
                        ROOT + ".cli..")
                .check(classes);
    }

    @Test
    void onlyTheBuildPackageUsesJib() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + "..")
                .and()
                .resideOutsideOfPackage(ROOT + ".core.build..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.google.cloud.tools.jib..")
                .check(classes);
    }

    @Test
    void theBuildPackageUsesOnlyJibsPublicApi() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.build..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.google.cloud.tools.jib.registry..",
                        "com.google.cloud.tools.jib.http..",
                        "com.google.cloud.tools.jib.image..",
                        "com.google.cloud.tools.jib.builder..",
                        "com.google.cloud.tools.jib.cache..")
                .check(classes);
    }

    /**
     * The Dockerfile and build-file parsers and the planner turn build inputs into a plan: they stand on the model
     * and the JDK, never on Jib, a registry, an archive or the copier. Of core.build itself they see only
     * BuildInputException, the error they report (it stays there because the CLI and the Jenkins steps catch it).
     */
    @Test
    void theBuildPlanStandsOnTheModelOnly() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.build.plan..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.google.cloud.tools.jib..",
                        ROOT + ".core.registry..",
                        ROOT + ".core.archive..",
                        ROOT + ".core.copy..",
                        ROOT + ".core.size..",
                        ROOT + ".core.transport..",
                        ROOT + ".core.job..",
                        "java.net..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.build.plan..")
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage(ROOT + ".core.build")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("BuildInputException"))))
                .check(classes);
    }

    /**
     * JSON trees are the model's business: the build reads and writes manifests and configs as typed values. Its own
     * cache records (CacheRecord and the two records it keeps) are the exception: small JSON files of its own.
     */
    @Test
    void theBuildHandlesNoJsonTrees() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.build..")
                .and()
                .doNotHaveFullyQualifiedName(ROOT + ".core.build.CacheRecord")
                .and()
                .doNotHaveFullyQualifiedName(ROOT + ".core.build.ArchiveLayerWriter$Known")
                .and()
                .doNotHaveFullyQualifiedName(ROOT + ".core.build.BaseFilesystem$Snapshot")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.fasterxml.jackson.databind.node..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("com.fasterxml.jackson.databind.JsonNode")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(ROOT + ".core.image.JsonObject")
                .check(classes);
    }

    @Test
    void theModelDoesNoIo() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.image..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".core.registry..",
                        ROOT + ".core.archive..",
                        ROOT + ".core.copy..",
                        ROOT + ".core.size..",
                        ROOT + ".core.build..",
                        ROOT + ".core.transport..",
                        ROOT + ".core.job..",
                        "java.net..",
                        "java.nio.file..")
                .check(classes);
    }

    @Test
    void transportAndStorageLayersStandOnTheModelOnly() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".core.registry..", ROOT + ".core.archive..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".core.copy..",
                        ROOT + ".core.size..",
                        ROOT + ".core.build..",
                        ROOT + ".core.transport..",
                        ROOT + ".core.job..")
                .check(classes);
    }

    /** Sources and destinations stand on the registry client and the archive formats, and know nothing above them. */
    @Test
    void transportsStandOnRegistryAndArchiveOnly() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.transport..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".core.copy..", ROOT + ".core.size..", ROOT + ".core.build..", ROOT + ".core.job..")
                .check(classes);
    }

    /** The one switch from a location to an adapter: nothing outside core.transport names an adapter class. */
    @Test
    void onlyTheTransportPackageNamesAnAdapter() {
        DescribedPredicate<JavaClass> adapter = DescribedPredicate.describe(
                "a transport adapter of core.transport",
                c -> c.getPackageName().equals(ROOT + ".core.transport")
                        && c.getSimpleName().matches("\\w+(Source|Destination)")
                        && !c.getSimpleName().matches("Image(Source|Destination)"));
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".core.transport..")
                .should()
                .dependOnClassesThat(adapter)
                .check(classes);
    }

    /**
     * Transport syntax is parsed and printed in core.transport only: no other main source writes a transport prefix
     * as a string literal (core.archive's readers are given their label by the adapters).
     */
    @Test
    void onlyTheTransportPackageWritesATransportPrefix() throws IOException {
        Path sources = Path.of("src/main/java/io/jenkins/plugins/imagemirror");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.startsWith(sources.resolve("core/transport"))) {
                    continue;
                }
                String text = Files.readString(file);
                for (ImageLocation.Transport transport : ImageLocation.Transport.values()) {
                    if (text.contains("\"" + transport.prefix())) {
                        found.add(sources.relativize(file) + ": \"" + transport.prefix());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void copyAndSizeDoNotReachUpward() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.copy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".core.size..", ROOT + ".core.build..", ROOT + ".core.job..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.size..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".core.copy..", ROOT + ".core.build..", ROOT + ".core.job..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.build..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".core.job..")
                .check(classes);
    }

    @Test
    void theCliDependsOnCoreOnly() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".jenkins..", "hudson..", "jenkins..")
                .check(classes);
    }

    @Test
    void noGrabBagPackages() {
        classes()
                .that()
                .resideInAPackage(ROOT + "..")
                .should()
                .resideOutsideOfPackages(
                        "..util..", "..utils..", "..helper..", "..helpers..", "..manager..", "..common..", "..impl..")
                .check(classes);
    }
}
