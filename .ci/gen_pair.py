#!/usr/bin/env python3
"""Writes a pre-split English/German pair built from the team's gold-aligned articles.

  gen_pair.py N KEEP OUT_PREFIX

N English sentences (the corpora's 1-1 gold pairs in order, repeated, each with a running
number so no two are equal); the German side keeps KEEP out of every 10 partners (KEEP=6 gives
N x 0.6N; a fractional KEEP such as 9.5 spreads the dropped partners evenly). Writes OUT_PREFIX.en and OUT_PREFIX.de, one sentence per line. Used by
.ci/scale-align and docs/performance.md; the same construction as benches/align.rs.
"""
import json
import os
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpora", "gold")
pairs = []
for name in ("flood", "breach", "match"):
    en = open(os.path.join(root, name + ".en.sents"), encoding="utf-8").read().split("\n")
    de = open(os.path.join(root, name + ".de.sents"), encoding="utf-8").read().split("\n")
    for line in open(os.path.join(root, name + ".align"), encoding="utf-8"):
        s, t = line.strip().split(":")
        s, t = json.loads(s), json.loads(t)
        if len(s) == 1 and len(t) == 1:
            pairs.append((en[s[0]], de[t[0]]))

n, keep, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]


def kept(k):
    if keep == int(keep):
        return k % 10 < keep
    return int((k + 1) * keep / 10) > int(k * keep / 10)


with open(out + ".en", "w", encoding="utf-8") as fe, open(out + ".de", "w", encoding="utf-8") as fd:
    for k in range(n):
        e, d = pairs[k % len(pairs)]
        fe.write(f"{e} ({k})\n")
        if kept(k):
            fd.write(f"{d} ({k})\n")
