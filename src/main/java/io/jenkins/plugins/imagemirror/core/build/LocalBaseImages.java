package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.image.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Base images that need no network: {@code scratch}, an OCI layout directory ({@code oci:DIR[:TAG]}) and an OCI
 * archive ({@code oci-archive:FILE[:TAG]}, unpacked once into the cache, keyed by its SHA-256). Any other reference
 * goes to {@code registry}, the engine's source; without one, building on a registry image is refused.
 */
public final class LocalBaseImages implements BaseImageSource {
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private final BaseImageSource registry;

    /** @param registry the source for registry references, or null when only local bases are allowed */
    public LocalBaseImages(BaseImageSource registry) {
        this.registry = registry;
    }

    @Override
    public BaseImage fetch(String reference, Platform platform, Path cacheDir)
            throws IOException, InterruptedException {
        if (reference.equals("scratch")) {
            return BaseImage.scratch();
        }
        if (reference.startsWith("oci:")) {
            String[] pathAndTag = pathAndTag(reference.substring(4));
            return fromLayout(reference, Path.of(pathAndTag[0]), pathAndTag[1], platform);
        }
        if (reference.startsWith("oci-archive:")) {
            String[] pathAndTag = pathAndTag(reference.substring("oci-archive:".length()));
            Path unpacked = unpack(Path.of(pathAndTag[0]), cacheDir.resolve("bases"));
            return fromLayout(reference, unpacked, pathAndTag[1], platform);
        }
        if (registry == null) {
            throw new IOException("fetching base image " + reference + ": no registry source configured; build "
                    + "on scratch, oci:DIR or oci-archive:FILE, or give the builder a registry source");
        }
        return registry.fetch(reference, platform, cacheDir);
    }

    /** {@code path[:tag]}: a last colon followed by no slash starts the tag. */
    private static String[] pathAndTag(String text) {
        int colon = text.lastIndexOf(':');
        if (colon > 0 && text.indexOf('/', colon) < 0) {
            return new String[] {text.substring(0, colon), text.substring(colon + 1)};
        }
        return new String[] {text, null};
    }

    static BaseImage fromLayout(String name, Path dir, String tag, Platform platform) throws IOException {
        OciLayout layout = OciLayout.open(dir);
        JsonNode manifests = layout.index().path("manifests");
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode m : manifests) {
            String ref = m.at("/annotations/org.opencontainers.image.ref.name").asText(null);
            if (tag == null || tag.equals(ref)) {
                candidates.add(m);
            }
        }
        if (candidates.size() != 1) {
            throw new IOException("reading base image " + name + ": " + (candidates.isEmpty() ? "no image"
                    : candidates.size() + " images") + (tag == null ? "" : " tagged " + tag) + " in " + dir
                    + "; name one with oci:DIR:TAG");
        }
        JsonNode descriptor = candidates.get(0);
        String mediaType = descriptor.path("mediaType").asText();
        if (mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST)) {
            descriptor = selectPlatform(name, layout.readJson(descriptor.get("digest").asText()), platform);
        }
        JsonNode manifest = layout.readJson(descriptor.get("digest").asText());
        ObjectNode config = (ObjectNode) layout.readJson(manifest.at("/config/digest").asText());
        String os = config.path("os").asText();
        String arch = config.path("architecture").asText();
        if (!matches(platform, os, arch, config.path("variant").asText(null))) {
            throw new IOException("base image " + name + " is " + os + "/" + arch + ", not " + platform + "; build "
                    + "for " + os + "/" + arch + " or use a base with " + platform);
        }
        List<JsonNode> layers = new ArrayList<>();
        manifest.path("layers").forEach(layers::add);
        return new BaseImage(name, config, layers, dir);
    }

    /** Whether an image for os/arch/variant runs on {@code platform}; a malformed platform never does. */
    static boolean matches(Platform platform, String os, String architecture, String variant) {
        try {
            return platform.matches(new Platform(os, architecture, variant));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode selectPlatform(String name, JsonNode index, Platform platform) throws IOException {
        List<String> available = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode p = m.path("platform");
            available.add(p.path("os").asText() + "/" + p.path("architecture").asText()
                    + (p.hasNonNull("variant") ? "/" + p.get("variant").asText() : ""));
            if (matches(platform, p.path("os").asText(), p.path("architecture").asText(),
                    p.path("variant").asText(null))) {
                return m;
            }
        }
        throw new IOException("base image " + name + " has no " + platform + " image (it has " + available
                + "); build for one of those platforms");
    }

    private static Path unpack(Path archive, Path bases) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IOException("reading base image archive " + archive + ": no such file");
        }
        Path target = bases.resolve(ArchiveExtractor.sha256(archive));
        if (Files.isRegularFile(target.resolve("index.json"))) {
            return target;
        }
        Files.createDirectories(bases);
        Path partial = Files.createTempDirectory(bases, ".unpack-");
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String path = DockerIgnore.clean(e.getName());
                if (path.startsWith("..") || !e.isFile()) {
                    continue;
                }
                Path file = partial.resolve(path);
                Files.createDirectories(file.getParent());
                Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            ArchiveExtractor.deleteTree(partial);
            if (!Files.isRegularFile(target.resolve("index.json"))) {
                throw e;
            }
        }
        return target;
    }
}
