#!/usr/bin/env python3
"""How far `ende align`'s scores can be trusted: per development set and score threshold, the
share of rows kept and the share of them that are right.

  .ci/calibration.py [--json]      (from the repository root, ../shared beside it)

A pair row is right when everything it holds lies inside one gold bead with sentences on both
sides (the realworld scorer's rule, ../shared/eval/score_segments.py, used for every set); a
gap row (en_only, de_only) is right when its sentences have no counterpart in the gold. Prints
a Markdown table (docs/accuracy.md), or with --json one line per set with the precision of
rows scoring >= 0.9, which .ci/floors checks.
"""
import csv
import glob
import io
import json
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BIN = os.environ.get("ENDE_BIN", os.path.join(ROOT, "target/release/ende"))
D = os.path.join(ROOT, "..", "shared", "data")
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "eval"))
import score_segments  # noqa: E402


def run(args):
    out = subprocess.run([BIN, "align"] + args, capture_output=True, text=True, check=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def gold_beads(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            a, b = line.strip().split(":")
            out.append((json.loads(a), json.loads(b)))
    return out


def labels(rows, gold, cols):
    """Rightness of each row against vecalign-style gold beads (0-based ids)."""
    bead = [{}, {}]
    for k, (a, b) in enumerate(gold):
        for i in a:
            bead[0][i] = k
        for j in b:
            bead[1][j] = k
    out = []
    for r in rows:
        ids = [[int(x) - 1 for x in r[c].split()] for c in cols]
        beads = {bead[0].get(i) for i in ids[0]} | {bead[1].get(j) for j in ids[1]}
        if ids[0] and ids[1]:
            ok = len(beads) == 1 and None not in beads and all(gold[next(iter(beads))])
        else:
            side = 0 if ids[0] else 1
            ok = all(bead[side].get(x) is not None and not gold[bead[side][x]][1 - side]
                     for x in ids[side])
        out.append(ok)
    return out


def collect():
    sets = {}

    def add(name, rows, ok):
        for r, good in zip(rows, ok):
            sets.setdefault(name, []).append((float(r["score"]), r["status"] == "aligned", good))

    for sub in ("damaged", "clean"):
        for g in sorted(glob.glob(f"{D}/realworld-en-de/{sub}/*.json")):
            n = g[:-5]
            rows = run([n + ".en.txt", n + ".de.txt"])
            _, wrong, _ = score_segments.score_doc(json.load(open(g, encoding="utf-8")), rows)
            bad = {id(r) for r, _ in wrong}
            kind = "ted" if os.path.basename(n).startswith("talk") else "wmt23"
            add(f"realworld {sub} {kind}", rows, [id(r) not in bad for r in rows])
    for g in sorted(glob.glob(f"{D}/pud-en-de-damaged/*.gold")):
        n = g[:-5]
        rows = run(["--presplit", n + ".en", n + ".de"])
        add("pud-en-de-damaged", rows, labels(rows, gold_beads(g), ("en_ids", "de_ids")))
    tb = f"{D}/textberg-de-fr"
    rows = run(["--presplit", "--langs", "de,fr", f"{tb}/dev.de", f"{tb}/dev.fr"])
    add("textberg-de-fr dev", rows, labels(rows, gold_beads(f"{tb}/dev.defr"), ("de_ids", "fr_ids")))
    for d in ("corpora", "corpora/damaged"):
        for n in ("flood", "breach", "match"):
            rows = run([f"{ROOT}/{d}/{n}.en.txt", f"{ROOT}/{d}/{n}.de.txt"])
            g = gold_beads(f"{ROOT}/{d}/gold/{n}.align")
            add("team articles", rows, labels(rows, g, ("en_ids", "de_ids")))
    return sets


def kept(rows, paired, th):
    k = [good for sc, pa, good in rows if pa == paired and sc >= th]
    n = sum(1 for sc, pa, good in rows if pa == paired)
    return len(k), n, (sum(k) / len(k) if k else None)


def main():
    sets = collect()
    if "--json" in sys.argv:
        for name, rows in sets.items():
            (kp, np_, pp), (kg, ng, pg) = kept(rows, True, 0.9), kept(rows, False, 0.9)
            print(json.dumps({"set": name, "pairs_kept": kp, "pairs": np_, "pairs_precision": pp,
                              "gaps_kept": kg, "gaps": ng, "gaps_precision": pg}))
        return
    print("| set | rows | score ≥ 0.5: pairs kept / right, gaps kept / right | ≥ 0.8 | ≥ 0.9 | ≥ 0.95 |")
    print("|---|---|---|---|---|---|")
    for name, rows in sets.items():
        cells = []
        for th in (0.5, 0.8, 0.9, 0.95):
            parts = []
            for paired in (True, False):
                k, n, p = kept(rows, paired, th)
                parts.append(f"{k}/{n} " + (f"{p:.3f}" if p is not None else "–"))
            cells.append(" · ".join(parts))
        print(f"| {name} | {len(rows)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
