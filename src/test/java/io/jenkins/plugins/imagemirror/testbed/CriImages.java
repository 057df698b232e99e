package io.jenkins.plugins.imagemirror.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CRI ImageService of the bed's containerd (namespace k8s.io), called with Debian's python3-grpcio: the sizes
 * kubelet and {@code crictl images} report, exactly. The .proto below declares only the fields used; stubs are
 * generated with grpc_tools at first use.
 */
final class CriImages {
    private static final String PROTO = """
            syntax = "proto3";
            // The subset of k8s.io/cri-api runtime/v1 api.proto that the test bed reads (field numbers as upstream).
            package runtime.v1;
            service ImageService {
              rpc ListImages(ListImagesRequest) returns (ListImagesResponse) {}
              rpc RemoveImage(RemoveImageRequest) returns (RemoveImageResponse) {}
            }
            message ImageSpec { string image = 1; }
            message ImageFilter { ImageSpec image = 1; }
            message ListImagesRequest { ImageFilter filter = 1; }
            message Image { string id = 1; repeated string repo_tags = 2; repeated string repo_digests = 3; uint64 size = 4; }
            message ListImagesResponse { repeated Image images = 1; }
            message RemoveImageRequest { ImageSpec image = 1; }
            message RemoveImageResponse {}
            """;

    private static final String SCRIPT = """
            import json, sys, grpc
            import cri_pb2 as pb, cri_pb2_grpc as rpc
            stub = rpc.ImageServiceStub(grpc.insecure_channel("unix://" + sys.argv[1]))
            if sys.argv[2] == "list":
                r = stub.ListImages(pb.ListImagesRequest(), timeout=30)
                print(json.dumps([{"id": i.id, "tags": list(i.repo_tags), "digests": list(i.repo_digests),
                                   "size": i.size} for i in r.images]))
            elif sys.argv[2] == "remove":
                stub.RemoveImage(pb.RemoveImageRequest(image=pb.ImageSpec(image=sys.argv[3])), timeout=60)
            """;

    private final Path socket;
    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code dir}: where the client and its stubs are written (once, about 0.2 s); the caller deletes it. */
    CriImages(Path socket, Path dir) {
        this.socket = socket;
        this.dir = dir;
    }

    /** One image as the CRI reports it; {@code size} is kubelet's {@code sizeBytes}. */
    record CriImage(String id, List<String> tags, List<String> digests, long size) {}

    List<CriImage> list() {
        String out = python("list");
        try {
            List<CriImage> images = new ArrayList<>();
            for (JsonNode n : json.readTree(out)) {
                List<String> tags = new ArrayList<>(), digests = new ArrayList<>();
                n.get("tags").forEach(t -> tags.add(t.asText()));
                n.get("digests").forEach(t -> digests.add(t.asText()));
                images.add(new CriImage(
                        n.get("id").asText(), tags, digests, n.get("size").asLong()));
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("parsing the CRI ListImages answer: " + out, e);
        }
    }

    void remove(String imageId) {
        python("remove", imageId);
    }

    private String python(String... args) {
        Path dir = stubs();
        List<String> argv =
                new ArrayList<>(List.of(python3(), dir.resolve("cri.py").toString(), socket.toString()));
        argv.addAll(List.of(args));
        return Command.of(argv)
                .env("PYTHONPATH", dir.toString())
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .run();
    }

    /** Debian's interpreter first: python3-grpcio is installed for it, not for a pyenv or venv python on PATH. */
    static String python3() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Generates the stubs into this client's directory on first use. */
    private synchronized Path stubs() {
        if (Files.isRegularFile(dir.resolve("cri_pb2_grpc.py"))) return dir;
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("cri.proto"), PROTO, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("cri.py"), SCRIPT, StandardCharsets.UTF_8);
            Command.of(
                            python3(),
                            "-m",
                            "grpc_tools.protoc",
                            "-I" + dir,
                            "--python_out=" + dir,
                            "--grpc_python_out=" + dir,
                            dir.resolve("cri.proto").toString())
                    .run();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the CRI client to " + dir, e);
        }
    }
}
