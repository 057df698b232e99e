#!/usr/bin/env bash
# bench/run.sh: image-mirror against its peers (skopeo, gzip, buildah) on a realistic image; see docs/benchmarks.md.
#
#   bench/run.sh            full run: 5 measured rounds per scenario, the scale-1 image (~113 MB compressed per
#                           platform, two platforms); writes the results into docs/benchmarks.md
#   bench/run.sh --quick    3 rounds, a tenth of the image; writes target/bench/benchmarks-quick.md
#   options: --rounds N  --scale S  --only fresh,present,fanout,archive,sizes,build  --out FILE  --keep (bed stays up)
#            --bounded-only  only the bounded-memory runs (BOUNDED_RUNS of each, 32 MiB heap); prints their table
#
# Starts its own test bed (registries only; resources/testbed/testbed.sh with TESTBED_NO_DOCKER/_CONTAINERD) plus two
# empty plain registries of its own as destinations, which it wipes (stop, empty, start) before every run that needs
# a fresh destination, so that no tool can mount or skip what an earlier run left. Ports from TESTBED_PORT_BASE
# (default 29000). Needs: java 17, skopeo, docker-registry, python3, /usr/bin/time, gzip, buildah (build scenario).
#
# Each round runs the peer, our CLI in a fresh JVM (java -jar), the same through resources/image-mirror (the newest
# JDK's start-up cache: AOT on 24+, AppCDS on 17; serial GC) and through it on JDK 17 (AppCDS), our CLI warm
# (bench/WarmHarness.java: one JVM calling cli.Main.run again and again), and for fresh, present and fanout the
# Jenkins step's own path (bench/AgentHarness.java: mirrorImage's agent-side work on the .hpi's jars) cold (first call
# in a fresh JVM) and warm (a later call in one long-lived JVM), in alternating order (even rounds: peer first; odd
# rounds: peer last), after one unmeasured warm-up round. The ratio of a round is ours / peer of that round;
# the table shows the median of the ratios and the medians of the times. Peak memory: max RSS of each process
# (/usr/bin/time -v); for the warm JVM the peak RSS and the peak heap during that one command.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
COMMAND_LINE="bench/run.sh${*:+ $*}"
ROUNDS=5 SCALE=1 QUICK=0 KEEP=0 ONLY="fresh,present,fanout,archive,sizes,build" BOUNDED_ONLY=0
OUT=$ROOT/docs/benchmarks.md
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ROUNDS=3 SCALE=0.1 OUT=$ROOT/target/bench/benchmarks-quick.md ;;
    --rounds) ROUNDS=$2; shift ;;
    --scale) SCALE=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --out) OUT=$2; shift ;;
    --keep) KEEP=1 ;;
    --bounded-only) BOUNDED_ONLY=1 ;;
    -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

