package io.jenkins.plugins.imagemirror.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.imagemirror.core.archive.TestImages;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.jenkins.RegistryProfile;
import io.jenkins.plugins.imagemirror.jenkins.StepFlow;
import io.jenkins.plugins.imagemirror.jenkins.StepKind;
import io.jenkins.plugins.imagemirror.jenkins.WorkPlan;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classes the step's agent-side path loads (docs/benchmarks.md, "Cold path changes"): {@code mirrorImage}'s work
 * ({@code ImageWork.run} on the plan as the channel delivers it: the copy, the digests file, the size report in JSON
 * and HTML) runs in a class loader of its own, as on a fresh agent, where each class is fetched over the remoting
 * channel, against two in-process registries (the destination has everything: the {@code present} scenario, where
 * this fixed cost is the whole call). It must load no Jackson class: the manifests, configs, token answers, error
 * bodies and the report's JSON all go through core.image's own JsonReader and JsonWriter.
 */
class MirrorPathClassesTest {
    @Test
    void mirroringToARegistryThatHasItAllLoadsNoJacksonClass(@TempDir Path tmp) throws Exception {
        Map<String, byte[]> store = new ConcurrentHashMap<>();
        Map<String, ManifestContent> manifests = new ConcurrentHashMap<>();
        ImageIndex index = image(store, manifests);
        HttpServer source = registry(store, manifests, index);
        HttpServer destination = registry(store, manifests, index);
        try {
            String src = "127.0.0.1:" + source.getAddress().getPort();
            String dst = "127.0.0.1:" + destination.getAddress().getPort();
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("source", src + "/team/app:1");
            arguments.put("target", dst + "/team/app:1");
            List<RegistryProfile> registries = new ArrayList<>();
            for (String host : List.of(src, dst)) {
                registries.add(new RegistryProfile(
                        null, host, null, null, true, RegistryProfile.DEFAULT_MAX_RETRY_WAIT_SECONDS));
            }
            WorkPlan plan = new StepFlow(registries, List.of()).plan(StepKind.MIRROR, arguments, id -> {
                throw new IOException("no credentials in this test: " + id);
            });
            ByteArrayOutputStream channel = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(channel)) {
                out.writeObject(plan);
            }

            FreshAgentLoader agent = new FreshAgentLoader(getClass().getClassLoader());
            Class<?> entry = agent.loadClass(AgentEntry.class.getName());
            Method run = entry.getMethod("run", byte[].class, File.class);
            String result = (String) run.invoke(
                    null, channel.toByteArray(), tmp.resolve("workspace").toFile());

            assertThat(result)
                    .contains("image-sizes.json")
                    .contains(index.digest().toString());
            assertThat(agent.loaded())
                    .as("the agent loaded the step's path itself")
                    .contains(
                            AgentEntry.class.getName(),
                            "io.jenkins.plugins.imagemirror.core.image.ManifestContent",
                            "io.jenkins.plugins.imagemirror.core.size.SizeReportJsonWriter");
            assertThat(agent.loaded())
                    .as("classes of the step's path")
                    .noneMatch(name -> name.startsWith("com.fasterxml."));
        } finally {
            source.stop(0);
            destination.stop(0);
        }
    }

    /**
     * A linux/amd64 and linux/arm64 index (as the benchmark's image: a multi-platform root has no docker-archive
     * size), each platform a config and one gzip layer with a file; blobs in {@code store}, manifests in
     * {@code manifests}, by digest.
     */
    private static ImageIndex image(Map<String, byte[]> store, Map<String, ManifestContent> manifests)
            throws IOException {
        byte[] tar = TestImages.layerTar("hello from the cold path\n");
        byte[] layer = TestImages.gzip(tar);
        Descriptor layerDescriptor = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, layer);
        store.put(layerDescriptor.digest().toString(), layer);
        List<Descriptor> platforms = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"Labels\":"
                            + "{\"a\":\"b\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                            + Digest.sha256(tar)
                            + "\"]},\"history\":[{\"created_by\":\"COPY hello.txt /app/\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            Descriptor configDescriptor = Descriptor.ofContent(MediaType.OCI_CONFIG, config);
            store.put(configDescriptor.digest().toString(), config);
            Manifest manifest =
                    Manifest.create(MediaType.OCI_MANIFEST, configDescriptor, List.of(layerDescriptor), Map.of());
            manifests.put(manifest.digest().toString(), manifest);
            platforms.add(new Descriptor(
                    manifest.mediaType(),
                    manifest.digest(),
                    manifest.length(),
                    new Platform("linux", arch, null),
                    Map.of()));
        }
        ImageIndex index = ImageIndex.create(MediaType.OCI_INDEX, platforms, Map.of());
        manifests.put(index.digest().toString(), index);
        return index;
    }

    /** A read-only registry with {@code team/app:1}: enough of the distribution API for a copy that moves nothing. */
    private static HttpServer registry(
            Map<String, byte[]> blobs, Map<String, ManifestContent> manifests, ImageIndex index) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                boolean head = exchange.getRequestMethod().equals("HEAD");
                if (path.equals("/v2/")) {
                    send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), null, head);
                } else if (path.startsWith("/v2/team/app/manifests/")) {
                    String ref = path.substring(path.lastIndexOf('/') + 1);
                    ManifestContent manifest = ref.equals("1") ? index : manifests.get(ref);
                    if (manifest != null) {
                        send(exchange, 200, manifest.mediaType(), manifest.bytes(), manifest.digest(), head);
                    } else {
                        unknown(exchange, "MANIFEST_UNKNOWN", head);
                    }
                } else if (path.startsWith("/v2/team/app/blobs/")) {
                    byte[] blob = blobs.get(path.substring(path.lastIndexOf('/') + 1));
                    if (blob == null) {
                        unknown(exchange, "BLOB_UNKNOWN", head);
                    } else {
                        send(exchange, 200, "application/octet-stream", blob, Digest.sha256(blob), head);
                    }
                } else {
                    unknown(exchange, "UNSUPPORTED", head);
                }
            }
        });
        server.start();
        return server;
    }

    private static void unknown(HttpExchange exchange, String code, boolean head) throws IOException {
        byte[] body = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"not here\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        send(exchange, 404, "application/json", body, null, head);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, Digest digest, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
        if (digest != null) {
            exchange.getResponseHeaders().set("Docker-Content-Digest", digest.toString());
        }
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * A class loader that defines every class it does not get from the JDK's platform loader itself, from the test's
     * class path, and remembers each: what a fresh agent JVM would fetch over its channel.
     */
    static final class FreshAgentLoader extends ClassLoader {
        private final ClassLoader classPath;
        private final List<String> loaded = Collections.synchronizedList(new ArrayList<>());

        FreshAgentLoader(ClassLoader classPath) {
            super("fresh-agent", ClassLoader.getPlatformClassLoader());
            this.classPath = classPath;
        }

        List<String> loaded() {
            synchronized (loaded) {
                return List.copyOf(loaded);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            try (InputStream in = classPath.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                loaded.add(name);
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        protected URL findResource(String name) {
            return classPath.getResource(name);
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            return classPath.getResources(name);
        }
    }
}
