#!/usr/bin/env python3
"""Writes the benchmark image as an OCI layout directory: a two-platform index (linux/amd64, linux/arm64) whose
images have five gzip layers each, about 100 MB compressed per platform at --scale 1 (150 MB for the index, the
application layers being shared). Content is deterministic (seeded PRNG, fixed mtimes, owners and gzip headers):
the same scale always gives the same digests.

Layers mix incompressible bytes (like binaries and jars, which are already compressed) with text of random words
(compresses about 3:1), so gzip does real work on both ends of a copy or a size report.

usage: make-image.py DIR [--scale S]
       make-image.py --context DIR [--scale S]   (a build context: a Dockerfile without RUN and ~40 MB of files)
"""
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile

MTIME = 1767225600  # 2026-01-01T00:00:00Z
CREATED = "2026-01-01T00:00:00Z"
MIB = 1024 * 1024


class Hashing(io.RawIOBase):
    """A write-only stream that hashes and counts what goes through it into `out`."""

    def __init__(self, out):
        self.out, self.sha, self.size = out, hashlib.sha256(), 0

    def writable(self):
        return True

    def write(self, b):
        self.sha.update(b)
        self.size += len(b)
        if self.out is not None:
            self.out.write(b)
        return len(b)


def words(rng, vocab, nbytes):
    """Text of random words from `vocab`, about nbytes long, lines of 8 to 16 words."""
    out, total = [], 0
    while total < nbytes:
        n = rng.randint(8, 16)
        line = " ".join(rng.choices(vocab, k=n)) + "\n"
        out.append(line)
        total += len(line)
    return "".join(out).encode()[:nbytes]


