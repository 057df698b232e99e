package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.jenkins.plugins.imagemirror.core.copy.ArchiveLocation;
import io.jenkins.plugins.imagemirror.core.copy.OciArchiveSource;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.jenkins.pipeline.SeedImage;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the built target/image-mirror.hpi (so failsafe, after package): the manifests Jenkins needs, the SezPoz
 * index, no facsimile class inside, relocated libraries that run under a parent holding Jenkins core's own Guava and
 * commons-compress, and the describable, extension, view and form-method rules checked on the artifact itself.
 */
class HpiArtifactIT {
    @TempDir
    static Path work;
    static JenkinsCoreStandIn standIn;

    @BeforeAll
    static void open() throws IOException {
        standIn = new JenkinsCoreStandIn(work);
    }

    @Test
    void manifestsOfTheHpiAndTheInnerJarNameThePlugin() throws IOException {
        for (Path jar : List.of(standIn.hpi, standIn.pluginJar)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes main = file.getManifest().getMainAttributes();
                assertThat(main.getValue("Short-Name")).as(jar.toString()).isEqualTo("image-mirror");
                assertThat(main.getValue("Long-Name")).isEqualTo("Image Mirror");
                assertThat(main.getValue("Plugin-Version")).isNotBlank();
                assertThat(main.getValue("Jenkins-Version")).isEqualTo("2.479.3");
                assertThat(main.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
                assertThat(main.getValue("Artifact-Id")).isEqualTo("image-mirror");
                assertThat(main.getValue("Plugin-Dependencies").split(","))
                        .contains("workflow-step-api:657.v03b_e8115821b_", "credentials:1305.v04f5ec1f3743");
            }
        }
        try (JarFile libs = new JarFile(standIn.libsJar.toFile())) {
            assertThat(libs.getManifest() == null || libs.getManifest().getMainAttributes().getValue("Short-Name") == null)
                    .as("bundled libraries are not trusted by JEP-200: no plugin manifest").isTrue();
        }
    }

    @Test
    void noFacsimileClassAnywhere() throws IOException {
        for (Path jar : List.of(standIn.hpi, standIn.pluginJar, standIn.libsJar)) {
            for (String name : entries(jar)) {
                assertThat(JenkinsCoreStandIn.FACSIMILE_PREFIXES).as(jar + " holds " + name)
                        .noneMatch(name::startsWith);
            }
        }
        assertThat(entries(standIn.hpi)).containsExactlyInAnyOrder("META-INF/", "META-INF/MANIFEST.MF", "WEB-INF/",
                "WEB-INF/lib/", "WEB-INF/lib/image-mirror.jar", "WEB-INF/lib/image-mirror-libs.jar");
    }

    @Test
    void librariesJenkinsShipsAreRelocated() throws IOException {
        for (String name : entries(standIn.libsJar)) {
            if (name.endsWith(".class")) {
                assertThat(name).as("unrelocated library class").doesNotStartWith("com/google/common/")
                        .doesNotStartWith("org/apache/commons/compress/").doesNotStartWith("org/apache/commons/io/")
                        .doesNotStartWith("com/fasterxml/jackson/");
            }
        }
        JavaClasses ours = new ClassFileImporter().importJar(new JarFile(standIn.pluginJar.toFile()));
        for (JavaClass c : ours) {
            c.getDirectDependenciesFromSelf().forEach(d -> assertThat(d.getTargetClass().getName())
                    .as(c.getName() + " depends on an unrelocated library")
                    .doesNotStartWith("com.google.common.").doesNotStartWith("org.apache.commons.compress.")
                    .doesNotStartWith("com.fasterxml.jackson."));
        }
    }

