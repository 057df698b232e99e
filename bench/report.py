#!/usr/bin/env python3
"""Turns bench/run.sh's results (meta.env, results.tsv) into the Markdown section of docs/benchmarks.md between
the markers <!-- bench:begin --> and <!-- bench:end --> (the rest of the file is left as it is; a missing file
is created with just the section).

usage: report.py META_ENV RESULTS_TSV OUT_MD [BOUNDED_TSV]
"""
import os
import statistics
import sys
from collections import defaultdict

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

SCENARIOS = {
    # name: (what, peer, {mode: target ratio (ours / peer)}) (issue 13's targets; sizes: issue 7's)
    "fresh": ("registry → empty registry", "`skopeo copy --all`",
              {"cds": 1.3, "agent-cold": 1.5, "agent-warm": 0.9}),
    "present": ("registry → registry that has it all", "`skopeo copy --all`",
                {"cds": 3.0, "agent-cold": 1.5, "agent-warm": 0.3}),
    "fanout": ("registry → two empty registries", "two `skopeo copy --all`",
               {"cds": 0.8, "warm": 0.7, "agent-warm": 0.7}),
    "archive": ("registry → oci-archive", "`skopeo copy --all … oci-archive:`", {}),
    "sizes": ("size report, both platforms", "`gzip -dc` of the layers",
              {"fresh": 1.5, "cds": 1.5, "cds17": 1.5, "warm": 1.5}),
    "build": ("build, Dockerfile without RUN", "`buildah bud` (vfs, chroot)", {}),
}
# how ours ran: key in results.tsv, column title (the CLI table)
MODES = [("fresh", "fresh JVM<br>`java -jar`"), ("cds", "fresh JVM<br>`resources/image-mirror`<br>{launcher}"),
         ("cds17", "fresh JVM<br>`resources/image-mirror`<br>{launcher17}"), ("warm", "warm JVM<br>(in-process)")]
# the Jenkins step's path (AgentHarness)
AGENT_MODES = [("agent-cold", "step, cold<br>(first call, fresh JVM)"), ("agent-warm", "step, warm<br>(later call)")]
SHORT = {"fresh": "java -jar", "cds": "launcher", "cds17": "launcher on 17", "warm": "warm",
         "agent-cold": "step cold", "agent-warm": "step warm"}


def mib(kb):
    return f"{float(kb) / 1024:.0f} MiB"


def fmt_ms(ms):
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms"


