#!/usr/bin/env python3
"""Pairs per second of the Python package's ``ende.align_many`` against ``ende batch``.

    python benches/python_bench.py [--pairs 2000] [--jobs N] [--rounds 5]

Run it with the Python that has the package installed (``.ci/python`` makes one:
``target/python-venv/bin/python``). The pairs are those of the corpus benchmark
(``benches/corpus.rs``: the team's gold articles damaged by ``tests/util/damage.rs`` with dropped,
merged and added sentences, boilerplate and headlines), generated into
``target/bench-corpus/pairs-N`` by ``cargo bench --bench corpus -- N`` when missing.

Both do the whole work of a pair: read both files, check them, split, align and flag. The CLI
writes its CSV; the package hands every pair's beads to Python, which counts them. Three ways
of feeding the package are timed: paths (read by the worker threads, as the CLI reads them),
``str`` read by Python on the calling thread (what most callers do), and the same with every
bead turned into a dict (the cost of ``to_pandas`` or ``datasets`` rows). Runs alternate, so a
busy machine slows all alike, and each figure is the median of ``--rounds`` runs. Besides wall
time, the CPU time of the work (the CLI process's, or this process's in all its threads) is
reported: other processes on a shared machine stretch wall time but hardly the CPU time a pair
costs.
"""
import argparse
import os
import resource
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import ende

ROOT = pathlib.Path(__file__).resolve().parents[1]


def corpus(n):
    folder = ROOT / "target" / "bench-corpus" / f"pairs-{n}"
    if not (folder / ".complete").exists():
        print(f"generating {folder} (cargo bench --bench corpus -- {n})", file=sys.stderr)
        subprocess.run(
            ["cargo", "bench", "--bench", "corpus", "--", str(n)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    names = sorted(p.name[: -len(".en.txt")] for p in folder.glob("*.en.txt"))
    assert len(names) == n, (folder, len(names))
    return folder, names


def cpu(who):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def run_cli(binary, folder, jobs, out):
    start, cpu0 = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [binary, "batch", str(folder), "-o", out, "-q", "--jobs", str(jobs)], check=True
    )
    return time.perf_counter() - start, cpu(resource.RUSAGE_CHILDREN) - cpu0


def run_python(folder, names, jobs, mode):
    def pairs():
        for name in names:
            en, de = folder / f"{name}.en.txt", folder / f"{name}.de.txt"
            if mode == "paths":
                yield name, en, de
            else:
                yield name, en.read_text(encoding="utf-8"), de.read_text(encoding="utf-8")

    start, cpu0 = time.perf_counter(), cpu(resource.RUSAGE_SELF)
    beads = 0
    for _, result in ende.align_many(pairs(), jobs=jobs):
        if mode == "dicts":
            beads += len([b.to_dict() for b in result])
        else:
            beads += len(result)
    return time.perf_counter() - start, cpu(resource.RUSAGE_SELF) - cpu0, beads


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--ende", default=str(ROOT / "target" / "release" / "ende"))
    args = ap.parse_args()
    folder, names = corpus(args.pairs)
    load = os.getloadavg()[0]
    modes = ["paths", "str", "dicts"]
    times = {m: [] for m in ["cli"] + modes}
    cpus = {m: [] for m in ["cli"] + modes}
    counts = set()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.csv")
        # One untimed run of each warms the page cache and the allocator.
        run_cli(args.ende, folder, args.jobs, out)
        run_python(folder, names, args.jobs, "paths")
        for _ in range(args.rounds):
            seconds, used = run_cli(args.ende, folder, args.jobs, out)
            times["cli"].append(seconds)
            cpus["cli"].append(used)
            for m in modes:
                seconds, used, beads = run_python(folder, names, args.jobs, m)
                times[m].append(seconds)
                cpus[m].append(used)
                counts.add(beads)
        with open(out, encoding="utf-8") as f:
            csv_rows = sum(1 for _ in f) - 1
    # Every run saw every bead the CLI wrote (none lost, none added).
    assert counts == {csv_rows}, (counts, csv_rows)
    cli = statistics.median(times["cli"])
    cli_cpu = statistics.median(cpus["cli"])
    print(
        f"{args.pairs} pairs, {csv_rows} beads, {args.jobs} threads, median of {args.rounds} runs "
        f"(ende {ende.__version__}, Python {sys.version.split()[0]}; load average before: "
        f"{load:.1f})\n"
    )
    print("| run | seconds | pairs/s | time vs CLI | CPU seconds | CPU ms/pair | CPU vs CLI |")
    print("|---|---|---|---|---|---|---|")
    labels = {
        "cli": "`ende batch DIR -o out.csv` (CLI)",
        "paths": "`ende.align_many` of paths",
        "str": "`ende.align_many` of `str` read in Python",
        "dicts": "the same, every bead `to_dict()`",
    }
    rss = {
        "cli": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "python": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    for m in ["cli"] + modes:
        s, c = statistics.median(times[m]), statistics.median(cpus[m])
        print(
            f"| {labels[m]} | {s:.2f} | {args.pairs / s:.0f} | {100 * (s / cli - 1):+.1f}% "
            f"| {c:.2f} | {1000 * c / args.pairs:.2f} | {100 * (c / cli_cpu - 1):+.1f}% |"
        )
    print(
        f"\nPeak RSS: CLI {rss['cli']:.0f} MB, this Python process {rss['python']:.0f} MB "
        "(interpreter and package included)"
    )


if __name__ == "__main__":
    main()