    /** Our code, loaded parent-first under Jenkins core's own Guava 33 and commons-compress, copies an image. */
    @Test
    void pluginCodeRunsUnderJenkinsCoresLibraries() throws Exception {
        ClassLoader plugin = standIn.plugin;
        assertThat(plugin.loadClass("com.google.common.collect.ImmutableList").getClassLoader()).isSameAs(standIn.core);
        assertThat(plugin.loadClass("io.jenkins.plugins.imagemirror.shaded.com.google.common.collect.ImmutableList")
                .getClassLoader()).isSameAs(plugin);
        assertThat(plugin.loadClass(ImageWork.class.getName()).getClassLoader()).isSameAs(plugin);

        SeedImage seed = new SeedImage("hpi-classloader");
        String plain = Testbed.get().plain();
        seed.push(new RegistryClient(RegistrySettings.defaults(plain).withPlainHttp(true)), "hpi/seed", "1");
        Path archive = work.resolve("seed.tar");

        Class<?> settingsType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.registry.RegistrySettings");
        Object settings = settingsType.getMethod("defaults", String.class).invoke(null, plain);
        settings = settingsType.getMethod("withPlainHttp", boolean.class).invoke(settings, true);
        Object client = plugin.loadClass("io.jenkins.plugins.imagemirror.core.registry.RegistryClient")
                .getConstructor(settingsType).newInstance(settings);
        Class<?> referenceType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.image.ImageReference");
        Object reference = referenceType.getMethod("parse", String.class).invoke(null, plain + "/hpi/seed:1");
        Object source = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.RegistrySource")
                .getConstructor(client.getClass(), referenceType).newInstance(client, reference);
        Class<?> locationType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.ArchiveLocation");
        Object location = locationType.getConstructor(Path.class, String.class).newInstance(archive, "hpi/seed:1");
        Object destination = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.OciArchiveDestination")
                .getMethod("create", locationType).invoke(null, location);
        Class<?> optionsType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.CopyOptions");
        Class<?> listenerType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.CopyListener");
        Object copier = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.ImageCopier")
                .getConstructor(optionsType, listenerType)
                .newInstance(optionsType.getMethod("defaults").invoke(null), listenerType.getField("NONE").get(null));
        Class<?> sourceType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.ImageSource");
        Method copy = copier.getClass().getMethod("copy", sourceType, List.class);
        copy.invoke(copier, source, List.of(destination));
        ((AutoCloseable) destination).close();
        ((AutoCloseable) source).close();

        try (OciArchiveSource written = OciArchiveSource.open(new ArchiveLocation(archive, null))) {
            assertThat(written.resolve().digest().toString()).isEqualTo(seed.digest());
        }
    }

    /** Jib (Guava, commons-compress inside, relocated) builds the same image under the stand-in as on the test path. */
    @Test
    void jibBuildsUnderJenkinsCoresLibraries() throws Exception {
        Path context = java.nio.file.Files.createDirectories(work.resolve("context"));
        java.nio.file.Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
        java.nio.file.Files.writeString(context.resolve("hello.txt"), "hello from the stand-in\n");

        io.jenkins.plugins.imagemirror.core.build.BuildResult expected =
                new io.jenkins.plugins.imagemirror.core.build.ImageBuilder(line -> { })
                        .build(new io.jenkins.plugins.imagemirror.core.build.BuildSpec(context, null, null, java.util.Map.of(),
                                List.of("linux/amd64"), work.resolve("cache-test"), work.resolve("out-test"),
                                java.time.Instant.EPOCH, null));

        ClassLoader plugin = standIn.plugin;
        Class<?> sourceType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.build.BaseImageSource");
        Class<?> specType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.build.BuildSpec");
        Object spec = specType.getConstructor(Path.class, Path.class, Path.class, java.util.Map.class, List.class,
                        Path.class, Path.class, java.time.Instant.class, sourceType)
                .newInstance(context, null, null, java.util.Map.of(), List.of("linux/amd64"), work.resolve("cache-plugin"),
                        work.resolve("out-plugin"), java.time.Instant.EPOCH, null);
        Class<?> builderType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.build.ImageBuilder");
        java.util.function.Consumer<String> quiet = line -> { };
        Object builder = builderType.getConstructor(java.util.function.Consumer.class).newInstance(quiet);
        Object result = builderType.getMethod("build", specType).invoke(builder, spec);
        assertThat(result.getClass().getMethod("digest").invoke(result)).isEqualTo(expected.digest());
        assertThat(plugin.loadClass("io.jenkins.plugins.imagemirror.shaded.com.google.common.collect.ImmutableList")
                .getClassLoader()).isSameAs(plugin);
    }

