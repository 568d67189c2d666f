#!/usr/bin/env python3
"""Precision of `ende align` beads kept at each score threshold, per development set.

  .ci/calibration.py            (from the repository root, ../shared beside it)

A bead counts as right when it is exactly a gold bead. Prints a Markdown table: for each
threshold, the share of pairing beads kept and their precision, per set. The table in
docs/accuracy.md comes from here.
"""
import csv
import glob
import io
import json
import subprocess

BIN = "target/release/ende"
D = "../shared/data"


def gold(path):
    out = set()
    for line in open(path, encoding="utf-8"):
        if line.strip():
            s, t = line.strip().split(":")
            out.add((tuple(json.loads(s)), tuple(json.loads(t))))
    return out


def beads(args, g):
    out = subprocess.run([BIN, "align"] + args, capture_output=True, text=True, check=True).stdout
    rows = csv.reader(io.StringIO(out))
    next(rows)
    res = []
    for r in rows:
        s = tuple(int(x) - 1 for x in r[1].split())
        t = tuple(int(x) - 1 for x in r[2].split())
        if s and t:
            res.append((float(r[5]), (s, t) in g))
    return res


sets = {"pud-en-de-damaged": [], "textberg-de-fr dev": [], "team articles": []}
for g in sorted(glob.glob(D + "/pud-en-de-damaged/*.gold")):
    n = g[:-5]
    sets["pud-en-de-damaged"] += beads(["--presplit", n + ".en", n + ".de"], gold(g))
sets["textberg-de-fr dev"] += beads(
    ["--presplit", "--langs", "de,fr", D + "/textberg-de-fr/dev.de", D + "/textberg-de-fr/dev.fr"],
    gold(D + "/textberg-de-fr/dev.defr"))
for d in ("corpora", "corpora/damaged"):
    for n in ("flood", "breach", "match"):
        sets["team articles"] += beads([f"{d}/{n}.en.txt", f"{d}/{n}.de.txt"], gold(f"{d}/gold/{n}.align"))

print("| score ≥ | " + " | ".join(f"{k}: kept / precision" for k in sets) + " |")
print("|---|" + "---|" * len(sets))
for th in (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98):
    cells = []
    for rows in sets.values():
        kept = [ok for sc, ok in rows if sc >= th]
        cells.append(f"{len(kept) / len(rows):.3f} / {sum(kept) / max(len(kept), 1):.3f}")
    print(f"| {th:.2f} | " + " | ".join(cells) + " |")