W=$ROOT/target/bench
JAR=$ROOT/target/image-mirror-cli.jar
BED=$W/bed
RES=$W/results.tsv
mkdir -p "$W"
log() { echo "bench $(date +%H:%M:%S): $*" >&2; }
die() { log "$*"; exit 1; }
for tool in java skopeo docker-registry python3 /usr/bin/time gzip curl ss; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: see the header of this script)"
done
HPI=$ROOT/target/image-mirror.hpi
[ -f "$JAR" ] && [ -f "$HPI" ] || { log "building $JAR and $HPI"; (cd "$ROOT" && mvn -B -q -o -DskipTests package); }
JDK17=${BENCH_JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# The harnesses, compiled (the source launcher would load javac into the measured JVM): WarmHarness against the CLI jar;
# AgentHarness against the plugin's jars as an agent gets them (WEB-INF/lib of the .hpi), with no Jenkins class.
compile_harnesses() {
  rm -rf "$W/hpi" "$W/classes" && mkdir -p "$W/hpi" "$W/classes/cli" "$W/classes/agent"
  (cd "$W/hpi" && unzip -q "$HPI" 'WEB-INF/lib/*.jar')
  AGENT_LIBS=$(find "$W/hpi/WEB-INF/lib" -name '*.jar' | sort | tr '\n' ':')
  # the library plugins the .hpi depends on (Plugin-Dependencies: jackson2-api, snakeyaml-api, gson-api, asm-api,
  # commons-lang3-api, apache-httpcomponents-client-4-api): on an agent their jars come from those plugins
  (cd "$ROOT" && mvn -B -ntp -q -o dependency:build-classpath -Dmdep.includeScope=provided \
    -Dmdep.outputFile="$W/provided.cp") >/dev/null || die "listing the library plugins' jars failed"
  AGENT_LIBS=$AGENT_LIBS$(tr ':' '\n' <"$W/provided.cp" |
    grep -E '/(jackson-[a-z0-9-]+|snakeyaml|gson|asm|commons-lang3|httpclient|httpcore|commons-logging)-[0-9][^/]*\.jar$' | tr '\n' ':')
  javac -d "$W/classes/cli" -cp "$JAR" "$ROOT/bench/WarmHarness.java" "$ROOT/bench/Peaks.java"
  javac -d "$W/classes/agent" -cp "$AGENT_LIBS" "$ROOT/bench/AgentHarness.java" "$ROOT/bench/Peaks.java"
  AGENT_CP=$W/classes/agent:$AGENT_LIBS
}
compile_harnesses

# --- registries ------------------------------------------------------------------------------------------------------
export TESTBED_PORT_BASE=${TESTBED_PORT_BASE:-29000}
declare -A REG_PORT REG_PID
free_port() { local p=$1; while ss -ltnH "sport = :$p" | grep -q .; do p=$((p + 1)); done; echo "$p"; }

reg_start() { # NAME PORT: an empty plain registry, ready when this returns
  local name=$1 port=$2 dir=$W/$1
  rm -rf "$dir" && mkdir -p "$dir/data"
  printf 'version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\nstorage:\n  filesystem: {rootdirectory: %s}\n  maintenance: {uploadpurging: {enabled: false}}\nhttp:\n  addr: 127.0.0.1:%s\n  secret: bench\n' \
    "$dir/data" "$port" >"$dir/config.yml"
  setsid docker-registry serve "$dir/config.yml" </dev/null >"$dir/log" 2>&1 &
  REG_PID[$name]=$! REG_PORT[$name]=$port
  local i
  for ((i = 0; i < 200; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/")" = 200 ] && return 0
    kill -0 "${REG_PID[$name]}" 2>/dev/null || { cat "$dir/log" >&2; die "registry $name exited"; }
    sleep 0.05
  done
  die "registry $name not ready on :$port"
}

reg_stop() { # NAME
  local pid=${REG_PID[$1]:-} i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  REG_PID[$1]=
}

wipe() { local n; for n in "$@"; do reg_stop "$n"; reg_start "$n" "${REG_PORT[$n]}"; done; }

WARM_PID= AGENT_PID=
THROTTLE_PID=
cleanup() {
  [ -n "$WARM_PID" ] && kill "$WARM_PID" 2>/dev/null || true
  [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null || true
  [ -n "$THROTTLE_PID" ] && kill "$THROTTLE_PID" 2>/dev/null || true
  reg_stop dst-a; reg_stop dst-b
  [ "$KEEP" = 1 ] || bash "$ROOT/resources/testbed/testbed.sh" down "$BED" >/dev/null 2>&1 || true
}
trap cleanup EXIT

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "test bed (registries only) from port $TESTBED_PORT_BASE"
TESTBED_NO_DOCKER=1 TESTBED_NO_CONTAINERD=1 bash "$ROOT/resources/testbed/testbed.sh" up "$BED" 2>"$W/testbed.log" ||
  { cat "$W/testbed.log" >&2; die "test bed failed"; }
SRC_HOST=$(sed -n 's/^PLAIN=//p' "$BED/testbed.env")
p=$(free_port $((TESTBED_PORT_BASE + 50))); reg_start dst-a "$p"
p=$(free_port $((p + 1))); reg_start dst-b "$p"
A=127.0.0.1:${REG_PORT[dst-a]} B=127.0.0.1:${REG_PORT[dst-b]}
log "source $SRC_HOST (test bed PLAIN), destinations $A and $B"

# --- the image -------------------------------------------------------------------------------------------------------
GEN_SUM=$(sha256sum "$ROOT/bench/make-image.py" | cut -c1-12)
IMG=$W/image-$SCALE-$GEN_SUM
if [ ! -f "$IMG/index.json" ]; then
  log "generating the image (scale $SCALE) in $IMG"
  rm -rf "$W"/image-"$SCALE"-*
  python3 "$ROOT/bench/make-image.py" "$IMG.tmp" --scale "$SCALE" >"$W/image.out"
  mv "$IMG.tmp" "$IMG"
fi
SKOPEO_TLS=(--src-tls-verify=false --dest-tls-verify=false)
SRC=$SRC_HOST/bench/app:1
skopeo copy -q --all --preserve-digests "${SKOPEO_TLS[@]}" "oci:$IMG:bench" "docker://$SRC"
INDEX_DIGEST=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' "$IMG/index.json")
read -r IMG_BYTES PLATFORM_BYTES LAYER_COUNT < <(python3 - "$IMG" <<'EOF'
import json, os, sys
d = sys.argv[1]
blob = lambda dg: os.path.join(d, "blobs", "sha256", dg.split(":")[1])
index = json.load(open(blob(json.load(open(os.path.join(d, "index.json")))["manifests"][0]["digest"])))
seen, per = set(), []
for m in index["manifests"]:
    man = json.load(open(blob(m["digest"])))
    descs = [man["config"]] + man["layers"]
    per.append(sum(x["size"] for x in descs) + m["size"])
    seen.update(x["digest"] for x in descs + [m])
print(sum(os.path.getsize(blob(x)) for x in seen), max(per), len(man["layers"]))
EOF
)
log "image $INDEX_DIGEST: $((IMG_BYTES / 1000000)) MB in all, $((PLATFORM_BYTES / 1000000)) MB per platform, $LAYER_COUNT layers each"

# --- measuring -------------------------------------------------------------------------------------------------------
: >"$RES"
# scenario round who ms rss_kb cpu_ms heap_peak_kb heap_after_kb registries_cpu_ms classes_loaded
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"; }

# CPU (ms) used so far by the source and destination registries: the other half of every copy's work
TICK=$(getconf CLK_TCK)
reg_cpu() {
  local p total=0
  for p in "$(cat "$BED/pids/registry-plain.pid")" "${REG_PID[dst-a]:-}" "${REG_PID[dst-b]:-}"; do
    [ -n "$p" ] && [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo $((total * 1000 / TICK))
}

run_proc() { # MS_VAR RSS_VAR CPU_VAR CMD...: wall time (ms), max RSS (KiB), user+system CPU (ms) of one process
  local -n ms_out=$1 rss_out=$2 cpu_out=$3; shift 3
  local _t0 _t1 _rss _user _sys
  _t0=$(date +%s%N)
  if ! /usr/bin/time -f '%M %U %S' -o "$W/time.out" "$@" >/dev/null 2>"$W/cmd.err"; then
    cat "$W/cmd.err" >&2; die "failed: $*"
  fi
  _t1=$(date +%s%N)
  read -r _rss _user _sys < <(tail -n 1 "$W/time.out")
  ms_out=$(((_t1 - _t0) / 1000000)) rss_out=$_rss
  cpu_out=$(awk -v u="$_user" -v s="$_sys" 'BEGIN {printf "%d", (u + s) * 1000}')
}

coproc WARM { exec java -cp "$W/classes/cli:$JAR" WarmHarness 2>>"$W/warm.err"; }
WARM_PID=$WARM_PID
warm_run() { # MS RSS CPU HEAP_PEAK HEAP_AFTER <- ARGS...
  local -n w_ms=$1 w_rss=$2 w_cpu=$3 w_peak=$4 w_after=$5; shift 5
  local ok exit line
  line=$(IFS=$'\t'; echo "$*")
  echo "$line" >&"${WARM[1]}"
  read -r ok w_ms exit w_rss w_cpu w_peak w_after <&"${WARM[0]}" || die "the warm harness died (see $W/warm.err)"
  [ "$exit" = 0 ] || { tail -n 20 "$W/warm.err" >&2; die "warm run failed (exit $exit): $*"; }
}

# The step's path (AgentHarness): the controller's half makes a plan file per scenario (not timed); the agent's half
# runs it, warm in one long-lived JVM, cold in a fresh JVM per call (only the call is timed: an agent's JVM is up
# before the step arrives). Both are plain `java -cp` JVMs with default options, as an agent's usually is.
AGENT_WS=$W/agent-workspace
# (through FIFOs: bash runs one coproc at a time, and WARM is one)
rm -f "$W/agent.in" "$W/agent.out" && mkfifo "$W/agent.in" "$W/agent.out"
java -cp "$AGENT_CP" AgentHarness agent "$AGENT_WS" <"$W/agent.in" >"$W/agent.out" 2>>"$W/agent.err" &
AGENT_PID=$!
exec {AGENT_IN}>"$W/agent.in" {AGENT_OUT}<"$W/agent.out"
agent_plan() { # FILE STEP_ARG...: the WorkPlan the controller sends for mirrorImage(STEP_ARG...)
  local file=$1; shift
  # the controller's half binds the step class, so it also needs the Jenkins stand-ins (target/classes holds them)
  # and what they compile against (the provided jars)
  java -cp "$AGENT_CP:$ROOT/target/classes:$(cat "$W/provided.cp")" AgentHarness plan "$file" "$SRC_HOST,$A,$B" "$@" 2>>"$W/agent.err" ||
    die "planning $* failed (see $W/agent.err)"
}
agent_reply() { # MS RSS CPU HEAP_PEAK HEAP_AFTER CLASSES <- a reply line
  local -n a_ms=$1 a_rss=$2 a_cpu=$3 a_peak=$4 a_after=$5 a_cls=$6
  local ok exit
  read -r ok a_ms exit a_rss a_cpu a_peak a_after a_cls <<<"$7"
  [ "$ok" = ok ] || die "the agent harness died (see $W/agent.err)"
  [ "$exit" = 0 ] || { tail -n 30 "$W/agent.err" >&2; die "the step failed (plan $PLAN)"; }
}
agent_warm() {
  local line
  echo "$PLAN" >&"$AGENT_IN"
  read -r line <&"$AGENT_OUT" || die "the agent harness died (see $W/agent.err)"
  agent_reply "$@" "$line"
}
agent_cold() {
  local line
  line=$(echo "$PLAN" | java -cp "$AGENT_CP" AgentHarness agent "$AGENT_WS-cold" 2>>"$W/agent.err")
  agent_reply "$@" "$line"
}

OURS=(java -jar "$JAR")
# resources/image-mirror: the same jar with AppCDS and the serial GC; its archives live under the bench directory and
# are made in the warm-up round (the first run of each verb records it)
CDS=("$ROOT/resources/image-mirror")
CDS17=(env IMAGE_MIRROR_JAVA="$JDK17" "$ROOT/resources/image-mirror")
export IMAGE_MIRROR_JAR=$JAR XDG_CACHE_HOME=$W/launcher-cache
rm -rf "$XDG_CACHE_HOME"
unset IMAGE_MIRROR_JAVA IMAGE_MIRROR_JAVA_OPTS
LAUNCHER_MODE=$("${CDS[@]}" --version | sed -n 's/^launcher: //p' | sed 's/, recorded by this run//')
LAUNCHER17_MODE=$("${CDS17[@]}" --version | sed -n 's/^launcher: //p' | sed 's/, recorded by this run//')
PLAIN_ALL=(--plain-http "$SRC_HOST" --plain-http "$A" --plain-http "$B")

# One scenario: prepare runs before every measured command (not timed); ours_args are the CLI's arguments (the
# same for java -jar and the warm harness); peer is a shell function run as one or more processes.
PEER_MS=0 PEER_RSS=0 PEER_CPU=0
peer_proc() {
  local ms rss cpu
  run_proc ms rss cpu "$@"
  PEER_MS=$((PEER_MS + ms)) PEER_CPU=$((PEER_CPU + cpu))
  [ "$rss" -gt "$PEER_RSS" ] && PEER_RSS=$rss
  return 0
}

# PLAN: the scenario's step plan for the agent modes (agent_plan), or empty for a scenario without them
PLAN=
scenario() { # NAME PREPARE PEER_FN -- OURS_ARGS...
  [ "$BOUNDED_ONLY" = 0 ] || return 0
  local name=$1 prepare=$2 peer=$3; shift 4
  local r order who ms rss cpu peak after cls rc0 rc1 modes="peer fresh cds cds17 warm"
  [ -z "$PLAN" ] || modes="$modes agent-cold agent-warm"
  for ((r = 0; r <= ROUNDS; r++)); do
    if ((r % 2 == 0)); then order=$modes; else order=$(echo "$modes" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for who in $order; do
      $prepare
      rc0=$(reg_cpu) cls=-
      case $who in
        peer) PEER_MS=0 PEER_RSS=0 PEER_CPU=0; $peer; ms=$PEER_MS rss=$PEER_RSS cpu=$PEER_CPU peak=- after=- ;;
        fresh) run_proc ms rss cpu "${OURS[@]}" "$@"; peak=- after=- ;;
        cds) run_proc ms rss cpu "${CDS[@]}" "$@"; peak=- after=- ;;
        cds17) run_proc ms rss cpu "${CDS17[@]}" "$@"; peak=- after=- ;;
        warm) warm_run ms rss cpu peak after "$@" ;;
        agent-cold) agent_cold ms rss cpu peak after cls ;;
        agent-warm) agent_warm ms rss cpu peak after cls ;;
      esac
      rc1=$(reg_cpu)
      # round 0 warms caches and JIT: not recorded
      ((r == 0)) || record "$name" "$r" "$who" "$ms" "$rss" "$cpu" "$peak" "$after" $((rc1 - rc0)) "$cls"
      [ "$r" -gt 0 ] || check_$name "$who"
    done
    log "$name round $r: $(awk -F'\t' -v s="$name" -v r="$r" '$1==s && $2==r {printf "%s %s ms (cpu %s)  ", $3, $4, $6}' "$RES")"
  done
}