    @Test
    void sezpozIndexListsEveryExtension() throws Exception {
        Set<String> indexed = new HashSet<>();
        Class<? extends java.lang.annotation.Annotation> extension = standIn.core.loadClass("hudson.Extension")
                .asSubclass(java.lang.annotation.Annotation.class);
        for (IndexItem<?, Object> item : Index.load(extension, Object.class, standIn.plugin)) {
            indexed.add(item.className());
        }
        JavaClasses ours = new ClassFileImporter().importJar(new JarFile(standIn.pluginJar.toFile()));
        List<String> annotated = PluginStructureTest.extensionNames(ours);
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(annotated).hasSize(7);
        for (String name : indexed) {
            Class<?> c = standIn.plugin.loadClass(name);
            assertThat(Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers())).as(name).isTrue();
            Constructor<?> noArg = c.getConstructor();
            assertThat(Modifier.isPublic(noArg.getModifiers())).as(name).isTrue();
        }
    }

    @Test
    void oneDataBoundConstructorPerDescribable() throws Exception {
        Class<?> describable = standIn.core.loadClass("hudson.model.Describable");
        Class<? extends java.lang.annotation.Annotation> bound = standIn.core
                .loadClass("org.kohsuke.stapler.DataBoundConstructor").asSubclass(java.lang.annotation.Annotation.class);
        List<String> found = new ArrayList<>();
        for (String name : entries(standIn.pluginJar)) {
            if (!name.endsWith(".class") || !name.startsWith("io/jenkins/plugins/imagemirror/jenkins/")) {
                continue;
            }
            Class<?> c = standIn.plugin.loadClass(name.substring(0, name.length() - 6).replace('/', '.'));
            if (describable.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())
                    && !standIn.core.loadClass("hudson.model.Descriptor").isAssignableFrom(c)) {
                List<Constructor<?>> annotated = new ArrayList<>();
                for (Constructor<?> k : c.getDeclaredConstructors()) {
                    if (k.isAnnotationPresent(bound)) {
                        annotated.add(k);
                    }
                }
                assertThat(annotated).as(c.getName()).hasSize(1);
                assertThat(Modifier.isPublic(annotated.get(0).getModifiers())).isTrue();
                assertThat(annotated.get(0).getParameters()).allMatch(p -> p.isNamePresent());
                found.add(c.getSimpleName());
            }
        }
        assertThat(found).containsExactlyInAnyOrder("MirrorImageStep", "BuildImageStep", "ImageSizesStep",
                "MirrorTarget", "RegistryEntry");
    }

    @Test
    void everyViewIsWellFormedAndEscapesByDefault() throws Exception {
        int views = 0;
        try (JarFile jar = new JarFile(standIn.pluginJar.toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (!e.getName().endsWith(".jelly")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = jar.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                String text = new String(bytes, StandardCharsets.UTF_8);
                ViewRules.check(e.getName(), text);
                DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new java.io.ByteArrayInputStream(bytes));
                views++;
            }
        }
        assertThat(views).isEqualTo(10);
    }

    @Test
    void formMethodsInTheArtifactArePostAndPermissionChecked() throws IOException {
        JavaClasses ours = new ClassFileImporter().importJar(new JarFile(standIn.pluginJar.toFile()));
        List<JavaMethod> methods = PluginStructureTest.sensitiveFormMethods(ours);
        assertThat(methods).hasSize(5);
        for (JavaMethod m : methods) {
            assertThat(m.isAnnotatedWith("org.kohsuke.stapler.verb.POST")).as(m.getFullName()).isTrue();
            assertThat(PluginStructureTest.reachesPermissionCheck(m, new HashSet<>(), 4)).as(m.getFullName()).isTrue();
        }
    }

    static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream().map(JarEntry::getName).toList();
        }
    }
}
