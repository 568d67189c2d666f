"""The GIL is released while ende works, so Python threads run beside it.

Timing on a shared two-core machine is noisy, so neither test compares wall times against a
tight threshold. The first watches a pure-Python thread while another thread is inside
ende: were the GIL held, it could not take a single step for the whole call, whatever the
machine's load. The second runs the same
work in sequence and on two threads and compares the CPU time the process used with the wall
time: above 1 only if two threads ran Rust code at once, which they cannot while holding the
GIL; it is retried, since another process may take the second core for a while.
"""
import os
import threading
import time

import ende
from conftest import CORPORA, NAMES, pair

TEXTS = [pair(name, folder) for folder in (CORPORA, CORPORA / "damaged") for name in NAMES]


def big_pair(copies):
    en, de = TEXTS[1]
    return "\n\n".join([en] * copies), "\n\n".join([de] * copies)


def test_python_runs_while_ende_aligns():
    en, de = big_pair(200)
    started = threading.Event()
    done = threading.Event()
    longest = []

    def tick():
        # The longest time between two steps of a pure-Python loop. While ende holds the GIL
        # no step can run, so the longest gap would span the whole call.
        last = time.perf_counter()
        started.set()
        gap = 0.0
        while not done.is_set():
            now = time.perf_counter()
            gap = max(gap, now - last)
            last = now
        longest.append(gap)

    t = threading.Thread(target=tick)
    t.start()
    started.wait()
    start = time.perf_counter()
    ende.align(en, de)
    seconds = time.perf_counter() - start
    done.set()
    t.join()
    assert seconds > 0.3, "the pair is too small to tell"
    # Released: gaps of a switch interval (5 ms) or a time slice of a busy machine.
    assert longest[0] < seconds / 2, (longest, seconds)


def align_all(rounds):
    for _ in range(rounds):
        for en, de in TEXTS:
            ende.align(en, de)


def test_two_threads_align_at_once():
    if len(os.sched_getaffinity(0)) < 2:
        import pytest

        pytest.skip("one core: two threads cannot run at once")
    rounds = 1
    while True:  # enough work for about half a second per thread
        start = time.perf_counter()
        align_all(rounds)
        if time.perf_counter() - start > 0.5:
            break
        rounds *= 2
    attempts = []
    for _ in range(5):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        align_all(2 * rounds)
        sequence = time.perf_counter() - wall0, time.process_time() - cpu0

        threads = [threading.Thread(target=align_all, args=(rounds,)) for _ in range(2)]
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        together = time.perf_counter() - wall0, time.process_time() - cpu0
        attempts.append((sequence, together))
        # Held GIL: CPU/wall stays at 1 or below, and two threads take as long as one after
        # the other. Released: up to 2 and half the time on an idle machine.
        if together[1] / together[0] > 1.3 and together[0] < 0.85 * sequence[0]:
            return
    raise AssertionError(f"no parallel run in 5 attempts (wall s, cpu s): {attempts}")
