package io.jenkins.plugins.imagemirror.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Drives the bed's runtimes and skopeo the way a user would, and reads back the exact size each one reports:
 * containerd ({@code ctr}, any namespace), the CRI ImageService (namespace k8s.io), podman (a fresh root for every
 * load or pull), and the two dockerds (overlay2, vfs). Every method returns exact numbers or names and throws with
 * the command's stderr (passwords masked) on failure.
 *
 * <p>References to the bed's registries get the right transport and credentials by host: TLS and TOKEN are reached
 * over https trusting the bed's CA with their account; PLAIN, RATELIMIT and ALWAYS429 over plain http.
 *
 * <p>Sizes are only comparable when measured fresh (podman grows an image's size per extra reference; the CRI keeps
 * the size of the first reference registered): use {@link #freshNamespace()}, {@link #criReset()},
 * {@link #dockerReset}; podman is fresh by construction. {@link #close()} removes what this instance created.
 */
public final class Runtimes implements AutoCloseable {
    /** The two dockerds of the bed. */
    public enum Docker {
        OVERLAY2,
        VFS
    }

    /** The namespace the CRI plugin uses. */
    public static final String CRI_NAMESPACE = "k8s.io";

    private final Testbed bed;
    private final Path scratch;
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final FreshPodman podman;
    private final CriImages cri;

    public Runtimes() {
        this(Testbed.get());
    }

    public Runtimes(Testbed bed) {
        this.bed = bed;
        this.scratch = bed.dir()
                .resolve("scratch")
                .resolve(UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(scratch.resolve("docker-config"));
            Files.writeString(scratch.resolve("docker-config/config.json"), "{}");
            Files.writeString(scratch.resolve("auth.json"), "{}");
        } catch (IOException e) {
            throw new UncheckedIOException("creating scratch directory " + scratch, e);
        }
        podman = new FreshPodman(bed, scratch);
        cri = new CriImages(bed.containerdSocket(), scratch.resolve("cri-client"));
    }

    public Testbed testbed() {
        return bed;
    }

    // ---- containerd (ctr) -------------------------------------------------------------------------------------

    /** A containerd namespace name not used before; removed again by {@link #close()}. */
    public String freshNamespace() {
        String ns = "it-" + UUID.randomUUID().toString().substring(0, 12);
        namespaces.add(ns);
        return ns;
    }

    /** {@code ctr images import} (host platform only unless {@code allPlatforms}); returns the image names added. */
    public List<String> ctrImport(Path archive, String namespace, boolean allPlatforms) {
        List<String> before = ctrImages(namespace);
        Command c = ctr(namespace).args("images", "import");
        if (allPlatforms) c.args("--all-platforms");
        c.args(archive.toString()).run();
        List<String> added = new ArrayList<>(ctrImages(namespace));
        added.removeAll(before);
        return added;
    }

    /** {@code ctr images pull} from one of the bed's registries (https + CA + account for TLS and TOKEN). */
    public void ctrPull(String ref, String namespace, boolean allPlatforms) {
        Command c = ctr(namespace)
                .args("images", "pull", "--hosts-dir", bed.ctrHostsDir().toString());
        RegistryAccess access = RegistryAccess.of(bed, RegistryAccess.host(ref));
        if (!access.tls()) c.args("--plain-http");
        if (access.hasAccount()) c.args("--user", access.credentials()).secret(access.password());
        if (allPlatforms) c.args("--all-platforms");
        c.args(ref).run();
    }

    /** Names of the images in a namespace. */
    public List<String> ctrImages(String namespace) {
        return ctr(namespace)
                .args("images", "ls", "-q")
                .run()
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
    }

    /**
     * The exact bytes behind ctr's SIZE column (M + K + A, + I through an index; host platform), proven equal to
     * what {@code ctr images ls} prints once rounded.
     */
    public long ctrImageSize(String namespace, String ref) {
        for (String line :
                ctr(namespace).args("images", "ls").run().lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[0].equals(ref)) continue;
            String mediaType = f[1], digest = f[2], printed = f[3] + " " + f[4];
            byte[] target = ctrContent(namespace, digest);
            long size = ContainerdImageSize.of(target.length, mediaType, target, d -> ctrContent(namespace, d));
            ContainerdImageSize.checkPrinted(size, printed, ref + " in containerd namespace " + namespace);
            return size;
        }
        throw new IllegalStateException(
                "no image " + ref + " in containerd namespace " + namespace + "; it has " + ctrImages(namespace));
    }

    /** The digest {@code ctr images ls} shows for {@code ref} (the root the image points at). */
    public String ctrImageDigest(String namespace, String ref) {
        for (String line :
                ctr(namespace).args("images", "ls").run().lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals(ref)) return f[2];
        }
        throw new IllegalStateException("no image " + ref + " in containerd namespace " + namespace);
    }

    /** Removes every image of the namespace (content is garbage-collected synchronously). */
    public void ctrRemoveAll(String namespace) {
        List<String> images = ctrImages(namespace);
        if (!images.isEmpty())
            ctr(namespace).args("images", "rm", "--sync").args(images).run();
    }

    private byte[] ctrContent(String namespace, String digest) {
        return ctr(namespace).args("content", "get", digest).runBytes();
    }

    private Command ctr(String namespace) {
        return Command.of("ctr", "--address", bed.containerdSocket().toString(), "--namespace", namespace);
    }

    // ---- CRI (containerd namespace k8s.io) --------------------------------------------------------------------

    /**
     * Imports into the CRI's namespace (host platform, as kubelet would see it); returns the names added, without
     * the {@code sha256:<config>} references the CRI plugin adds for its own lookups.
     */
    public List<String> criImport(Path archive) {
        return ctrImport(archive, CRI_NAMESPACE, false).stream()
                .filter(n -> !n.startsWith("sha256:"))
                .toList();
    }

    /** Pulls into the CRI's namespace (host platform). */
    public void criPull(String ref) {
        ctrPull(ref, CRI_NAMESPACE, false);
    }

    /**
     * {@code sizeBytes} of the CRI ImageService for an image whose tags include {@code ref} (docker.io-normalised).
     * The CRI learns about ctr imports and pulls from containerd's event stream, asynchronously: waits up to 60 s (returns as
     * soon as it is listed; the bound only ends a hang, so a loaded machine's slower event stream cannot fail it).
     */
    public long criImageSize(String ref) {
        Set<String> wanted = Set.of(ref, "docker.io/" + ref, "docker.io/library/" + ref);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            List<CriImages.CriImage> images = cri.list();
            for (CriImages.CriImage image : images) {
                if (image.tags().stream().anyMatch(wanted::contains)
                        || image.id().equals(ref)) return image.size();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the CRI lists no image " + ref + " after 60 s; it has "
                        + images.stream().flatMap(i -> i.tags().stream()).toList());
            }
            sleep(200);
        }
    }

    /** Removes every image the CRI knows (namespace k8s.io), so that the next size is measured fresh. */
    public void criReset() {
        for (CriImages.CriImage image : cri.list()) cri.remove(image.id());
        ctrRemoveAll(CRI_NAMESPACE);
    }

    // ---- podman (a fresh root per load or pull) ---------------------------------------------------------------

    /** {@code podman load} into a fresh root; returns the names podman gave the images (localhost/… for bare names). */
    public List<String> podmanLoad(Path archive) {
        return podman.load(archive);
    }

    /** {@code podman pull} into a fresh root. */
    public void podmanPull(String ref) {
        podman.pull(ref);
    }

    /** {@code .Size} of {@code podman images --format json} in the root of the last load or pull. */
    public long podmanImageSize(String ref) {
        return podman.imageSize(ref);
    }

    /** {@code .Digest} of {@code podman images --format json} (the manifest digest) after the last load or pull. */
    public String podmanImageDigest(String ref) {
        return podman.imageDigest(ref);
    }

    // ---- docker (overlay2 and vfs) ----------------------------------------------------------------------------

    /** {@code docker load}; returns the names (or IDs, for unnamed images) docker reports. */
    public List<String> dockerLoad(Docker daemon, Path archive) {
        List<String> names = new ArrayList<>();
        for (String line : docker(daemon)
                .args("load", "-i", archive.toString())
                .run()
                .lines()
                .toList()) {
            if (line.startsWith("Loaded image: "))
                names.add(line.substring("Loaded image: ".length()).trim());
            else if (line.startsWith("Loaded image ID: "))
                names.add(line.substring("Loaded image ID: ".length()).trim());
        }
        return names;
    }

    /** {@code docker pull}, logging in first (to a private config) for TLS and TOKEN. */
    public void dockerPull(Docker daemon, String ref) {
        String host = RegistryAccess.host(ref);
        RegistryAccess access = RegistryAccess.of(bed, host);
        if (!access.hasAccount()) {
            docker(daemon).args("pull", "--quiet", ref).run();
            return;
        }
        // docker keeps the login in config.json: log out again so that no password stays in a file
        docker(daemon)
                .args("login", "--username", access.user(), "--password-stdin", host)
                .stdin(access.password())
                .secret(access.password())
                .run();
        try {
            docker(daemon).args("pull", "--quiet", ref).run();
        } finally {
            docker(daemon).args("logout", host).runAllowingFailure();
        }
    }

    /** {@code docker image inspect -f {{.Size}}}: H on overlay2, G on vfs (see docs/testbed.md). */
    public long dockerImageSize(Docker daemon, String ref) {
        return Long.parseLong(docker(daemon)
                .args("image", "inspect", "--format", "{{.Size}}", ref)
                .run()
                .trim());
    }

    /** {@code docker image inspect -f {{.Id}}}: the config digest. */
    public String dockerImageId(Docker daemon, String ref) {
        return docker(daemon)
                .args("image", "inspect", "--format", "{{.Id}}", ref)
                .run()
                .trim();
    }

    /** Removes every image of that dockerd. */
    public void dockerReset(Docker daemon) {
        List<String> ids = docker(daemon)
                .args("images", "--all", "--quiet", "--no-trunc")
                .run()
                .lines()
                .filter(l -> !l.isBlank())
                .distinct()
                .toList();
        if (!ids.isEmpty()) docker(daemon).args("rmi", "--force").args(ids).run();
    }

    private Command docker(Docker daemon) {
        String host = daemon == Docker.OVERLAY2 ? bed.dockerHost() : bed.dockerVfsHost();
        return Command.of("docker", "--host", host)
                .env("DOCKER_CONFIG", scratch.resolve("docker-config").toString());
    }

    // ---- skopeo -----------------------------------------------------------------------------------------------

    /** {@code skopeo copy SOURCE DEST} (transport-qualified, e.g. {@code oci:/dir:tag}, {@code docker://host/x:1}). */
    public void skopeoCopy(String source, String destination) {
        Command c = skopeo("copy", "--quiet");
        transportArgs(c, "--src-", source, true);
        transportArgs(c, "--dest-", destination, true);
        c.args(source, destination).run();
    }

    /** The manifest bytes exactly as the registry serves them, with the bed's credentials for TLS and TOKEN. */
    public byte[] skopeoInspectRaw(String ref) {
        return skopeoInspectRaw(ref, true);
    }

    /** As {@link #skopeoInspectRaw(String)}; anonymously when {@code withCredentials} is false. */
    public byte[] skopeoInspectRaw(String ref, boolean withCredentials) {
        String qualified = ref.startsWith("docker://") ? ref : "docker://" + ref;
        Command c = skopeo("inspect", "--raw");
        transportArgs(c, "--", qualified, withCredentials);
        return c.args(qualified).runBytes();
    }

    private void transportArgs(Command c, String prefix, String ref, boolean withCredentials) {
        if (!ref.startsWith("docker://")) return;
        RegistryAccess access = RegistryAccess.of(bed, RegistryAccess.host(ref.substring("docker://".length())));
        if (access.tls()) c.args(prefix + "cert-dir", bed.certDir().toString());
        else c.args(prefix + "tls-verify=false");
        if (withCredentials && access.hasAccount())
            c.args(prefix + "creds", access.credentials()).secret(access.password());
    }

    private Command skopeo(String... args) {
        return Command.of("skopeo")
                .args(args)
                .env("REGISTRY_AUTH_FILE", scratch.resolve("auth.json").toString());
    }

    // ---- housekeeping -----------------------------------------------------------------------------------------

    /** Removes the namespaces and podman roots this instance created. Best effort: the bed's `up` wipes all. */
    @Override
    public void close() {
        for (String ns : namespaces) {
            try {
                ctrRemoveAll(ns);
                Command.of("ctr", "--address", bed.containerdSocket().toString(), "namespaces", "rm", ns)
                        .runAllowingFailure();
            } catch (RuntimeException e) {
                System.err.println("testbed: leaving containerd namespace " + ns + ": " + e.getMessage());
            }
        }
        namespaces.clear();
        podman.close();
        deleteTree(scratch);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the CRI", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + root, e);
        }
    }
}