manifest_digest() { skopeo inspect --raw --tls-verify=false "docker://$1" | sha256sum | cut -c1-64; }
expect_index() { # REF...: each holds the source's index, byte for byte
  local ref d
  for ref in "$@"; do
    d=sha256:$(manifest_digest "$ref")
    [ "$d" = "$INDEX_DIGEST" ] || die "$ref has $d, expected $INDEX_DIGEST"
  done
}
none() { :; }

# fresh: registry -> empty registry
prep_fresh() { wipe dst-a; }
peer_fresh() { peer_proc skopeo copy -q --all --preserve-digests "${SKOPEO_TLS[@]}" "docker://$SRC" "docker://$A/bench/app:1"; }
check_fresh() { expect_index "$A/bench/app:1"; }

# present: the destination has everything already
peer_present() { peer_proc skopeo copy -q --all --preserve-digests "${SKOPEO_TLS[@]}" "docker://$SRC" "docker://$A/bench/app:1"; }
check_present() { expect_index "$A/bench/app:1"; }

# fan-out: one source, two empty registries; the peer needs two runs
prep_fanout() { wipe dst-a dst-b; }
peer_fanout() {
  peer_proc skopeo copy -q --all --preserve-digests "${SKOPEO_TLS[@]}" "docker://$SRC" "docker://$A/bench/app:1"
  peer_proc skopeo copy -q --all --preserve-digests "${SKOPEO_TLS[@]}" "docker://$SRC" "docker://$B/bench/app:1"
}
check_fanout() { expect_index "$A/bench/app:1" "$B/bench/app:1"; }

