package io.jenkins.plugins.imagemirror.core.size;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each runtime reports as the size of one platform of an image, in bytes.
 *
 * @param registry                   Docker Hub / registry UIs: compressed layers (A)
 * @param containerd                 {@code ctr images ls}, CRI {@code crictl images}, kubelet: M + K + A (+ I)
 * @param podman                     {@code podman images}: D + K + 2M (+ I)
 * @param docker                     {@code docker image ls}, overlay2: H
 * @param dockerVfs                  {@code docker image ls}, vfs: G
 * @param containerdSnapshotEstimate unpacked layers on ext4 (containerd snapshots); an estimate
 * @param ociArchive                 the file {@code copy --platform P … oci-archive:} writes for this platform
 * @param dockerArchive              the file {@code copy --platform P … docker-archive:} writes (0 when it refuses)
 * @param dockerContainerdStoreEstimate Docker Engine with the containerd image store: content + unpacked; an estimate
 */
public record RuntimeSizes(
        long registry,
        long containerd,
        long podman,
        long docker,
        long dockerVfs,
        long containerdSnapshotEstimate,
        long ociArchive,
        long dockerArchive,
        long dockerContainerdStoreEstimate) {

    /** The bytes under the report's keys, in report order. */
    public Map<String, Long> byKey() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("registry", registry);
        m.put("containerd", containerd);
        m.put("podman", podman);
        m.put("docker", docker);
        m.put("dockerVfs", dockerVfs);
        m.put("containerdSnapshotEstimate", containerdSnapshotEstimate);
        m.put("ociArchive", ociArchive);
        m.put("dockerArchive", dockerArchive);
        return m;
    }

    /** Each size as the tool shows it (ctr, crictl, podman, docker; the others in docker's style). */
    public Map<String, String> printed() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("registry", SizeFormats.docker(registry));
        m.put("ctr", SizeFormats.ctr(containerd));
        m.put("crictl", SizeFormats.crictl(containerd));
        m.put("podman", SizeFormats.podman(podman));
        m.put("docker", SizeFormats.docker(docker));
        m.put("dockerVfs", SizeFormats.docker(dockerVfs));
        m.put("containerdSnapshotEstimate", SizeFormats.ctr(containerdSnapshotEstimate));
        m.put("ociArchive", SizeFormats.docker(ociArchive));
        m.put("dockerArchive", SizeFormats.docker(dockerArchive));
        m.put("dockerContainerdStoreEstimate", SizeFormats.docker(dockerContainerdStoreEstimate));
        return m;
    }
}
