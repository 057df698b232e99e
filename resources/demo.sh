#!/usr/bin/env bash
# The README's main job on an embedded default, with nothing but this checkout:
#   1. starts a throwaway pair of local registries: a plain one standing in for Docker Hub, and a TLS + login one
#      standing in for the company registry (resources/testbed/testbed.sh, registries only);
#   2. builds the sample image in resources/sample-image without a Docker daemon and pushes it to both with one
#      digest, saving it as an OCI tarball too (ctr import / docker load / podman load accept it);
#   3. mirrors it from the "Docker Hub" stand-in into another repository of the company registry (a second run
#      would upload nothing);
#   4. prints the size each runtime will report, and leaves the artifacts a CD stage reads in target/demo/.
# The registries are stopped (by PID) when the script ends, whatever happens.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAR=target/image-mirror-cli.jar
[ -f "$JAR" ] || { echo "demo: $JAR is missing; build it first: mvn -B -DskipTests package" >&2; exit 2; }
BED=${TMPDIR:-/tmp}/image-mirror-demo
OUT=$PWD/target/demo
rm -rf "$OUT" && mkdir -p "$OUT"

trap 'bash resources/testbed/testbed.sh down "$BED" >/dev/null 2>&1 || true' EXIT
TESTBED_NO_DOCKER=1 TESTBED_NO_CONTAINERD=1 TESTBED_PORT_BASE=${TESTBED_PORT_BASE:-15000} \
  bash resources/testbed/testbed.sh up "$BED" >/dev/null
env_value() { grep "^$1=" "$BED/testbed.env" | head -n 1 | cut -d= -f2-; }
HUB=$(env_value PLAIN)       # stands in for Docker Hub
CORP=$(env_value TLS)        # stands in for the company registry (TLS, login required)
AUTH=$BED/demo-auth.json     # a docker config.json, as `docker login` writes it; never printed
( umask 077; printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$CORP" \
    "$(printf '%s:%s' "$(env_value TLS_USER)" "$(env_value TLS_PASS)" | base64 -w0)" > "$AUTH" )
REGISTRY_OPTIONS=(--plain-http "$HUB" --ca-cert "$CORP=$(env_value CA_CERT)" --authfile "$AUTH")

echo "== registries: $HUB (Docker Hub stand-in, plain HTTP), $CORP (company registry, TLS + login)"
echo
echo "== build resources/sample-image (no daemon) and push it to both, plus an OCI tarball"
java -jar "$JAR" build resources/sample-image \
  "docker://$HUB/library/sample:1.0" "docker://$CORP/team/sample:1.0" \
  "oci-archive:$OUT/sample.tar:registry.corp/team/sample:1.0" \
  --cache "$OUT/cache" --report "$OUT/report" -q "${REGISTRY_OPTIONS[@]}"
echo
echo "== mirror it from the Docker Hub stand-in into the company registry (blobs read once)"
java -jar "$JAR" copy "docker://$HUB/library/sample:1.0" "docker://$CORP/mirror/sample:1.0" -q "${REGISTRY_OPTIONS[@]}"
echo
echo "== the size each runtime will report"
java -jar "$JAR" sizes -q "oci-archive:$OUT/sample.tar"
echo "(the oci-archive file predicted above is the file written: $OUT/sample.tar has $(stat -c %s "$OUT/sample.tar" \
  | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') bytes)"
echo
echo "== artifacts for a CD stage"
ls -l "$OUT/sample.tar" "$OUT/report"
echo
cat "$OUT/report/image-digests.env"