# archive: registry -> oci-archive file
ARCHIVE=$W/out.tar
prep_archive() { rm -f "$ARCHIVE"; }
peer_archive() { peer_proc skopeo copy -q --all --preserve-digests --src-tls-verify=false "docker://$SRC" "oci-archive:$ARCHIVE:bench"; }
check_archive() {
  local d
  d=$(tar -xOf "$ARCHIVE" index.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["manifests"][0]["digest"])')
  [ "$d" = "$INDEX_DIGEST" ] || die "$1: the archive holds $d, expected $INDEX_DIGEST"
}

has_verb() { java -jar "$JAR" --help 2>/dev/null | grep -qE "^ +$1( |$)"; }

MEASURED=()
want() { [[ ",$ONLY," == *",$1,"* ]]; }
STEP_SRC=source=$SRC
if want fresh; then
  PLAN=$W/plan-one.ser; agent_plan "$PLAN" "$STEP_SRC" "target=$A/bench/app:1"
  scenario fresh prep_fresh peer_fresh -- copy -q "${PLAIN_ALL[@]}" "docker://$SRC" "docker://$A/bench/app:1"
  MEASURED+=(fresh)
fi
if want present; then
  wipe dst-a
  skopeo copy -q --all --preserve-digests "${SKOPEO_TLS[@]}" "docker://$SRC" "docker://$A/bench/app:1"
  PLAN=$W/plan-one.ser; agent_plan "$PLAN" "$STEP_SRC" "target=$A/bench/app:1"
  scenario present none peer_present -- copy -q "${PLAIN_ALL[@]}" "docker://$SRC" "docker://$A/bench/app:1"
  MEASURED+=(present)
