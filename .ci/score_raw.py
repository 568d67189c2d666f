#!/usr/bin/env python3
"""Scores end-to-end alignment (split + align) of raw text against pre-split gold.

  score_raw.py GOLD_DIR PRED_DIR NAME [NAME ...]

GOLD_DIR holds NAME.en, NAME.de (one gold sentence per line) and NAME.gold (vecalign beads).
PRED_DIR holds NAME.csv, the output of `ende align NAME.raw.en NAME.raw.de`. A predicted pair
counts when its English and German texts both equal a gold bead's texts (sentences of a bead
joined by one space, white space collapsed). Reports precision, recall and F1 over beads with
both sides, pooled over all NAMEs, as one JSON line.
"""
import csv
import json
import re
import sys


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def main(argv):
    gold_dir, pred_dir, names = argv[1], argv[2], argv[3:]
    tp = n_pred = n_gold = 0
    for name in names:
        en = open(f"{gold_dir}/{name}.en", encoding="utf-8").read().split("\n")
        de = open(f"{gold_dir}/{name}.de", encoding="utf-8").read().split("\n")
        gold = set()
        for line in open(f"{gold_dir}/{name}.gold", encoding="utf-8"):
            if not line.strip():
                continue
            s, t = line.strip().split(":")
            s, t = json.loads(s), json.loads(t)
            if s and t:
                gold.add((norm(" ".join(en[i] for i in s)), norm(" ".join(de[i] for i in t))))
        pred = set()
        with open(f"{pred_dir}/{name}.csv", encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if row["status"] == "aligned":
                    pred.add((norm(row["en"]), norm(row["de"])))
        tp += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(json.dumps({"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "gold": n_gold, "pred": n_pred}))


if __name__ == "__main__":
    main(sys.argv)
