package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What Stapler's and Jenkins' annotation processors would check, and the security rules for form methods, checked
 * on our compiled classes (bytecode) and on the sources. The same rules run on the built .hpi in HpiArtifactIT.
 */
class PluginStructureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jenkins.plugins.imagemirror.jenkins");
    /**
     * checkPermission (403 when denied), or hasPermission for the credentials dropdowns, which answer the current
     * value only when denied (credentials plugin docs/consumer.adoc; CredentialsChoicesTest).
     */
    private static final Set<String> PERMISSION_CHECKS = Set.of(
            "hudson.security.AccessControlled.checkPermission",
            "jenkins.model.Jenkins.checkPermission",
            "hudson.model.Item.checkPermission",
            "hudson.model.AbstractItem.checkPermission",
            "hudson.security.AccessControlled.hasPermission",
            "jenkins.model.Jenkins.hasPermission",
            "hudson.model.Item.hasPermission");

    @Test
    void everyDescribableHasExactlyOnePublicDataBoundConstructor() {
        List<String> describables = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            if (c.isAssignableTo("hudson.model.Describable")
                    && !c.getModifiers().contains(JavaModifier.ABSTRACT)
                    && !c.isAssignableTo("hudson.model.Descriptor")) {
                describables.add(c.getSimpleName());
                List<JavaConstructor> bound = c.getConstructors().stream()
                        .filter(k -> k.isAnnotatedWith("org.kohsuke.stapler.DataBoundConstructor"))
                        .toList();
                assertThat(bound).as(c.getName()).hasSize(1);
                assertThat(bound.get(0).getModifiers()).as(c.getName()).contains(JavaModifier.PUBLIC);
            }
        }
        assertThat(describables)
                .containsExactlyInAnyOrder(
                        "MirrorImageStep", "BuildImageStep", "ImageSizesStep", "MirrorTarget", "RegistryEntry");
    }

    @Test
    void everyExtensionIsPublicConcreteWithPublicNoArgConstructor() {
        List<String> extensions = extensionNames(CLASSES);
        for (JavaClass c : CLASSES) {
            if (c.isAnnotatedWith("hudson.Extension")) {
                assertThat(c.getModifiers())
                        .as(c.getName())
                        .contains(JavaModifier.PUBLIC)
                        .doesNotContain(JavaModifier.ABSTRACT);
                if (c.isNestedClass()) {
                    assertThat(c.getModifiers()).as(c.getName()).contains(JavaModifier.STATIC);
                }
                assertThat(c.getConstructors())
                        .as(c.getName())
                        .anyMatch(k -> k.getRawParameterTypes().isEmpty()
                                && k.getModifiers().contains(JavaModifier.PUBLIC));
            }
        }
        assertThat(extensions)
                .containsExactlyInAnyOrder(
                        "io.jenkins.plugins.imagemirror.jenkins.MirrorImageStep$DescriptorImpl",
                        "io.jenkins.plugins.imagemirror.jenkins.BuildImageStep$DescriptorImpl",
                        "io.jenkins.plugins.imagemirror.jenkins.ImageSizesStep$DescriptorImpl",
                        "io.jenkins.plugins.imagemirror.jenkins.MirrorTarget$DescriptorImpl",
                        "io.jenkins.plugins.imagemirror.jenkins.RegistryEntry$DescriptorImpl",
                        "io.jenkins.plugins.imagemirror.jenkins.ImageMirrorConfiguration",
                        "io.jenkins.plugins.imagemirror.jenkins.ImageSizeTrendActionFactory");
    }

    /**
     * The compiler's annotation-indexer index in target/classes names exactly the classes carrying {@code @Symbol}
     * (format of lib-annotation-indexer's AnnotationProcessorImpl: sorted binary names, one a line, UTF-8). The built
     * jar is checked the way structs reads it in HpiArtifactIT.
     */
    @Test
    void symbolIndexNamesEverySymbolClass() throws IOException {
        Path index = Path.of("target/classes/META-INF/annotations/org.jenkinsci.Symbol");
        List<String> symbols = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            if (c.isAnnotatedWith("org.jenkinsci.Symbol")) {
                symbols.add(c.getName());
            }
        }
        assertThat(Files.readAllLines(index, java.nio.charset.StandardCharsets.UTF_8))
                .isSorted()
                .containsExactlyInAnyOrderElementsOf(symbols)
                .hasSize(6);
    }

    static List<String> extensionNames(JavaClasses classes) {
        List<String> names = new ArrayList<>();
        for (JavaClass c : classes) {
            if (c.isAnnotatedWith("hudson.Extension")) {
                names.add(c.getName());
            }
        }
        return names;
    }

    /** Form methods that list credentials or contact a registry: POST only, and a permission check on every path. */
    @Test
    void formMethodsArePostAndPermissionChecked() {
        List<String> checked = new ArrayList<>();
        for (JavaMethod m : sensitiveFormMethods(CLASSES)) {
            assertThat(m.isAnnotatedWith("org.kohsuke.stapler.verb.POST"))
                    .as(m.getFullName() + " has @POST")
                    .isTrue();
            assertThat(reachesPermissionCheck(m, new HashSet<>(), 4))
                    .as(m.getFullName() + " checks permission")
                    .isTrue();
            checked.add(m.getOwner().getSimpleName() + "." + m.getName());
        }
        assertThat(checked)
                .containsExactlyInAnyOrder(
                        "DescriptorImpl.doFillCredentialsIdItems",
                        "DescriptorImpl.doFillCredentialsIdItems",
                        "DescriptorImpl.doTestConnection",
                        "ImageStepDescriptor.doFillCredentialsIdItems",
                        "ImageStepDescriptor.doFillSourceCredentialsIdItems");
    }

    /** doCheck* methods run on every keystroke with GET: they must touch neither credentials nor the network. */
    @Test
    void checkMethodsStayOffline() {
        for (JavaClass c : CLASSES) {
            for (JavaMethod m : c.getMethods()) {
                if (m.getName().startsWith("doCheck")) {
                    for (JavaMethodCall call : m.getMethodCallsFromSelf()) {
                        String owner = call.getTargetOwner().getName();
                        assertThat(owner)
                                .as(m.getFullName())
                                .doesNotStartWith("com.cloudbees")
                                .isNotEqualTo(RegistryPing.class.getName())
                                .doesNotStartWith("io.jenkins.plugins.imagemirror.core.registry");
                    }
                }
            }
        }
    }

    /** Every do* method other than doCheck*: they are reachable by URL. */
    static List<JavaMethod> sensitiveFormMethods(JavaClasses classes) {
        List<JavaMethod> methods = new ArrayList<>();
        for (JavaClass c : classes) {
            for (JavaMethod m : c.getMethods()) {
                if (m.getName().startsWith("do")
                        && Character.isUpperCase(m.getName().charAt(2))
                        && !m.getName().startsWith("doCheck")
                        && m.getModifiers().contains(JavaModifier.PUBLIC)) {
                    methods.add(m);
                }
            }
        }
        return methods;
    }

    static boolean reachesPermissionCheck(JavaMethod method, Set<String> seen, int depth) {
        if (depth == 0 || !seen.add(method.getFullName())) {
            return false;
        }
        for (JavaMethodCall call : method.getMethodCallsFromSelf()) {
            String target = call.getTargetOwner().getName() + "." + call.getName();
            if (PERMISSION_CHECKS.contains(target)) {
                return true;
            }
            if (call.getTargetOwner().getPackageName().startsWith("io.jenkins.plugins.imagemirror")) {
                for (JavaMethod resolved :
                        call.getTarget().resolveMember().stream().toList()) {
                    if (reachesPermissionCheck(resolved, seen, depth - 1)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The same rule on the sources: each sensitive do* method is preceded by @POST. */
    @Test
    void sourcesAnnotateFormMethodsWithPost() throws IOException {
        Pattern method = Pattern.compile("((?:@\\w+\\s+)*)public \\w+ (do(?!Check)[A-Z]\\w*)\\(");
        int found = 0;
        try (var files = Files.walk(Path.of("src/main/java/io/jenkins/plugins/imagemirror/jenkins"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = method.matcher(Files.readString(file));
                while (m.find()) {
                    assertThat(m.group(1)).as(file + " " + m.group(2)).contains("@POST");
                    found++;
                }
            }
        }
        assertThat(found).isEqualTo(5);
    }
}