fi
if want fanout; then
  PLAN=$W/plan-two.ser; agent_plan "$PLAN" "$STEP_SRC" "targets=$A/bench/app:1;$B/bench/app:1"
  scenario fanout prep_fanout peer_fanout -- copy -q "${PLAIN_ALL[@]}" "docker://$SRC" "docker://$A/bench/app:1" "docker://$B/bench/app:1"
  MEASURED+=(fanout)
fi
PLAN=
if want archive; then
  scenario archive prep_archive peer_archive -- copy -q "${PLAIN_ALL[@]}" "docker://$SRC" "oci-archive:$ARCHIVE:bench"
  MEASURED+=(archive)
fi
if want sizes; then
  if has_verb sizes; then
    # every distinct layer of the index, as the size report reads them (once each)
    mapfile -t LAYERS < <(python3 - "$IMG" <<'EOF'
import json, os, sys
d = sys.argv[1]
blob = lambda dg: os.path.join(d, "blobs", "sha256", dg.split(":")[1])
index = json.load(open(blob(json.load(open(os.path.join(d, "index.json")))["manifests"][0]["digest"])))
seen = []
for m in index["manifests"]:
    for layer in json.load(open(blob(m["digest"])))["layers"]:
        if blob(layer["digest"]) not in seen:
            seen.append(blob(layer["digest"]))
print("\n".join(seen))
EOF
)
    peer_sizes() { peer_proc gzip -dc "${LAYERS[@]}"; }
    check_sizes() { :; }
    scenario sizes none peer_sizes -- sizes "oci:$IMG:bench"
    MEASURED+=(sizes)
  else
    log "sizes: the CLI has no sizes verb yet; skipped"
  fi
