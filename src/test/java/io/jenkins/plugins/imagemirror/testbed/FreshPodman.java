package io.jenkins.plugins.imagemirror.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * podman with a new, empty root for every load or pull: podman's size of an image grows each time the same image
 * arrives under another reference, so only a fresh root gives the size a user's first pull shows (D + K + 2·M).
 * vfs storage, so a root is plain directories and is deleted without unmounting anything.
 */
final class FreshPodman implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Testbed bed;
    private final Path scratch;
    private int roots;
    private Path root;
    private Path runRoot;

    FreshPodman(Testbed bed, Path scratch) {
        this.bed = bed;
        this.scratch = scratch;
    }

    /** {@code podman load} into a fresh root; returns the names podman gave the images (localhost/… for bare names). */
    List<String> load(Path archive) {
        freshRoot();
        List<String> names = new ArrayList<>();
        for (String line :
                podman().args("load", "-i", archive.toString()).run().lines().toList()) {
            if (line.startsWith("Loaded image: "))
                names.add(line.substring("Loaded image: ".length()).trim());
            else if (line.startsWith("Loaded image(s): ")) {
                for (String n : line.substring("Loaded image(s): ".length()).split(",")) names.add(n.trim());
            }
        }
        return names;
    }

    /** {@code podman pull} into a fresh root. */
    void pull(String ref) {
        freshRoot();
        Command c = podman().args("pull", "--quiet");
        RegistryAccess access = RegistryAccess.of(bed, RegistryAccess.host(ref));
        c.args(access.tls() ? List.of("--cert-dir", bed.certDir().toString()) : List.of("--tls-verify=false"));
        if (access.hasAccount()) c.args("--creds", access.credentials()).secret(access.password());
        c.args(ref).run();
    }

    /** {@code .Digest} of {@code podman images --format json} for {@code ref} in the root of the last load or pull. */
    String imageDigest(String ref) {
        if (root == null) throw new IllegalStateException("podmanImageDigest before any podmanLoad/podmanPull");
        for (JsonNode image :
                readJson(podman().args("images", "--format", "json").run(), "podman images")) {
            for (JsonNode name : image.path("Names")) {
                if (name.asText().equals(ref)) return image.get("Digest").asText();
            }
        }
        throw new IllegalStateException("podman lists no image " + ref + " in " + root);
    }

    /** {@code .Size} of {@code podman images --format json} in the root of the last load or pull. */
    long imageSize(String ref) {
        if (root == null) throw new IllegalStateException("podmanImageSize before any podmanLoad/podmanPull");
        JsonNode images = readJson(podman().args("images", "--format", "json").run(), "podman images");
        Set<String> wanted = Set.of(ref, "localhost/" + ref, "docker.io/" + ref, "docker.io/library/" + ref);
        List<String> seen = new ArrayList<>();
        for (JsonNode image : images) {
            for (JsonNode name : image.path("Names")) {
                if (wanted.contains(name.asText())) return image.get("Size").asLong();
                seen.add(name.asText());
            }
        }
        throw new IllegalStateException("podman lists no image " + ref + " in " + root + "; it has " + seen);
    }

    private void freshRoot() {
        deleteRoot();
        root = scratch.resolve("podman-" + ++roots);
        try {
            // podman refuses a runroot path longer than 50 characters: keep it short, outside the bed's directory
            runRoot = Files.createTempDirectory("tb-podman-");
        } catch (IOException e) {
            throw new UncheckedIOException("creating a podman runroot in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    private void deleteRoot() {
        if (root != null) Runtimes.deleteTree(root);
        if (runRoot != null) Runtimes.deleteTree(runRoot);
        root = null;
        runRoot = null;
    }

    private Command podman() {
        return Command.of(
                        "podman",
                        "--root",
                        root.resolve("root").toString(),
                        "--runroot",
                        runRoot.toString(),
                        "--storage-driver",
                        "vfs",
                        "--cgroup-manager",
                        "cgroupfs",
                        "--events-backend",
                        "file",
                        "--tmpdir",
                        root.resolve("tmp").toString())
                .env("REGISTRY_AUTH_FILE", scratch.resolve("auth.json").toString());
    }

    @Override
    public void close() {
        deleteRoot();
    }

    private static JsonNode readJson(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("parsing the JSON of " + what, e);
        }
    }
}