def text_block(rng, vocab, nbytes):
    # generating word by word is slow; build 64 KiB paragraphs and reuse each a few times, shuffled
    paragraphs = [words(rng, vocab, 64 * 1024) for _ in range(max(1, nbytes // (256 * 1024)) + 4)]
    out, total = [], 0
    while total < nbytes:
        p = rng.choice(paragraphs)
        cut = rng.randint(0, len(p) // 2)
        piece = p[cut:]
        out.append(piece)
        total += len(piece)
    return b"".join(out)[:nbytes]


def split(rng, total, lo, hi):
    sizes = []
    while total > 0:
        n = min(total, rng.randint(lo, hi))
        sizes.append(n)
        total -= n
    return sizes


def layer_files(spec, scale, vocab):
    """(path, bytes) for one layer spec: name, seed, binary MiB, text MiB, small-file count."""
    name, seed, bin_mib, text_mib, small = spec
    rng = random.Random(seed)
    files = []
    for i, n in enumerate(split(rng, int(bin_mib * scale * MIB), 256 * 1024, 4 * MIB)):
        files.append((f"opt/{name}/lib/part-{i:03d}.bin", rng.randbytes(n)))
    if text_mib:
        text = text_block(rng, vocab, int(text_mib * scale * MIB))
        off = 0
        for i, n in enumerate(split(rng, len(text), 4 * 1024, 1 * MIB)):
            files.append((f"usr/share/{name}/doc/page-{i:04d}.txt", text[off:off + n]))
            off += n
    for i in range(int(small * scale)):
        files.append((f"srv/{name}/static/{i // 100:02d}/asset-{i:05d}.txt", words(rng, vocab, rng.randint(1024, 8192))))
    return files


def write_layer(blobs, files):
    """Returns (descriptor, diff_id) of a deterministic tar.gz of `files`."""
    tmp = os.path.join(blobs, ".layer.tmp")
    with open(tmp, "wb") as raw:
        compressed = Hashing(raw)
        with gzip.GzipFile(filename="", mode="wb", fileobj=compressed, compresslevel=6, mtime=0) as gz:
            uncompressed = Hashing(gz)
            with tarfile.open(fileobj=uncompressed, mode="w|", format=tarfile.GNU_FORMAT) as tar:
                dirs = set()
                for path, data in files:
                    parts = path.split("/")[:-1]
                    for k in range(1, len(parts) + 1):
                        d = "/".join(parts[:k])
                        if d not in dirs:
                            dirs.add(d)
                            ti = tarfile.TarInfo(d + "/")
                            ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o755, MTIME
                            tar.addfile(ti)
                    ti = tarfile.TarInfo(path)
                    ti.size, ti.mode, ti.mtime = len(data), 0o644, MTIME
                    tar.addfile(ti, io.BytesIO(data))
    digest = compressed.sha.hexdigest()
    os.replace(tmp, os.path.join(blobs, digest))
    return ({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:" + digest,
             "size": compressed.size}, "sha256:" + uncompressed.sha.hexdigest())


def put_json(blobs, obj, media_type, extra=None):
    data = json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    d = {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}
    if extra:
        d.update(extra)
    return d


DOCKERFILE = """FROM scratch
LABEL org.opencontainers.image.title=bench org.opencontainers.image.source=bench/make-image.py
ENV APP_HOME=/opt/app PATH=/opt/app/bin:/usr/bin:/bin
WORKDIR /opt/app
COPY opt/ctx/lib/ /opt/app/lib/
COPY usr/share/ctx/doc/ /usr/share/doc/app/
COPY srv/ctx/static/ /srv/static/
EXPOSE 8080
USER 1000:1000
ENTRYPOINT ["/opt/app/lib/part-000.bin"]
"""


def make_context(out, scale, vocab):
    for path, data in layer_files(("ctx", 7, 24, 12, 300), scale, vocab):
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        os.utime(full, (MTIME, MTIME))
    with open(os.path.join(out, "Dockerfile"), "w") as f:
        f.write(DOCKERFILE)


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    scale = float(args[args.index("--scale") + 1]) if "--scale" in args else 1.0
    if args[0] == "--context":
        vrng = random.Random(42)
        vocab = ["".join(vrng.choices("abcdefghijklmnopqrstuvwxyz", k=vrng.randint(2, 11))) for _ in range(6000)]
        make_context(args[1], scale, vocab)
        return
    out = args[0]
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    vrng = random.Random(42)
    vocab = ["".join(vrng.choices("abcdefghijklmnopqrstuvwxyz", k=vrng.randint(2, 11))) for _ in range(6000)]

    shared_specs = [("app", 3, 45, 16, 0), ("assets", 4, 0, 0, 1500), ("config", 5, 0, 0.1, 20)]
    shared = [write_layer(blobs, layer_files(s, scale, vocab)) for s in shared_specs]
    manifests = []
    for n, arch in enumerate(["amd64", "arm64"]):
        own = [write_layer(blobs, layer_files(s, scale, vocab))
               for s in [(f"base-{arch}", 10 + n, 10, 26, 0), (f"runtime-{arch}", 20 + n, 28, 8, 0)]]
        layers = own + shared
        config = {
            "architecture": arch, "os": "linux", "created": CREATED,
            "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_HOME=/opt/app"],
                       "Cmd": ["/opt/app/lib/part-000.bin"], "WorkingDir": "/srv", "Labels": {"bench": "image-mirror"}},
            "rootfs": {"type": "layers", "diff_ids": [d for _, d in layers]},
            "history": [{"created": CREATED, "created_by": f"bench layer {i}"} for i in range(len(layers))],
        }
        config_desc = put_json(blobs, config, "application/vnd.oci.image.config.v1+json")
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "config": config_desc, "layers": [d for d, _ in layers]}
        manifests.append(put_json(blobs, manifest, "application/vnd.oci.image.manifest.v1+json",
                                  {"platform": {"architecture": arch, "os": "linux"}}))
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests}
    index_desc = put_json(blobs, index, "application/vnd.oci.image.index.v1+json",
                          {"annotations": {"org.opencontainers.image.ref.name": "bench"}})
    with open(os.path.join(out, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [index_desc]}, f, separators=(",", ":"))
    total = sum(os.path.getsize(os.path.join(blobs, b)) for b in os.listdir(blobs))
    print(f"{index_desc['digest']} {total}")


if __name__ == "__main__":
    main()
