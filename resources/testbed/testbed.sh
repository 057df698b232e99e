#!/usr/bin/env bash
# The project's test bed: real registries, a token issuer, nginx fault proxies and real runtimes on 127.0.0.1.
#
#   testbed.sh up DIR     starts everything as background processes with ALL state under DIR, writes DIR/testbed.env
#   testbed.sh down DIR   stops what `up` started (by PID files, TERM then KILL), unmounts leftovers under DIR
#   testbed.sh check DIR  only checks that every tool the bed and the integration tests run is installed: exit 3
#                         and one line naming what is missing and the set-up command (`up` checks this first)
#
# Contract: see docs/testbed.md (keys of testbed.env, ports, keys/certificates, what each service proves).
# `up` on a DIR that is up (or was left by a crashed run) runs `down` first and starts from empty state, so it is
# safe to run twice. Every service runs in its own session (setsid): a Ctrl-C aimed at Maven does not kill it
# half-way; `down` (or the next `up`) stops the whole session. A live PID is only signalled if its command line names
# DIR (a recycled PID from an old PID file is never touched); orphans of a killed leader only if they are in its
# recorded session and have the recorded executable name.
#
# Environment knobs (read at `up`):
#   TESTBED_PORT_BASE  first TCP port tried (default 15000); ports are taken in order, skipping busy ones (ss)
#   TOKEN_TTL          lifetime in seconds of the tokens the issuer signs (default 300)
#   RATELIMIT_RATE     nginx limit_req rate for manifest GETs on RATELIMIT (default 1r/s), RATELIMIT_BURST (2),
#   RATELIMIT_REMAINING the N of `ratelimit-remaining: N;w=21600` on manifest responses (default 76)
#   TESTBED_NO_DOCKER=1 / TESTBED_NO_CONTAINERD=1   skip those daemons (keys then absent from testbed.env)
#   TESTBED_TRACE=1    print when each step finished
# Needs (Debian bookworm): see REQUIRED below; resources/install-packages.sh installs them all.
set -euo pipefail
umask 022

usage() { echo "usage: testbed.sh up|down|check DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
CMD=$1
mkdir -p "$2"
D=$(cd "$2" && pwd -P)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
[ "$D" != / ] || { echo "testbed: refusing DIR=/" >&2; exit 2; }

# Stop order: dockerds use our containerd, so they go first; the rest in parallel.
FIRST=(docker-vfs docker)
REST=(token-issuer nginx registry-token registry-tls registry-plain containerd)

log() { echo "testbed: $*" >&2; }
T0=$(date +%s%N)
trace() { [ -z "${TESTBED_TRACE:-}" ] || log "+$((($(date +%s%N) - T0) / 1000000)) ms: $*"; }

# Unix socket paths are limited to 107 bytes and podman refuses a runroot longer than 50 characters: when DIR is
# long (a deep CI checkout), sockets and the runroot live in a short directory under /tmp named after DIR's hash,
# which `down` removes. Otherwise they are directly under DIR.
RUN=$D
if [ ${#D} -gt 38 ]; then RUN=/tmp/testbed-$(printf '%s' "$D" | sha1sum | cut -c1-12); fi

# --- processes -----------------------------------------------------------------------------------------------------
# state of a PID: empty when gone; a zombie (Z) counts as gone: PID 1 here may reap late.
proc_state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true; }
alive_pid() { local s; s=$(proc_state "$1"); [ -n "$s" ] && [ "$s" != Z ]; }
# true when PID is one of ours: its command line names DIR (guards against recycled PIDs after a crash or reboot)
ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$D/"; }
pid_of() { local f="$D/pids/$1.pid"; [ -s "$f" ] && cat "$f" || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && alive_pid "$p"; }

# start NAME CMD...: background, own session, no terminal, stdout+stderr to DIR/logs/NAME.log. In a non-interactive
# shell a background job is not a process-group leader, so setsid execs in place and $! stays the service's PID, which
# is also the session id of everything the service forks (nginx workers). NAME.comm records the executable's name.
start() {
  local name=$1; shift
  setsid "$@" </dev/null >"$D/logs/$name.log" 2>&1 &
  echo $! >"$D/pids/$name.pid"
  local exe
  for exe in "$@"; do case $exe in env | *=*) ;; *) break ;; esac; done
  basename "$exe" | cut -c1-15 >"$D/pids/$name.comm"
}