fi
if want build; then
  if has_verb build && command -v buildah >/dev/null && command -v unshare >/dev/null; then
    CTX=$W/context-$SCALE-$GEN_SUM
    if [ ! -f "$CTX/Dockerfile" ]; then
      rm -rf "$W"/context-"$SCALE"-* && python3 "$ROOT/bench/make-image.py" --context "$CTX.tmp" --scale "$SCALE"
      mv "$CTX.tmp" "$CTX"
    fi
    BUILT=$W/built.tar BUILDAH=$W/buildah BUILD_CACHE=$W/build-cache
    # no layer cache for either side: every run builds from the context
    prep_build() { rm -rf "$BUILT" "$BUILD_CACHE" "$BUILDAH"; }
    # no network: a new, empty network namespace (buildah refuses --network none with chroot isolation)
    peer_build() {
      peer_proc unshare --net buildah --storage-driver vfs --root "$BUILDAH/root" --runroot "$BUILDAH/run" \
        bud -q --isolation chroot -f "$CTX/Dockerfile" -t "oci-archive:$BUILT" "$CTX"
    }
    check_build() {
      tar -xOf "$BUILT" index.json | python3 -c 'import json,sys; assert json.load(sys.stdin)["manifests"]' ||
        die "build ($1): $BUILT has no image"
    }
    scenario build prep_build peer_build -- build -q --cache "$BUILD_CACHE" "$CTX" "oci-archive:$BUILT"
    prep_build
    MEASURED+=(build)
  else
    log "build: the CLI has no build verb yet (or buildah/unshare is missing); skipped"
  fi
fi
rm -f "$ARCHIVE"

