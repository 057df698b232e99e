package io.jenkins.plugins.imagemirror.jenkins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a plugin sees of Jenkins, as class loaders: a parent holding the (facsimile) Jenkins API and the jars core
 * ships unrelocated (Guava, commons-compress, commons-io, commons-codec, jcl-over-slf4j, spring-security, SezPoz);
 * under it the libraries of the library plugins the manifest depends on (Jackson, SnakeYAML, Gson, ASM,
 * commons-lang3, HttpClient 4); and the plugin's jars from the built .hpi in a child that delegates parent-first.
 * Models {@code hudson.ClassicPluginStrategy.createPluginWrapper}: the plugin's loader has as parent a
 * {@code DependencyClassLoader} over core's loader and the loaders of the plugins in {@code Plugin-Dependencies}.
 */
final class JenkinsCoreStandIn {
    static final List<String> FACSIMILE_PREFIXES =
            List.of("hudson/", "jenkins/", "org/kohsuke/", "org/jenkinsci/", "com/cloudbees/", "org/jvnet/hudson/");

    final Path target = Path.of(System.getProperty("project.build.directory", "target"));
    final Path hpi = target.resolve("image-mirror.hpi");
    final Path pluginJar;
    final Path libsJar;
    final URLClassLoader core;
    final URLClassLoader libraryPlugins;
    final URLClassLoader plugin;

    JenkinsCoreStandIn(Path work) throws IOException {
        pluginJar = extract(hpi, "WEB-INF/lib/image-mirror.jar", work);
        libsJar = extract(hpi, "WEB-INF/lib/image-mirror-libs.jar", work);
        Path facsimile = Files.createDirectories(work.resolve("jenkins-core-classes"));
        copyFacsimile(target.resolve("classes"), facsimile);
        List<URL> urls = new ArrayList<>();
        urls.add(facsimile.toUri().toURL());
        try (var jars = Files.list(target.resolve("jenkins-core-stand-in"))) {
            for (Path jar : jars.sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        core = new URLClassLoader("jenkins-core", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        libraryPlugins = new URLClassLoader("library-plugins", jars(target.resolve("library-plugins-stand-in")), core);
        plugin = new URLClassLoader(
                "image-mirror",
                new URL[] {pluginJar.toUri().toURL(), libsJar.toUri().toURL()},
                libraryPlugins);
    }

    private static URL[] jars(Path dir) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (var jars = Files.list(dir)) {
            for (Path jar : jars.sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    static Path extract(Path zip, String entry, Path dir) throws IOException {
        try (JarFile jar = new JarFile(zip.toFile())) {
            JarEntry e = jar.getJarEntry(entry);
            if (e == null) {
                throw new IOException(zip + " has no " + entry);
            }
            Path out = dir.resolve(entry.substring(entry.lastIndexOf('/') + 1));
            try (InputStream in = jar.getInputStream(e)) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
            return out;
        }
    }

    private static void copyFacsimile(Path classes, Path to) throws IOException {
        try (var files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = classes.relativize(f).toString().replace('\\', '/');
                if (FACSIMILE_PREFIXES.stream().anyMatch(rel::startsWith)) {
                    Path out = to.resolve(rel);
                    Files.createDirectories(out.getParent());
                    Files.copy(f, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
