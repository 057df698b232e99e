#!/usr/bin/env python3
"""Turns bench/run.sh's results (meta.env, results.tsv) into the Markdown section of docs/benchmarks.md between
the markers <!-- bench:begin --> and <!-- bench:end --> (the rest of the file is left as it is; a missing file
is created with just the section).

usage: report.py META_ENV RESULTS_TSV OUT_MD
"""
import os
import statistics
import sys
from collections import defaultdict

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

SCENARIOS = {
    # name: (what, peer, target on the fresh-JVM ratio, extra target on the warm time in ms)
    "fresh": ("registry → empty registry", "`skopeo copy --all`", 1.0, None),
    "present": ("registry → registry that has it all", "`skopeo copy --all`", 1.0, 100),
    "fanout": ("registry → two empty registries", "two `skopeo copy --all`", 0.6, None),
    "archive": ("registry → oci-archive", "`skopeo copy --all … oci-archive:`", None, None),
    "sizes": ("size report (all platforms)", "`gzip -dc` of the layers", 1.5, None),
    "build": ("build, Dockerfile without RUN", "`buildah bud` (vfs, chroot)", None, None),
}


def mib(kb):
    return f"{int(kb) / 1024:.0f} MiB"


def fmt_ms(ms):
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms"


def main():
    meta_path, res_path, out_path = sys.argv[1:4]
    meta = dict(line.rstrip("\n").split("=", 1) for line in open(meta_path) if "=" in line)
    rows = defaultdict(lambda: defaultdict(dict))  # scenario -> round -> who -> (ms, rss, peak, after)
    for line in open(res_path):
        name, rnd, who, ms, rss, cpu, peak, after = line.rstrip("\n").split("\t")
        rows[name][int(rnd)][who] = (int(ms), int(rss), peak, after, int(cpu))

    out = [BEGIN, "", f"Last run: **{meta['date']}**, `{meta['command']}` at commit `{meta['git']}`.", ""]
    out.append(f"Machine: {meta['nproc']} × {meta['cpu']}, {meta['ram']} RAM, load average {meta['load']} at the end. "
               f"{meta['java']}; {meta['skopeo']}; {meta['registry']}; {meta['gzip']}; {meta['buildah']}.")
    out.append("")
    out.append(f"Image: a two-platform OCI index (linux/amd64, linux/arm64) `{meta['image_digest'][:19]}…`, "
               f"{meta['layers']} gzip layers per platform, {int(meta['platform_bytes']) / 1e6:.0f} MB compressed "
               f"per platform, {int(meta['image_bytes']) / 1e6:.0f} MB of distinct blobs in all (scale {meta['scale']}). "
               f"{meta['rounds']} measured rounds per scenario after one warm-up round; medians.")
    out.append("")
    out.append("| scenario | peer | peer | ours, fresh JVM | ratio | ours, warm JVM | ratio | target | met |")
    out.append("|---|---|--:|--:|--:|--:|--:|---|---|")
    verdicts = []
    for name in [n for n in SCENARIOS if n in rows]:
        what, peer, target, warm_target = SCENARIOS[name]
        rounds = rows[name]
        def med(who, i=0):
            return statistics.median(r[who][i] for r in rounds.values())
        def ratio(who):
            return statistics.median(r[who][0] / r["peer"][0] for r in rounds.values())
        rf, rw = ratio("fresh"), ratio("warm")
        tgt, met = [], []
        if target is not None:
            tgt.append(f"fresh ≤ {target:g}×")
            met.append(rf <= target)
        if warm_target is not None:
            tgt.append(f"warm < {warm_target} ms")
            met.append(med("warm") < warm_target)
        verdict = ("yes" if all(met) else "**no**") if met else "–"
        verdicts.append((name, verdict))
        out.append(f"| {what} | {peer} | {fmt_ms(med('peer'))} | {fmt_ms(med('fresh'))} | {rf:.2f}× | "
                   f"{fmt_ms(med('warm'))} | {rw:.2f}× | {', '.join(tgt) or '–'} | {verdict} |")
    out.append("")
    out.append("Peak memory (medians): max RSS of each process (`/usr/bin/time`; the peer's is the larger of its "
               "processes); for the warm JVM, the peak RSS of the harness process and the peak heap in use during "
               "that one command (the JVM's default heap settings throughout).")
    out.append("")
    out.append("| scenario | peer RSS | ours, fresh JVM RSS | ours, warm JVM RSS | warm peak heap | warm heap after GC |")
    out.append("|---|--:|--:|--:|--:|--:|")
    mem_rows = []
    for name in [n for n in SCENARIOS if n in rows]:
        rounds = rows[name]
        def med(who, i):
            return statistics.median(float(r[who][i]) for r in rounds.values())
        out.append(f"| {SCENARIOS[name][0]} | {mib(med('peer', 1))} | {mib(med('fresh', 1))} | "
                   f"{mib(med('warm', 1))} | {mib(med('warm', 2))} | {mib(med('warm', 3))} |")
        mem_rows.append(f"| {SCENARIOS[name][0]} | {fmt_ms(med('peer', 4))} | {fmt_ms(med('fresh', 4))} | "
                        f"{med('fresh', 4) / med('peer', 4):.2f}× | {fmt_ms(med('warm', 4))} | "
                        f"{med('warm', 4) / med('peer', 4):.2f}× |")
    out.append("")
    out.append("CPU time (user + system, medians; the warm JVM's is the whole process's during the command, JIT and "
               "GC included). On a shared machine this is steadier than wall time; it excludes the registries' own "
               "work, which is the same for both sides.")
    out.append("")
    out.append("| scenario | peer CPU | ours, fresh JVM CPU | ratio | ours, warm JVM CPU | ratio |")
    out.append("|---|--:|--:|--:|--:|--:|")
    out.extend(mem_rows)
    out.append("")
    out.append("<details><summary>Every round (ms; ratio = ours / peer)</summary>")
    out.append("")
    out.append("| scenario | round | peer | fresh JVM | warm JVM | fresh ratio | warm ratio |")
    out.append("|---|--:|--:|--:|--:|--:|--:|")
    for name in [n for n in SCENARIOS if n in rows]:
        for rnd, r in sorted(rows[name].items()):
            p, f, w = r["peer"][0], r["fresh"][0], r["warm"][0]
            out.append(f"| {name} | {rnd} | {p} | {f} | {w} | {f / p:.2f} | {w / p:.2f} |")
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
    for name, verdict in verdicts:
        print(f"{name}: target met: {verdict}")


if __name__ == "__main__":
    main()