# Bounded memory: the same work in a fresh JVM whose heap is capped at 32 MiB (the default G1 heap grows with the
# garbage of the HTTP client's buffers; the live data is a few MB whatever the image's size), BOUNDED_RUNS times in a
# row each (default 20, issue 13): a fan-out to a throttled and a fast registry (the throttled one behind
# bench/throttle-proxy.py, BOUNDED_THROTTLE bytes/s per connection), an archive copy and a size report. Stops at the
# first failure (OutOfMemoryError or any other) with its output. The table shows the median run and the largest RSS.
BOUNDED_RUNS=${BOUNDED_RUNS:-20}
BOUNDED_THROTTLE=${BOUNDED_THROTTLE:-$((16 * 1024 * 1024))}
: >"$W/bounded.tsv"
bounded() { # LABEL ARGS...: BOUNDED_RUNS runs; PREP (a function) runs before each, CHECK after each
  local label=$1 ms rss cpu run out=$W/bounded.out times=() rsses=() cpus=(); shift
  for ((run = 1; run <= BOUNDED_RUNS; run++)); do
    $PREP
    if ! run_proc ms rss cpu java -Xmx32m -XX:+ExitOnOutOfMemoryError -jar "$JAR" "$@" >"$out" 2>&1 ||
      grep -q OutOfMemoryError "$out"; then
      cat "$out" >&2
      die "bounded memory: $label failed in run $run of $BOUNDED_RUNS with a 32 MiB heap"
    fi
    $CHECK bounded
    times+=("$ms") rsses+=("$rss") cpus+=("$cpu")
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
  printf '%s\t%s\t%s\t%s\n' "$label ($BOUNDED_RUNS runs)" "$(median "${times[@]}")" \
    "$(printf '%s\n' "${rsses[@]}" | sort -n | tail -n 1)" "$(median "${cpus[@]}")" >>"$W/bounded.tsv"
  log "bounded memory: $label passed $BOUNDED_RUNS runs in a row"
}
if want fanout; then
  THROTTLED_PORT=$(free_port $((${REG_PORT[dst-b]} + 1)))
  python3 "$ROOT/bench/throttle-proxy.py" "$THROTTLED_PORT" "${REG_PORT[dst-b]}" "$BOUNDED_THROTTLE" &
  THROTTLE_PID=$!
  for ((i = 0; i < 100; i++)); do ss -ltnH "sport = :$THROTTLED_PORT" | grep -q . && break; sleep 0.05; done
  SLOW=127.0.0.1:$THROTTLED_PORT
  prep_bounded_fanout() { wipe dst-a dst-b; }
  check_bounded_fanout() { expect_index "$A/bench/app:1" "$B/bench/app:1"; }
  PREP=prep_bounded_fanout CHECK=check_bounded_fanout bounded "copy to a throttled and a fast registry" \
    copy -q "${PLAIN_ALL[@]}" --plain-http "$SLOW" "docker://$SRC" "docker://$A/bench/app:1" "docker://$SLOW/bench/app:1"
  kill "$THROTTLE_PID" 2>/dev/null || true; wait "$THROTTLE_PID" 2>/dev/null || true; THROTTLE_PID=
fi
if want archive; then
  PREP=prep_archive CHECK=check_archive bounded "copy to an oci-archive" \
    copy -q "${PLAIN_ALL[@]}" "docker://$SRC" "oci-archive:$ARCHIVE:bench"
  rm -f "$ARCHIVE"
fi
if want sizes && has_verb sizes; then
  PREP=: CHECK=: bounded "size report" sizes "oci:$IMG:bench"
fi

# --- report ----------------------------------------------------------------------------------------------------------
if [ "$BOUNDED_ONLY" = 1 ]; then
  printf 'bounded memory, -Xmx32m, image %s (%s bytes): command, median ms, max RSS KiB, median CPU ms\n' \
    "$INDEX_DIGEST" "$IMG_BYTES"
  cat "$W/bounded.tsv"
  exit 0
fi
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "command=$COMMAND_LINE"
  echo "rounds=$ROUNDS"
  echo "scale=$SCALE"
  echo "quick=$QUICK"
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "ram=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "load_start=$LOAD_START"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java=$(java -version 2>&1 | head -n 1)"
  echo "launcher=$LAUNCHER_MODE"
  echo "launcher17=$LAUNCHER17_MODE"
  echo "skopeo=$(skopeo --version)"
  echo "registry=$(docker-registry --version 2>&1 | head -n 1)"
  echo "gzip=$(gzip --version | head -n 1)"
  echo "buildah=$(buildah --version 2>/dev/null || echo none)"
  echo "image_digest=$INDEX_DIGEST"
  echo "image_bytes=$IMG_BYTES"
  echo "platform_bytes=$PLATFORM_BYTES"
  echo "layers=$LAYER_COUNT"
  echo "measured=${MEASURED[*]}"
  echo "git=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml || echo ' (modified)')"
} >"$W/meta.env"
python3 "$ROOT/bench/report.py" "$W/meta.env" "$RES" "$OUT" "$W/bounded.tsv"
log "results in $OUT"
