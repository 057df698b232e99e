#!/usr/bin/env bash
# Installs every Debian (bookworm) package the build, the demo and the test bed need, then checks the tools are
# there. The README's first set-up command; .ci/run calls it too. Run it as it is, `bash resources/install-packages.sh`:
# as root it installs directly (a fresh Debian has no sudo package); as another user it runs itself again through
# sudo when sudo is installed, and otherwise says to run it as root.
#   build: JDK 17 + Maven 3.8
#   test bed: distribution registry, nginx, htpasswd, openssl, containerd 1.6, dockerd, podman, skopeo, umoci,
#             buildah (benchmark peer), curl, ss (iproute2), setsid (util-linux), python3-grpcio + grpc-tools (CRI sizes)
#   HTML report screenshots: chromium (headless; nothing downloads a browser)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PACKAGES=(
  openjdk-17-jdk-headless maven ca-certificates
  docker-registry nginx apache2-utils openssl containerd docker.io podman skopeo umoci buildah curl iproute2 util-linux
  python3 python3-grpcio python3-grpc-tools
  chromium chromium-driver
)
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -- bash "$(readlink -f "${BASH_SOURCE[0]}")" "$@"
  fi
  echo "install-packages.sh: installing Debian packages needs root, and sudo is not installed: run it as root" \
    "(su -c 'bash $(readlink -f "${BASH_SOURCE[0]}")')" >&2
  exit 2
fi
for attempt in 1 2 3; do
  if apt-get update -q >/dev/null && apt-get install -y -q "${PACKAGES[@]}" >/dev/null; then break; fi
  [ "$attempt" -lt 3 ] || { echo "install-packages.sh: apt-get failed 3 times" >&2; exit 1; }
  sleep 10
done
missing=()
for cmd in java javac mvn docker-registry nginx htpasswd openssl containerd ctr dockerd docker podman skopeo umoci \
  buildah curl ss setsid chromium chromedriver; do
  command -v "$cmd" >/dev/null || missing+=("$cmd")
done
/usr/bin/python3 -c 'import grpc, grpc_tools.protoc' 2>/dev/null || missing+=("python3 modules grpc, grpc_tools")
if [ ${#missing[@]} -gt 0 ]; then echo "install-packages.sh: missing after install: ${missing[*]}" >&2; exit 1; fi
echo "install-packages.sh: ${#PACKAGES[@]} packages installed and checked"