# session_members SID COMM: PIDs in session SID whose comm is COMM (the leader itself included while it lives)
session_members() {
  local f line p fields
  for f in /proc/[0-9]*/stat; do
    { read -r line <"$f"; } 2>/dev/null || continue
    p=${f#/proc/}; p=${p%/stat}
    read -r -a fields <<<"${line##*) }" # after "PID (comm) ": state ppid pgrp session ...
    [ "${fields[3]:-}" = "$1" ] || continue
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$2" ] && echo "$p"
  done
  return 0
}

# stop_all NAME...: TERM each service's whole session, wait up to 20 s, then KILL the survivors and wait 5 s more.
# A session is signalled only if its leader is alive and ours, or (after a crash) the leader is gone and its
# orphans carry the recorded executable name in the recorded session.
stop_all() {
  local n p comm targets=() names=()
  for n in "$@"; do
    p=$(pid_of "$n"); [ -n "$p" ] || continue
    comm=$(cat "$D/pids/$n.comm" 2>/dev/null || true)
    if alive_pid "$p"; then
      ours "$p" || { log "$n: pid $p is not ours any more (recycled); leaving it"; continue; }
      [ -n "$comm" ] || comm=$(cat "/proc/$p/comm")
    fi
    [ -n "$comm" ] || continue
    for p in $(session_members "$p" "$comm"); do
      kill -TERM "$p" 2>/dev/null || true; targets+=("$p"); names+=("$n")
    done
  done
  local i j
  for i in "${!targets[@]}"; do
    for ((j = 0; j < 200; j++)); do alive_pid "${targets[$i]}" || break; sleep 0.1; done
    if alive_pid "${targets[$i]}"; then
      log "${names[$i]} (pid ${targets[$i]}) ignored TERM for 20 s; sending KILL"
      kill -KILL "${targets[$i]}" 2>/dev/null || true
      for ((j = 0; j < 50; j++)); do alive_pid "${targets[$i]}" || break; sleep 0.1; done
      alive_pid "${targets[$i]}" && log "${names[$i]} (pid ${targets[$i]}) survived KILL"
    fi
  done
  for n in "$@"; do rm -f "$D/pids/$n.pid" "$D/pids/$n.comm"; done
}

# mount points under DIR or the socket directory (from mountinfo, octal escapes decoded), deepest first
mounts_under() {
  awk '{print $5}' /proc/self/mountinfo | while IFS= read -r m; do printf '%b\n' "$m"; done |
    { grep -F -e "$D/" -e "$RUN/" || true; } | awk '{print length, $0}' | sort -rn | cut -d' ' -f2-
}

down() {
  [ -d "$D/pids" ] || mkdir -p "$D/pids"
  stop_all "${FIRST[@]}"
  stop_all "${REST[@]}"
  # any other PID file (a service added later, a partial up)
  local f others=()
  for f in "$D"/pids/*.pid; do [ -e "$f" ] && others+=("$(basename "$f" .pid)"); done
  [ ${#others[@]} -eq 0 ] || stop_all "${others[@]}"
  # leftovers: overlay snapshots, netns bind mounts of a daemon that was killed
  local m
  while IFS= read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "cannot unmount $m"
  done < <(mounts_under)
  rm -f "$D/testbed.env"
  if [ "$RUN" != "$D" ] && [ -d "$RUN" ] && [ -z "$(mounts_under)" ]; then rm -rf --one-file-system "$RUN"; fi
}

# --- readiness -----------------------------------------------------------------------------------------------------
fail() { # NAME MESSAGE: show the service's log tail, stop everything, exit 1
  # another process took a port between the `ss` check and the bind (shared machine): pick ports again, twice at most
  if grep -qs 'address already in use' "$D/logs/$1.log" && [ "${TESTBED_ATTEMPT:-1}" -lt 3 ]; then
    log "$1: a port was taken meanwhile; starting again with other ports"
    down
    TESTBED_ATTEMPT=$((${TESTBED_ATTEMPT:-1} + 1)) TESTBED_PORT_START=$NEXT_PORT exec bash "$HERE/testbed.sh" up "$D"
  fi
  log "$1: $2"
  if [ -f "$D/logs/$1.log" ]; then
    log "last lines of $D/logs/$1.log:"
    tail -n 25 "$D/logs/$1.log" | sed 's/^/    /' >&2
  fi
  log "stopping what was started (testbed.sh down $D)"
  down
  exit 1
}

# wait_ready NAME TIMEOUT_S CHECK...: polls CHECK every 50 ms; fails fast when the process died
wait_ready() {
  local name=$1 t=$2; shift 2
  local end=$(($(date +%s%N) / 1000000 + t * 1000))
  until "$@" >/dev/null 2>&1; do
    alive "$name" || fail "$name" "exited during start-up"
    [ $(($(date +%s%N) / 1000000)) -lt "$end" ] || fail "$name" "not ready after ${t}s (check: $*)"
    sleep 0.05
  done
  trace "$name ready"
}

http_code() { # URL [curl args...] -> prints the status code
  local url=$1; shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url"
}
expect_code() { [ "$(http_code "$@" 2>/dev/null)" = "$EXPECT" ]; }
is_code() { local want=$1; shift; EXPECT=$want expect_code "$@"; }

# --- ports ---------------------------------------------------------------------------------------------------------
PORT_BASE=${TESTBED_PORT_BASE:-15000}
NEXT_PORT=${TESTBED_PORT_START:-$PORT_BASE} # a retry starts past the ports of the failed attempt
port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }
take_port() { # VAR: next free port >= NEXT_PORT
  local p=$NEXT_PORT
  while ! port_free "$p"; do
    p=$((p + 1))
    [ "$p" -lt $((PORT_BASE + 1000)) ] || { log "no free port in $PORT_BASE..$((PORT_BASE + 999))"; exit 1; }
  done
  NEXT_PORT=$((p + 1))
  printf -v "$1" '%s' "$p"
}

# --- keys and certificates -----------------------------------------------------------------------------------------
# One CA signs the TLS certificate of both registries and the issuer, and the token-signing certificate; the token
# registry trusts tokens whose x5c chain ends at it (rootcertbundle). Regenerated on every `up`.
make_pki() {
  # ECDSA P-256 for the CA and the TLS certificate (generated in milliseconds); RSA 2048 only for the token-signing
  # key, which RS256 requires (the slow one: generated in the background meanwhile).
  local p="$D/pki"
  rm -rf "$p"; mkdir -p "$p"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$p/token.key" 2>/dev/null &
  local rsa=$!
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 30 -keyout "$p/ca.key" \
    -out "$p/ca.crt" -subj "/CN=image-mirror testbed CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -keyout "$p/server.key" -out "$p/server.csr" \
    -subj "/CN=localhost" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n' >"$p/server.ext"
  openssl x509 -req -in "$p/server.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -days 30 -sha256 \
    -extfile "$p/server.ext" -out "$p/server.crt" 2>/dev/null
  wait "$rsa" || { log "openssl could not generate the token-signing RSA key"; exit 1; }
  openssl req -new -key "$p/token.key" -sha256 -out "$p/token.csr" -subj "/CN=testbed token signer" 2>/dev/null
  printf 'keyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n' >"$p/token.ext"
  openssl x509 -req -in "$p/token.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -days 30 -sha256 \
    -extfile "$p/token.ext" -out "$p/token.crt" 2>/dev/null
  cat "$p/server.crt" "$p/ca.crt" >"$p/server-chain.crt"
  chmod 600 "$p"/*.key
  cp "$p/ca.crt" "$D/ca.crt"
  # skopeo/podman --cert-dir: a directory of CA files
  mkdir -p "$D/certs"; cp "$p/ca.crt" "$D/certs/ca.crt"
}

random_secret() { openssl rand -hex 16; }

# --- services ------------------------------------------------------------------------------------------------------
registry_config() { # NAME PORT [extra yaml]
  local dir="$D/$1"
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<EOF
version: 0.1
log: {level: info, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $dir/data}
  delete: {enabled: true}
  maintenance: {uploadpurging: {enabled: false}}
http:
  addr: 127.0.0.1:$2
  secret: $(random_secret)
$3
EOF
}

tls_yaml() { printf '  tls:\n    certificate: %s\n    key: %s\n' "$D/pki/server-chain.crt" "$D/pki/server.key"; }

nginx_config() {
  mkdir -p "$D/nginx/tmp"
  local rate=${RATELIMIT_RATE:-1r/s} burst=${RATELIMIT_BURST:-2}
  local body='{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit. (image-mirror testbed)","detail":"testbed rate limit"}]}'
  cat >"$D/nginx/nginx.conf" <<EOF
# Docker Hub's pull limit, in small: GET of a manifest counts, HEAD does not (Hub: "a HEAD request does not count").
worker_processes 1;
pid $D/nginx/nginx.pid;
error_log $D/logs/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log $D/logs/nginx-access.log;
  client_body_temp_path $D/nginx/tmp/body; proxy_temp_path $D/nginx/tmp/proxy;
  fastcgi_temp_path $D/nginx/tmp/fastcgi; uwsgi_temp_path $D/nginx/tmp/uwsgi; scgi_temp_path $D/nginx/tmp/scgi;
  map \$request_method \$pull_key { GET \$binary_remote_addr; default ""; }
  limit_req_zone \$pull_key zone=pulls:1m rate=$rate;
  limit_req_status 429;
  limit_req_log_level info;
  upstream plain { server 127.0.0.1:$P_PLAIN; keepalive 8; }
  server {
    listen 127.0.0.1:$P_RATELIMIT;
    client_max_body_size 0;
    error_page 429 = @toomany;
    location @toomany {
      default_type application/json;
      add_header Retry-After 1 always;
      add_header ratelimit-limit "100;w=21600" always;
      add_header ratelimit-remaining "0;w=21600" always;
      add_header Docker-Distribution-Api-Version registry/2.0 always;
      return 429 '$body\n';
    }
    location ~ ^/v2/.+/manifests/ {
      limit_req zone=pulls burst=$burst nodelay;
      add_header ratelimit-limit "100;w=21600";
      add_header ratelimit-remaining "${RATELIMIT_REMAINING:-76};w=21600";
      proxy_pass http://plain; include $D/nginx/proxy.conf;
    }
    location / { proxy_pass http://plain; include $D/nginx/proxy.conf; }
  }
  server {
    listen 127.0.0.1:$P_ALWAYS429;
    client_max_body_size 0;
    location ~ ^/v2/.+/manifests/ {
      default_type application/json;
      add_header Retry-After 1 always;
      add_header ratelimit-limit "100;w=21600" always;
      add_header ratelimit-remaining "0;w=21600" always;
      add_header Docker-Distribution-Api-Version registry/2.0 always;
      return 429 '$body\n';
    }
    location / { proxy_pass http://plain; include $D/nginx/proxy.conf; }
  }
}
EOF
  # Host must pass through unchanged: the registry builds upload Location URLs from it
  cat >"$D/nginx/proxy.conf" <<'EOF'
proxy_http_version 1.1;
proxy_set_header Connection "";
proxy_set_header Host $http_host;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_request_buffering off;
proxy_buffering off;
proxy_read_timeout 300;
EOF
}

containerd_config() {
  local c="$D/containerd"
  mkdir -p "$c/root" "$c/state" "$c/cni/bin" "$c/cni/net.d" "$c/hosts"
  cat >"$c/config.toml" <<EOF
version = 2
root = "$c/root"
state = "$c/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$RUN/containerd.sock"
[ttrpc]
  address = "$RUN/containerd.sock.ttrpc"
[debug]
  address = "$RUN/containerd-debug.sock"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  disable_tcp_service = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$c/cni/bin"
    conf_dir = "$c/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$c/hosts"
EOF
  # ctr/CRI reach the TLS registries over https with our CA (ctr defaults to plain http on 127.0.0.1)
  local p
  for p in "$P_TLS" "$P_TOKEN"; do
    mkdir -p "$c/hosts/127.0.0.1:$p"
    cat >"$c/hosts/127.0.0.1:$p/hosts.toml" <<EOF
server = "https://127.0.0.1:$p"
[host."https://127.0.0.1:$p"]
  capabilities = ["pull", "resolve", "push"]
  ca = "$D/ca.crt"
EOF
  done
}

start_dockerd() { # NAME DRIVER
  local n=$1 dir="$D/$1"
  mkdir -p "$dir/data" "$RUN/$n-exec"
  echo '{}' >"$dir/daemon.json"
  start "$n" dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$RUN/$n-exec" \
    --pidfile "$dir/dockerd.pid" -H "unix://$RUN/$n.sock" --storage-driver "$2" \
    --containerd "$RUN/containerd.sock" --containerd-namespace "moby-$n" --containerd-plugins-namespace "moby-plugins-$n" \
    --bridge=none --iptables=false --ip6tables=false --ip-masq=false --userland-proxy=false \
    --log-level warn --max-concurrent-downloads 3 --max-concurrent-uploads 3
}

# What the test bed and the integration tests run, checked before anything starts: a missing package gives one line
# naming what is missing and the set-up command, instead of a bed that half starts and tens of failing tests.
# command:package pairs; the daemons only when they are to be started. The tools only the integration tests run
# (skopeo, podman, chromium, python3 grpc) are required with the full bed, not with the registries-only bed
# (TESTBED_NO_CONTAINERD) that resources/demo.sh and bench/run.sh start.
REQUIRED=(docker-registry:docker-registry nginx:nginx htpasswd:apache2-utils openssl:openssl curl:curl ss:iproute2
  setsid:util-linux sha256sum:coreutils java:openjdk-17-jdk-headless javac:openjdk-17-jdk-headless)
[ -n "${TESTBED_NO_CONTAINERD:-}" ] ||
  REQUIRED+=(containerd:containerd ctr:containerd skopeo:skopeo podman:podman tar:tar)
[ -n "${TESTBED_NO_DOCKER:-}" ] || REQUIRED+=(dockerd:docker.io docker:docker.io)
SETUP_COMMAND="bash resources/install-packages.sh"

# check: prints nothing and returns 0, or prints ONE line (what is missing, from which package, how to install it)
require_tools() {
  local missing=() packages=() pair cmd pkg
  for pair in "${REQUIRED[@]}"; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || { missing+=("$cmd"); packages+=("$pkg"); }
  done
  if [ -z "${TESTBED_NO_CONTAINERD:-}" ]; then
    # the HTML report's screenshots (SizeReportHtmlIT) use Debian's chromium, never a downloaded browser
    [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || { missing+=(chromium); packages+=(chromium); }
    # CRI sizes (CriImages) call containerd's ImageService with Debian's python3 and its grpc modules
    local py=/usr/bin/python3
    [ -x "$py" ] || py=$(command -v python3 || true)
    if [ -z "$py" ]; then
      missing+=(python3); packages+=(python3 python3-grpcio python3-grpc-tools)
    else
      "$py" -c 'import grpc' >/dev/null 2>&1 || { missing+=("python3 module grpc"); packages+=(python3-grpcio); }
      "$py" -c 'import grpc_tools.protoc' >/dev/null 2>&1 ||
        { missing+=("python3 module grpc_tools"); packages+=(python3-grpc-tools); }
    fi
  fi
  [ ${#missing[@]} -gt 0 ] || return 0
  local list pkgs
  list=$(printf ', %s' "${missing[@]}"); pkgs=$(printf '%s\n' "${packages[@]}" | awk '!seen[$0]++' | paste -sd' ')
  log "missing ${list:2} (Debian packages: $pkgs); install them with \`$SETUP_COMMAND\` (as root, or a user with sudo), then run the tests again"
  return 1
}

up() {
  local t0; t0=$(date +%s%N)
  require_tools || exit 3
  mkdir -p "$D/pids"
  down
  # interrupted half-way (Ctrl-C, Maven killed): stop what was started rather than leave it running
  trap 'log "interrupted; stopping what was started"; down; exit 130' INT TERM
  trace "previous run stopped"
  local m; m=$(mounts_under | head -n 1)
  [ -z "$m" ] || { log "still mounted under $D: $m; unmount it by hand"; exit 1; }
  # fresh state: previous data, daemons' roots, logs (never crossing into another file system)
  rm -rf --one-file-system "$D"/{registry-plain,registry-tls,registry-token,token-issuer,nginx,containerd,docker,docker-vfs,podman,logs,certs,pki,scratch}
  rm -f "$D"/*.sock "$D"/*.sock.ttrpc
  rm -rf --one-file-system "$D/podman-run" "$D/docker-exec" "$D/docker-vfs-exec"
  mkdir -p "$D/logs" "$D/pids" "$RUN"

  take_port P_PLAIN; take_port P_TLS; take_port P_TOKEN; take_port P_ISSUER; take_port P_RATELIMIT; take_port P_ALWAYS429
  local tls_user=testuser tls_pass token_user=hubuser token_pass
  tls_pass=$(random_secret); token_pass=$(random_secret)
  local ttl=${TOKEN_TTL:-300} service="testbed-registry" issuer="testbed-token-issuer"
  [[ "$ttl" =~ ^[0-9]+$ ]] && [ "$ttl" -gt 0 ] || { log "TOKEN_TTL must be a positive number of seconds, got '$ttl'"; exit 2; }

  # containerd first: the dockerds need it
  if [ -z "${TESTBED_NO_CONTAINERD:-}" ]; then
    containerd_config
    start containerd containerd --config "$D/containerd/config.toml" --log-level warn
  fi

  # the token issuer is compiled once per source version (javac, in the background while keys are made);
  # `java TokenIssuer.java` would compile it on every start, seconds on a busy machine
  local classes javac_pid=""
  classes="$D/cache/token-issuer-$(sha256sum "$HERE/TokenIssuer.java" | cut -c1-16)"
  if [ ! -f "$classes/TokenIssuer.class" ]; then
    rm -rf "$D/cache"; mkdir -p "$classes.tmp"
    javac -nowarn -d "$classes.tmp" "$HERE/TokenIssuer.java" >"$D/logs/token-issuer-javac.log" 2>&1 &
    javac_pid=$!
  fi

  # no keys needed: plain registry and nginx
  registry_config registry-plain "$P_PLAIN" ""
  start registry-plain docker-registry serve "$D/registry-plain/config.yml"
  nginx_config
  start nginx nginx -p "$D/nginx" -c "$D/nginx/nginx.conf" -e "$D/logs/nginx-error.log" -g 'daemon off;'

  make_pki
  trace "keys made"

  registry_config registry-tls "$P_TLS" "$(tls_yaml)
auth:
  htpasswd:
    realm: testbed
    path: $D/registry-tls/htpasswd"
  htpasswd -Bbn "$tls_user" "$tls_pass" >"$D/registry-tls/htpasswd" 2>/dev/null
  start registry-tls docker-registry serve "$D/registry-tls/config.yml"

  registry_config registry-token "$P_TOKEN" "$(tls_yaml)
auth:
  token:
    realm: https://127.0.0.1:$P_ISSUER/token
    service: $service
    issuer: $issuer
    rootcertbundle: $D/pki/ca.crt"
  start registry-token docker-registry serve "$D/registry-token/config.yml"

  mkdir -p "$D/token-issuer"
  if [ -n "$javac_pid" ]; then
    wait "$javac_pid" || fail token-issuer-javac "javac $HERE/TokenIssuer.java failed"
    mv "$classes.tmp" "$classes"
    trace "token issuer compiled"
  fi
  start token-issuer env TOKEN_USER="$token_user" TOKEN_PASS="$token_pass" \
    java -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -cp "$classes" TokenIssuer \
    --port "$P_ISSUER" --tls-cert "$D/pki/server-chain.crt" --tls-key "$D/pki/server.key" \
    --sign-cert "$D/pki/token.crt" --sign-key "$D/pki/token.key" --chain "$D/pki/ca.crt" \
    --issuer "$issuer" --ttl "$ttl" --log "$D/token-issuer/requests.log"

  if [ -z "${TESTBED_NO_CONTAINERD:-}" ]; then
    wait_ready containerd 20 ctr --address "$RUN/containerd.sock" version
    # the CRI and overlayfs plugins fail softly (containerd runs without them): say so now, not in a size test
    local plugins; plugins=$(ctr --address "$RUN/containerd.sock" plugins ls)
    grep -qE '^io\.containerd\.grpc\.v1 +cri +.* ok *$' <<<"$plugins" ||
      fail containerd "the CRI plugin did not load: $(grep -E ' cri ' <<<"$plugins" | tr -s ' ')"
    grep -qE '^io\.containerd\.snapshotter\.v1 +overlayfs +.* ok *$' <<<"$plugins" ||
      fail containerd "the overlayfs snapshotter did not load (is DIR on overlay or tmpfs?)"
  fi
  if [ -z "${TESTBED_NO_DOCKER:-}" ]; then
    [ -z "${TESTBED_NO_CONTAINERD:-}" ] || { log "dockerd needs containerd: unset TESTBED_NO_CONTAINERD"; exit 2; }
    start_dockerd docker overlay2
    start_dockerd docker-vfs vfs
  fi
  mkdir -p "$D/podman/root" "$RUN/podman-run" "$D/podman/tmp"

  local ca=(--cacert "$D/ca.crt")
  wait_ready registry-plain 15 is_code 200 "http://127.0.0.1:$P_PLAIN/v2/"
  wait_ready registry-tls 15 is_code 401 "https://127.0.0.1:$P_TLS/v2/" "${ca[@]}"
  wait_ready registry-token 15 is_code 401 "https://127.0.0.1:$P_TOKEN/v2/" "${ca[@]}"
  wait_ready nginx 15 is_code 200 "http://127.0.0.1:$P_RATELIMIT/v2/"
  wait_ready nginx 15 is_code 429 "http://127.0.0.1:$P_ALWAYS429/v2/x/manifests/latest"
  wait_ready token-issuer 30 is_code 200 "https://127.0.0.1:$P_ISSUER/token?service=$service&scope=repository:probe:pull" "${ca[@]}"
  if [ -z "${TESTBED_NO_DOCKER:-}" ]; then
    wait_ready docker 40 is_code 200 http://d/_ping --unix-socket "$RUN/docker.sock"
    wait_ready docker-vfs 40 is_code 200 http://d/_ping --unix-socket "$RUN/docker-vfs.sock"
  fi

  local env="$D/testbed.env.tmp"
  {
    echo "TESTBED_DIR=$D"
    echo "PLAIN=127.0.0.1:$P_PLAIN"
    echo "TLS=127.0.0.1:$P_TLS"
    echo "TLS_USER=$tls_user"
    echo "TLS_PASS=$tls_pass"
    echo "TOKEN=127.0.0.1:$P_TOKEN"
    echo "TOKEN_REALM=https://127.0.0.1:$P_ISSUER/token"
    echo "TOKEN_SERVICE=$service"
    echo "TOKEN_USER=$token_user"
    echo "TOKEN_PASS=$token_pass"
    echo "TOKEN_TTL=$ttl"
    echo "CA_CERT=$D/ca.crt"
    echo "CERT_DIR=$D/certs"
    echo "RATELIMIT=127.0.0.1:$P_RATELIMIT"
    echo "ALWAYS429=127.0.0.1:$P_ALWAYS429"
    if [ -z "${TESTBED_NO_CONTAINERD:-}" ]; then
      echo "CONTAINERD_SOCK=$RUN/containerd.sock"
      echo "CTR_HOSTS_DIR=$D/containerd/hosts"
    fi
    if [ -z "${TESTBED_NO_DOCKER:-}" ]; then
      echo "DOCKER_HOST=unix://$RUN/docker.sock"
      echo "DOCKER_VFS_HOST=unix://$RUN/docker-vfs.sock"
    fi
    echo "PODMAN_ARGS=--root $D/podman/root --runroot $RUN/podman-run --storage-driver vfs --cgroup-manager cgroupfs --events-backend file --tmpdir $D/podman/tmp"
  } >"$env"
  chmod 600 "$env"
  mv "$env" "$D/testbed.env"
  log "up in $((($(date +%s%N) - t0) / 1000000)) ms: plain :$P_PLAIN, tls :$P_TLS, token :$P_TOKEN (issuer :$P_ISSUER)," \
    "ratelimit :$P_RATELIMIT, always-429 :$P_ALWAYS429; env in $D/testbed.env"
}

case "$CMD" in
  check) require_tools || exit 3 ;;
  up) up ;;
  down) down; log "down: $D" ;;
  *) usage ;;
esac
