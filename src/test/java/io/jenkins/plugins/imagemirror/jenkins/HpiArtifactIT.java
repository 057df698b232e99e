package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.transport.OciArchiveSource;
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
    private static final String SHADED = "io.jenkins.plugins.imagemirror.shaded.";

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
                assertThat(main.getValue("Jenkins-Version")).isEqualTo("2.504.3");
                // maven-hpi-plugin's AbstractJenkinsManifestMojo.setAttributes writes it into both manifests
                assertThat(main.getValue("Minimum-Java-Version"))
                        .as(jar.toString())
                        .isEqualTo("17");
                assertThat(main.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
                assertThat(main.getValue("Artifact-Id")).isEqualTo("image-mirror");
                assertThat(main.getValue("Plugin-Dependencies").split(","))
                        .containsExactlyInAnyOrder(
                                "workflow-step-api:724.v538c2362b_dfb_",
                                "credentials:1487.va_d001ede2c31",
                                "jackson2-api:2.21.2-436.v29efdb_7418ff",
                                "snakeyaml-api:2.5-149.v72471e9c6371",
                                "gson-api:2.14.0-201.v8eefe5515533",
                                "asm-api:9.10.1-216.va_9256d3b_844b_",
                                "commons-lang3-api:3.20.0-109.ve43756e2d2b_4",
                                "apache-httpcomponents-client-4-api:4.5.14-269.vfa_2321039a_83");
            }
        }
        try (JarFile libs = new JarFile(standIn.libsJar.toFile())) {
            assertThat(libs.getManifest() == null
                            || libs.getManifest().getMainAttributes().getValue("Short-Name") == null)
                    .as("bundled libraries are not trusted by JEP-200: no plugin manifest")
                    .isTrue();
        }
    }

    @Test
    void noFacsimileClassAnywhere() throws IOException {
        for (Path jar : List.of(standIn.hpi, standIn.pluginJar, standIn.libsJar)) {
            for (String name : entries(jar)) {
                assertThat(JenkinsCoreStandIn.FACSIMILE_PREFIXES)
                        .as(jar + " holds " + name)
                        .noneMatch(name::startsWith);
            }
        }
        assertThat(entries(standIn.hpi))
                .containsExactlyInAnyOrder(
                        "META-INF/",
                        "META-INF/MANIFEST.MF",
                        "WEB-INF/",
                        "WEB-INF/licenses.xml",
                        "WEB-INF/lib/",
                        "WEB-INF/lib/image-mirror.jar",
                        "WEB-INF/lib/image-mirror-libs.jar");
    }

    @Test
    void librariesJenkinsCoreShipsAreRelocated() throws IOException {
        for (String name : entries(standIn.libsJar)) {
            if (name.endsWith(".class")) {
                assertThat(name)
                        .as("unrelocated library class")
                        .doesNotStartWith("com/google/common/")
                        .doesNotStartWith("org/apache/commons/compress/")
                        .doesNotStartWith("org/apache/commons/io/")
                        .doesNotStartWith("org/apache/commons/codec/");
            }
        }
        JavaClasses ours = new ClassFileImporter().importJar(new JarFile(standIn.pluginJar.toFile()));
        for (JavaClass c : ours) {
            c.getDirectDependenciesFromSelf()
                    .forEach(d -> assertThat(d.getTargetClass().getName())
                            .as(c.getName() + " depends on an unrelocated library")
                            .doesNotStartWith("com.google.common.")
                            .doesNotStartWith("org.apache.commons.compress.")
                            .doesNotStartWith(SHADED + "com.fasterxml.")
                            .doesNotStartWith(SHADED + "org.yaml."));
        }
    }

    /** Our code, loaded parent-first under Jenkins core's own Guava 33 and commons-compress, copies an image. */
    @Test
    void pluginCodeRunsUnderJenkinsCoresLibraries() throws Exception {
        ClassLoader plugin = standIn.plugin;
        assertThat(plugin.loadClass("com.google.common.collect.ImmutableList").getClassLoader())
                .isSameAs(standIn.core);
        assertThat(plugin.loadClass("io.jenkins.plugins.imagemirror.shaded.com.google.common.collect.ImmutableList")
                        .getClassLoader())
                .isSameAs(plugin);
        assertThat(plugin.loadClass(ImageWork.class.getName()).getClassLoader()).isSameAs(plugin);

        SeedImage seed = new SeedImage("hpi-classloader");
        String plain = Testbed.get().plain();
        seed.push(new RegistryClient(RegistrySettings.defaults(plain).withPlainHttp(true)), "hpi/seed", "1");
        Path archive = work.resolve("seed.tar");

        Class<?> settingsType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.registry.RegistrySettings");
        Object settings = settingsType.getMethod("defaults", String.class).invoke(null, plain);
        settings = settingsType.getMethod("withPlainHttp", boolean.class).invoke(settings, true);
        Object client = plugin.loadClass("io.jenkins.plugins.imagemirror.core.registry.RegistryClient")
                .getConstructor(settingsType)
                .newInstance(settings);
        Class<?> referenceType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.image.ImageReference");
        Object reference = referenceType.getMethod("parse", String.class).invoke(null, plain + "/hpi/seed:1");
        Object source = plugin.loadClass("io.jenkins.plugins.imagemirror.core.transport.RegistrySource")
                .getConstructor(client.getClass(), referenceType)
                .newInstance(client, reference);
        Object destination = plugin.loadClass("io.jenkins.plugins.imagemirror.core.transport.OciArchiveDestination")
                .getMethod("create", Path.class, String.class)
                .invoke(null, archive, "hpi/seed:1");
        Class<?> optionsType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.CopyOptions");
        Class<?> listenerType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.CopyListener");
        Object copier = plugin.loadClass("io.jenkins.plugins.imagemirror.core.copy.ImageCopier")
                .getConstructor(optionsType, listenerType)
                .newInstance(
                        optionsType.getMethod("defaults").invoke(null),
                        listenerType.getField("NONE").get(null));
        Class<?> sourceType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.transport.ImageSource");
        Method copy = copier.getClass().getMethod("copy", sourceType, List.class);
        copy.invoke(copier, source, List.of(destination));
        ((AutoCloseable) destination).close();
        ((AutoCloseable) source).close();

        try (OciArchiveSource written = OciArchiveSource.open(archive, null)) {
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
                new io.jenkins.plugins.imagemirror.core.build.ImageBuilder(line -> {})
                        .build(new io.jenkins.plugins.imagemirror.core.build.BuildSpec(
                                context,
                                null,
                                null,
                                java.util.Map.of(),
                                List.of("linux/amd64"),
                                work.resolve("cache-test"),
                                work.resolve("out-test"),
                                java.time.Instant.EPOCH,
                                null));

        ClassLoader plugin = standIn.plugin;
        Class<?> sourceType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.build.BaseImageSource");
        Class<?> specType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.build.BuildSpec");
        Object spec = specType.getConstructor(
                        Path.class,
                        Path.class,
                        Path.class,
                        java.util.Map.class,
                        List.class,
                        Path.class,
                        Path.class,
                        java.time.Instant.class,
                        sourceType)
                .newInstance(
                        context,
                        null,
                        null,
                        java.util.Map.of(),
                        List.of("linux/amd64"),
                        work.resolve("cache-plugin"),
                        work.resolve("out-plugin"),
                        java.time.Instant.EPOCH,
                        null);
        Class<?> builderType = plugin.loadClass("io.jenkins.plugins.imagemirror.core.build.ImageBuilder");
        java.util.function.Consumer<String> quiet = line -> {};
        Object builder =
                builderType.getConstructor(java.util.function.Consumer.class).newInstance(quiet);
        Object result = builderType.getMethod("build", specType).invoke(builder, spec);
        assertThat(result.getClass().getMethod("digest").invoke(result)).isEqualTo(expected.digest());
        assertThat(plugin.loadClass("io.jenkins.plugins.imagemirror.shaded.com.google.common.collect.ImmutableList")
                        .getClassLoader())
                .isSameAs(plugin);
    }

    @Test
    void sezpozIndexListsEveryExtension() throws Exception {
        Set<String> indexed = new HashSet<>();
        Class<? extends java.lang.annotation.Annotation> extension =
                standIn.core.loadClass("hudson.Extension").asSubclass(java.lang.annotation.Annotation.class);
        for (IndexItem<?, Object> item : Index.load(extension, Object.class, standIn.plugin)) {
            indexed.add(item.className());
        }
        JavaClasses ours = new ClassFileImporter().importJar(new JarFile(standIn.pluginJar.toFile()));
        List<String> annotated = PluginStructureTest.extensionNames(ours);
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(annotated).hasSize(7);
        for (String name : indexed) {
            Class<?> c = standIn.plugin.loadClass(name);
            assertThat(Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers()))
                    .as(name)
                    .isTrue();
            Constructor<?> noArg = c.getConstructor();
            assertThat(Modifier.isPublic(noArg.getModifiers())).as(name).isTrue();
        }
    }

    @Test
    void oneDataBoundConstructorPerDescribable() throws Exception {
        Class<?> describable = standIn.core.loadClass("hudson.model.Describable");
        Class<? extends java.lang.annotation.Annotation> bound = standIn.core
                .loadClass("org.kohsuke.stapler.DataBoundConstructor")
                .asSubclass(java.lang.annotation.Annotation.class);
        List<String> found = new ArrayList<>();
        for (String name : entries(standIn.pluginJar)) {
            if (!name.endsWith(".class") || !name.startsWith("io/jenkins/plugins/imagemirror/jenkins/")) {
                continue;
            }
            Class<?> c = standIn.plugin.loadClass(
                    name.substring(0, name.length() - 6).replace('/', '.'));
            if (describable.isAssignableFrom(c)
                    && !Modifier.isAbstract(c.getModifiers())
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
        assertThat(found)
                .containsExactlyInAnyOrder(
                        "MirrorImageStep", "BuildImageStep", "ImageSizesStep", "MirrorTarget", "RegistryEntry");
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
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(new java.io.ByteArrayInputStream(bytes));
                views++;
            }
        }
        assertThat(views).isEqualTo(11); // the sources' views, as ViewsTest counts them
    }

    @Test
    void formMethodsInTheArtifactArePostAndPermissionChecked() throws IOException {
        JavaClasses ours = new ClassFileImporter().importJar(new JarFile(standIn.pluginJar.toFile()));
        List<JavaMethod> methods = PluginStructureTest.sensitiveFormMethods(ours);
        assertThat(methods).hasSize(5);
        for (JavaMethod m : methods) {
            assertThat(m.isAnnotatedWith("org.kohsuke.stapler.verb.POST"))
                    .as(m.getFullName())
                    .isTrue();
            assertThat(PluginStructureTest.reachesPermissionCheck(m, new HashSet<>(), 4))
                    .as(m.getFullName())
                    .isTrue();
        }
    }

    /**
     * structs' {@code SymbolLookup.find(type, symbol)} (jenkinsci/structs-plugin) walks
     * {@code Index.list(Symbol.class, pluginManager.uberClassLoader, Class.class)}: lib-annotation-indexer's
     * {@code Index.listClassNames} reads every {@code META-INF/annotations/org.jenkinsci.Symbol} (and
     * {@code META-INF/services/annotations/...}) resource, UTF-8, one class name a line; {@code Index.list} loads each
     * class and keeps it if it carries {@code @Symbol}; {@code find} then matches the symbol's value. A class missing
     * from the index is no symbol at all: {@code target(...)} written by the Snippet Generator fails with "No such DSL
     * method". Modelled on the plugin's class loader from the built .hpi, for every {@code @Symbol} class compiled.
     */
    @Test
    void symbolLookupFindsEverySymbolThroughTheIndexInTheBuiltJar() throws Exception {
        Class<? extends java.lang.annotation.Annotation> symbol =
                standIn.core.loadClass("org.jenkinsci.Symbol").asSubclass(java.lang.annotation.Annotation.class);
        JavaClasses compiled = new ClassFileImporter().importPath(standIn.target.resolve("classes"));
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        for (JavaClass c : compiled) {
            if (c.getPackageName().startsWith("io.jenkins.plugins.imagemirror")
                    && c.isAnnotatedWith("org.jenkinsci.Symbol")) {
                for (String value : symbolValues(standIn.plugin.loadClass(c.getName()), symbol)) {
                    expected.put(value, c.getName());
                }
            }
        }
        assertThat(expected)
                .containsOnlyKeys("mirrorImage", "buildImage", "imageSizes", "target", "registry", "imageMirror");

        Set<String> indexed = listClassNames(symbol, standIn.plugin);
        List<String> jarEntries = entries(standIn.pluginJar);
        for (String name : indexed) {
            assertThat(jarEntries).as("indexed class in the inner jar").contains(name.replace('.', '/') + ".class");
        }
        try (JarFile jar = new JarFile(standIn.pluginJar.toFile())) {
            assertThat(jar.getJarEntry("META-INF/annotations/org.jenkinsci.Symbol"))
                    .as("the index is in the plugin jar")
                    .isNotNull();
        }
        for (var e : expected.entrySet()) {
            assertThat(find(symbol, e.getKey(), indexed))
                    .as("SymbolLookup.find(Object.class, \"" + e.getKey() + "\")")
                    .isEqualTo(e.getValue());
        }
    }

    /** Index.listClassNames: both resource prefixes, every resource of that name, UTF-8, one name a line. */
    private static Set<String> listClassNames(Class<?> annotation, ClassLoader loader) throws IOException {
        Set<String> names = new java.util.TreeSet<>();
        for (String prefix : List.of("META-INF/annotations/", "META-INF/services/annotations/")) {
            for (java.net.URL url : Collections.list(loader.getResources(prefix + annotation.getName()))) {
                try (InputStream in = url.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .forEach(names::add);
                }
            }
        }
        return names;
    }

    /** SymbolLookup.find(Object.class, symbol) over Index.list: the class name whose @Symbol has that value, or null. */
    private static String find(
            Class<? extends java.lang.annotation.Annotation> symbol, String value, Set<String> indexed)
            throws Exception {
        for (String name : indexed) {
            Class<?> c = standIn.plugin.loadClass(name);
            if (c.isAnnotationPresent(symbol) && symbolValues(c, symbol).contains(value)) {
                return name;
            }
        }
        return null;
    }

    private static List<String> symbolValues(Class<?> c, Class<? extends java.lang.annotation.Annotation> symbol)
            throws ReflectiveOperationException {
        Object annotation = c.getAnnotation(symbol);
        return annotation == null
                ? List.of()
                : List.of((String[]) symbol.getMethod("value").invoke(annotation));
    }

    /** Package prefixes a Jenkins library plugin (or an API plugin we compile against) provides, by plugin name. */
    static final java.util.Map<String, String> PLUGIN_PACKAGES = java.util.Map.ofEntries(
            java.util.Map.entry("com/fasterxml/jackson/", "jackson2-api"),
            java.util.Map.entry("org/yaml/snakeyaml/", "snakeyaml-api"),
            java.util.Map.entry("com/google/gson/", "gson-api"),
            java.util.Map.entry("org/objectweb/asm/", "asm-api"),
            java.util.Map.entry("org/apache/commons/lang3/", "commons-lang3-api"),
            java.util.Map.entry("org/apache/http/", "apache-httpcomponents-client-4-api"),
            java.util.Map.entry("org/jenkinsci/plugins/workflow/steps/", "workflow-step-api"),
            java.util.Map.entry("com/cloudbees/plugins/credentials/", "credentials"),
            java.util.Map.entry("org/jenkinsci/plugins/structs/", "structs"));

    /** Nothing a library plugin provides is inside the .hpi, relocated or not. */
    @Test
    void noClassOfALibraryPluginIsBundled() throws IOException {
        String shaded = SHADED.replace('.', '/');
        for (Path jar : List.of(standIn.pluginJar, standIn.libsJar)) {
            for (String name : entries(jar)) {
                String unshaded = name.startsWith(shaded) ? name.substring(shaded.length()) : name;
                for (String prefix : PLUGIN_PACKAGES.keySet()) {
                    assertThat(unshaded)
                            .as(jar.getFileName() + " bundles " + name + ", which " + PLUGIN_PACKAGES.get(prefix)
                                    + " provides")
                            .doesNotStartWith(prefix);
                }
            }
        }
    }

    /**
     * Every plugin whose packages the bundled bytecode (ours, Jib's, every library's) refers to is in
     * Plugin-Dependencies, and no other: read from the constant pools, so a new library that pulls in Jackson or Gson
     * fails here rather than with NoClassDefFoundError in Jenkins.
     */
    @Test
    void pluginDependenciesAreExactlyThePluginsTheBundledBytecodeNeeds() throws IOException {
        java.util.Map<String, String> firstUser = new java.util.TreeMap<>();
        for (Path jar : List.of(standIn.pluginJar, standIn.libsJar)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry e : Collections.list(file.entries())) {
                    if (!e.getName().endsWith(".class")) {
                        continue;
                    }
                    byte[] bytes;
                    try (InputStream in = file.getInputStream(e)) {
                        bytes = in.readAllBytes();
                    }
                    for (String constant : ClassFileConstants.utf8(bytes)) {
                        PLUGIN_PACKAGES.forEach((prefix, plugin) -> {
                            if (constant.startsWith(prefix) || constant.contains("L" + prefix)) {
                                firstUser.putIfAbsent(plugin, e.getName());
                            }
                        });
                    }
                }
            }
        }
        List<String> declared = new ArrayList<>();
        try (JarFile hpi = new JarFile(standIn.hpi.toFile())) {
            for (String dependency : hpi.getManifest()
                    .getMainAttributes()
                    .getValue("Plugin-Dependencies")
                    .split(",")) {
                declared.add(dependency.substring(0, dependency.indexOf(':')));
            }
        }
        // Declared though no bundled class names its packages: jackson2-api's jackson-dataformat-yaml (our build-file
        // and YAML parsing) runs on SnakeYAML; jackson2-api depends on snakeyaml-api, we name it for its version.
        java.util.Map<String, String> indirect = java.util.Map.of("snakeyaml-api", "jackson-dataformat-yaml");
        assertThat(declared).as("Plugin-Dependencies; needed by " + firstUser).containsAll(firstUser.keySet());
        for (String plugin : declared) {
            assertThat(firstUser.containsKey(plugin) || indirect.containsKey(plugin))
                    .as(plugin + " is declared but nothing bundled needs it")
                    .isTrue();
        }
    }

    /**
     * WEB-INF/licenses.xml parses as Jenkins reads it, lists the plugin first, and names each library whose classes
     * are in the libraries jar (each bundled class comes from a listed library's jar, each listed library contributes
     * classes), each with at least one license (name and url, from its POM).
     */
    @Test
    void licensesXmlNamesEveryBundledLibraryWithItsLicense() throws IOException {
        LicensesXml licenses;
        try (JarFile hpi = new JarFile(standIn.hpi.toFile());
                InputStream in = hpi.getInputStream(hpi.getJarEntry("WEB-INF/licenses.xml"))) {
            licenses = LicensesXml.parse(in);
        }
        LicensesXml.Dependency self = licenses.dependencies().get(0);
        assertThat(self.coordinates()).startsWith("io.jenkins.plugins:image-mirror:");
        assertThat(self.name()).isEqualTo("Image Mirror");

        Set<String> bundled = new HashSet<>();
        String shaded = SHADED.replace('.', '/');
        for (String name : entries(standIn.libsJar)) {
            if (name.endsWith(".class")) {
                bundled.add(name.startsWith(shaded) ? name.substring(shaded.length()) : name);
            }
        }
        Set<String> fromListed = new HashSet<>();
        for (LicensesXml.Dependency library :
                licenses.dependencies().subList(1, licenses.dependencies().size())) {
            assertThat(library.licenses())
                    .as(library.coordinates())
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.name()).isNotBlank())
                    .allSatisfy(l -> assertThat(l.url()).isNotBlank());
            assertThat(library.name()).as(library.coordinates()).isNotBlank();
            List<String> classes = entries(localJar(library)).stream()
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                    .toList();
            if (!classes.isEmpty()) {
                assertThat(bundled)
                        .as(library.coordinates() + " is listed, so bundled")
                        .containsAnyElementsOf(classes);
            }
            fromListed.addAll(classes);
        }
        assertThat(fromListed)
                .as("every bundled class belongs to a library in licenses.xml")
                .containsAll(bundled);
    }

    /**
     * Each bundled library's NOTICE survives the shading verbatim (shade keeps one file per name; ours appends them),
     * and each license text a bundled jar carries is in the libraries jar.
     */
    @Test
    void everyBundledLibrarysNoticeAndLicenseTextIsKept() throws IOException {
        StringBuilder notices = new StringBuilder();
        List<String> licenseTexts = new ArrayList<>();
        try (JarFile libs = new JarFile(standIn.libsJar.toFile())) {
            for (JarEntry e : Collections.list(libs.entries())) {
                String upper = e.getName().toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("META-INF/NOTICE")) {
                    notices.append(read(libs, e.getName())).append('\n');
                } else if (upper.startsWith("META-INF/LICENSE")) {
                    licenseTexts.add(normalized(read(libs, e.getName())));
                }
            }
        }
        String merged = normalized(notices.toString());
        LicensesXml licenses;
        try (JarFile hpi = new JarFile(standIn.hpi.toFile());
                InputStream in = hpi.getInputStream(hpi.getJarEntry("WEB-INF/licenses.xml"))) {
            licenses = LicensesXml.parse(in);
        }
        int kept = 0;
        for (LicensesXml.Dependency library :
                licenses.dependencies().subList(1, licenses.dependencies().size())) {
            try (JarFile jar = new JarFile(localJar(library).toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    String upper = e.getName().toUpperCase(java.util.Locale.ROOT);
                    if (upper.startsWith("META-INF/NOTICE")) {
                        assertThat(merged)
                                .as(library.coordinates() + " " + e.getName())
                                .contains(normalized(read(jar, e.getName())));
                        kept++;
                    } else if (upper.startsWith("META-INF/LICENSE")) {
                        assertThat(licenseTexts)
                                .as(library.coordinates() + " " + e.getName())
                                .contains(normalized(read(jar, e.getName())));
                    }
                }
            }
        }
        assertThat(kept)
                .as("NOTICE files of commons-compress, commons-io, commons-codec")
                .isEqualTo(3);
    }

    private static String read(JarFile jar, String entry) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getJarEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    /** The library's jar in the local Maven repository, where the build took it from. */
    private static Path localJar(LicensesXml.Dependency library) {
        Path repository =
                Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        return repository
                .resolve(library.groupId().replace('.', '/'))
                .resolve(library.artifactId())
                .resolve(library.version())
                .resolve(library.artifactId() + "-" + library.version() + ".jar");
    }

    static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream()
                    .map(JarEntry::getName)
                    .toList();
        }
    }
}