def main():
    meta_path, res_path, out_path = sys.argv[1:4]
    meta = dict(line.rstrip("\n").split("=", 1) for line in open(meta_path) if "=" in line)
    rows = defaultdict(lambda: defaultdict(dict))  # scenario -> round -> who -> fields
    for line in open(res_path):
        name, rnd, who, ms, rss, cpu, peak, after, reg, *rest = line.rstrip("\n").split("\t")
        rows[name][int(rnd)][who] = {"ms": int(ms), "rss": int(rss), "cpu": int(cpu), "peak": peak, "after": after,
                                     "reg": int(reg), "all": int(cpu) + int(reg), "cls": rest[0] if rest else "-"}
    names = [n for n in SCENARIOS if n in rows]
    titles = {"launcher": meta.get("launcher", "?"), "launcher17": meta.get("launcher17", "?")}
    modes = [(k, t.format(**titles)) for k, t in MODES if all(k in r for n in names for r in rows[n].values())]
    agent_names = [n for n in names if all("agent-cold" in r for r in rows[n].values())]

    def med(name, who, field):
        return statistics.median(float(r[who][field]) for r in rows[name].values())

    def ratio(name, who, field="ms"):
        return statistics.median(r[who][field] / max(r["peer"][field], 1) for r in rows[name].values())

    out = [BEGIN, "", f"Last run: **{meta['date']}**, `{meta['command']}` at commit `{meta['git']}`.", ""]
    out.append(f"Machine: {meta['nproc']} × {meta['cpu']}, {meta['ram']} RAM, load average {meta['load_start']} at the "
               f"start and {meta['load']} at the end (shared with other jobs). {meta['java']} (launcher: {meta.get('launcher', '?')}); {meta['skopeo']}; "
               f"{meta['registry']}; {meta['gzip']}; {meta['buildah']}.")
    out.append("")
    out.append(f"Image: a two-platform OCI index (linux/amd64, linux/arm64) `{meta['image_digest'][:19]}…`, "
               f"{meta['layers']} gzip layers per platform, {int(meta['platform_bytes']) / 1e6:.0f} MB compressed "
               f"per platform, {int(meta['image_bytes']) / 1e6:.0f} MB of distinct blobs in all (scale {meta['scale']}). "
               f"{meta['rounds']} measured rounds per scenario after one warm-up round; medians; ratio = ours / peer "
               f"of the same round (median of the rounds' ratios).")
    out.append("")
    def targets(name, keys):
        tgt = SCENARIOS[name][2]
        met = [f"{SHORT[k]} ≤ {tgt[k]:g}× {'yes' if ratio(name, k) <= tgt[k] else '**no**'}" for k in keys if k in tgt]
        return "; ".join(met) or "–"

    if agent_names:
        out.append("**The Jenkins step's own path** (`bench/AgentHarness.java`): what `mirrorImage(source: SRC, "
                   "target: DST)` (fan-out: `targets: [A, B]`) runs on an agent, that is the WorkPlan read back from "
                   "its serialized form as the channel delivers it and `ImageWork` with its build-log listener: the "
                   "copy, `image-digests.env` and the size report (JSON + HTML; the step's default `report: true` "
                   "scans each layer as the copy streams it, and reads a layer the destination already had back "
                   "from it unless the agent JVM or the workspace's scan files (`@tmp/image-mirror-layer-scans`, "
                   "kept by earlier rounds: the cold calls share one workspace) know it). The JVM's class path is the .hpi's "
                   "`WEB-INF/lib` jars and the harness, no Jenkins class. *Cold*: the first call in a fresh JVM "
                   "(the call alone: an agent's JVM is up before the step); *warm*: a later call in one long-lived JVM. "
                   "Warm calls come after calls on the same image, so the report finds the layers in the agent "
                   "JVM's layer-scan cache (`LayerScanCache`) and reads nothing back, as when an agent mirrors an "
                   "image again; for an image the agent has never scanned, add about the warm size report's time "
                   "(the CLI table's size report row).")
        out.append("")
        out.append("| scenario | peer | peer time |" + "".join(f" {t} | ratio |" for _, t in AGENT_MODES)
                   + " target | CPU: peer / cold / warm | peak RSS: peer / cold / warm | classes loaded: cold / warm |")
        out.append("|---|---|--:|" + "--:|--:|" * len(AGENT_MODES) + "---|--:|--:|--:|")
        for name in agent_names:
            what, peer, _ = SCENARIOS[name]
            out.append(f"| {what} | {peer} | {fmt_ms(med(name, 'peer', 'ms'))} |"
                       + "".join(f" {fmt_ms(med(name, k, 'ms'))} | {ratio(name, k):.2f}× |" for k, _ in AGENT_MODES)
                       + f" {targets(name, [k for k, _ in AGENT_MODES])} |"
                       + " " + " / ".join(fmt_ms(med(name, k, 'cpu')) for k in ("peer", "agent-cold", "agent-warm")) + " |"
                       + " " + " / ".join(mib(med(name, k, 'rss')) for k in ("peer", "agent-cold", "agent-warm")) + " |"
                       + f" {med(name, 'agent-cold', 'cls'):.0f} / {med(name, 'agent-warm', 'cls'):.0f} |")
        out.append("")
        out.append("**The CLI.**")
        out.append("")
    head = "| scenario | peer | peer time |" + "".join(f" ours, {t} | ratio |" for _, t in modes) + " target |"
    out.append(head)
    out.append("|---|---|--:|" + "--:|--:|" * len(modes) + "---|")
    for name in names:
        what, peer, _ = SCENARIOS[name]
        cells = [f"| {what} | {peer} | {fmt_ms(med(name, 'peer', 'ms'))} |"]
        for key, _ in modes:
            cells.append(f" {fmt_ms(med(name, key, 'ms'))} | {ratio(name, key):.2f}× |")
        cells.append(f" {targets(name, [k for k, _ in modes])} |")
        out.append("".join(cells))
    out.append("")
    out.append("CPU time (user + system; for the warm JVM the whole process's during the command, JIT and GC "
               "included). On a shared machine this is steadier than wall time.")
    out.append("")
    out.append("| scenario | peer CPU |" + "".join(f" ours, {t} | ratio |" for _, t in modes))
    out.append("|---|--:|" + "--:|--:|" * len(modes))
    for name in names:
        out.append(f"| {SCENARIOS[name][0]} | {fmt_ms(med(name, 'peer', 'cpu'))} |" + "".join(
            f" {fmt_ms(med(name, k, 'cpu'))} | {ratio(name, k, 'cpu'):.2f}× |" for k, _ in modes))
    out.append("")
    reg_names = [n for n in names if med(n, "peer", "reg") > 0]
    if reg_names:
        out.append("The registries work too: the CPU the source and destination registries (`docker-registry`, on the "
                   "same 2 cores) used during each run, and the whole: tool + registries. When the whole exceeds the "
                   "wall time the machine is CPU-bound, and the registries' share, the same for both tools, bounds "
                   "every ratio from below: the *floor* is registries(ours) / (peer + registries(peer)), the ratio "
                   "ours would reach using no CPU at all.")
        out.append("")
        out.append("| scenario | registries, peer run | peer + registries | registries, ours warm | "
                   "ours warm + registries | ratio | floor |")
        out.append("|---|--:|--:|--:|--:|--:|--:|")
        for name in reg_names:
            floor = med(name, "warm", "reg") / med(name, "peer", "all")
            out.append(f"| {SCENARIOS[name][0]} | {fmt_ms(med(name, 'peer', 'reg'))} | "
                       f"{fmt_ms(med(name, 'peer', 'all'))} | {fmt_ms(med(name, 'warm', 'reg'))} | "
                       f"{fmt_ms(med(name, 'warm', 'all'))} | {ratio(name, 'warm', 'all'):.2f}× | {floor:.2f}× |")
        out.append("")
    out.append("Peak memory (medians): max RSS of each process (`/usr/bin/time`; the peer's is the larger of its "
               "processes); for the warm JVM, the peak RSS of the harness process during that one command, the peak "
               "heap in use during it, and the heap in use after a full GC once it returned. Default heap settings "
               "(`java -jar`: G1, initial heap 1/64 of RAM); `resources/image-mirror` uses the serial collector. "
               "The step's path is in its own table above.")
    out.append("")
    out.append("| scenario | peer RSS |" + "".join(f" ours, {t} RSS |" for _, t in modes)
               + " warm peak heap | warm heap after GC |")
    out.append("|---|--:|" + "--:|" * len(modes) + "--:|--:|")
    for name in names:
        out.append(f"| {SCENARIOS[name][0]} | {mib(med(name, 'peer', 'rss'))} |"
                   + "".join(f" {mib(med(name, k, 'rss'))} |" for k, _ in modes)
                   + f" {mib(med(name, 'warm', 'peak'))} | {mib(med(name, 'warm', 'after'))} |")
    out.append("")
    bounded = [l.rstrip("\n").split("\t") for l in open(sys.argv[4])] if len(sys.argv) > 4 and os.path.exists(
        sys.argv[4]) else []
    if bounded:
        out.append("Bounded memory: the same commands in a fresh JVM with the heap capped at 32 MiB "
                   "(`java -Xmx32m -jar …`), on the same image, each run many times in a row (all passed; the fan-out's"
                   " second registry is throttled by `bench/throttle-proxy.py`): median time and CPU, largest RSS.")
        out.append("")
        out.append("| command, `-Xmx32m` | median time | max RSS | median CPU |")
        out.append("|---|--:|--:|--:|")
        for label, ms, rss, cpu in bounded:
            out.append(f"| {label} | {fmt_ms(float(ms))} | {mib(rss)} | {fmt_ms(float(cpu))} |")
        out.append("")
    out.append("<details><summary>Every round (wall ms; ratio = ours / peer)</summary>")
    out.append("")
    all_modes = modes + (AGENT_MODES if agent_names else [])
    out.append("| scenario | round | peer |" + "".join(f" {SHORT[k]} | ratio |" for k, _ in all_modes))
    out.append("|---|--:|--:|" + "--:|--:|" * len(all_modes))
    for name in names:
        for rnd, r in sorted(rows[name].items()):
            p = r["peer"]["ms"]
            out.append(f"| {name} | {rnd} | {p} |" + "".join(
                f" {r[k]['ms']} | {r[k]['ms'] / max(p, 1):.2f} |" if k in r else " – | – |" for k, _ in all_modes))
    out.append("")
    out.append("</details>")
    out.append("")
    out.append(END)
    section = "\n".join(out)

    text = open(out_path).read() if os.path.exists(out_path) else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
    else:
        text = (text + "\n" if text else "# Benchmarks\n\n") + section + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w") as f:
        f.write(text)
    for name in names:
        print(f"{name}: " + ", ".join(f"{SHORT[k]} {ratio(name, k):.2f}×" for k, _ in modes + AGENT_MODES
                                      if all(k in r for r in rows[name].values())))


if __name__ == "__main__":
    main()
