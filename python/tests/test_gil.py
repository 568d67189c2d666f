"""The GIL is released while ende works, so Python threads run beside it.

Timing on a shared two-core machine is noisy, so neither test compares wall times against a
tight threshold. The first watches a pure-Python thread while another thread is inside ende:
were the GIL held, it could not take a single step for the whole call, whatever the machine's
load. The second runs the same work in sequence and on two threads and compares the CPU time
the process used with the wall time: above 1 only if two threads ran Rust code at once, which
they cannot while holding the GIL. Another process may take the second core for a while, so an
attempt passes as soon as two threads run at once, and a miss counts only when the process had
both cores just before and after it (read off align_many's pool, which runs without the GIL by
design); three such misses fail the test, and a machine too busy to tell skips it, saying so.
"""
import os
import threading
import time

import ende
import pytest
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


def measure(work, *args):
    """(wall seconds, CPU seconds of the whole process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    work(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def cores_free(rounds):
    """How many cores this process gets now, read off align_many's own two-thread pool."""
    wall, cpu = measure(lambda: list(ende.align_many(((k, *TEXTS[k % 6]) for k in range(6 * rounds)), jobs=2)))
    return cpu / wall


def on_two_threads(rounds):
    threads = [threading.Thread(target=align_all, args=(rounds,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_two_threads_align_at_once():
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: two threads cannot run at once")
    rounds = 1
    while measure(align_all, rounds)[0] < 0.4:  # enough work to measure
        rounds *= 2
    attempts, counted = [], 0
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        before = cores_free(rounds)
        sequence = measure(align_all, 2 * rounds)
        together = measure(on_two_threads, rounds)
        after = cores_free(rounds)
        attempts.append((round(before, 2), sequence, together, round(after, 2)))
        # Held GIL: the process uses at most one core (CPU/wall <= 1), and two threads take as
        # long as one after the other, whatever the machine does. Released: near 2, and near
        # half the time, when two cores are free.
        if together[1] / together[0] > 1.3 and together[0] < 0.85 * sequence[0]:
            return
        # Another process can take a core for a while; a miss counts against ende only when
        # align_many's pool, which runs without the GIL by design, got both cores just before
        # and just after.
        counted += min(before, after) >= 1.5
        if counted >= 3:
            break
    detail = f"(cores free before, (wall, cpu) in sequence, (wall, cpu) on two threads, after): {attempts}"
    if counted < 3:
        pytest.skip(f"the machine had two cores free too rarely in 45 s to tell {detail}")
    raise AssertionError(f"two threads never aligned at once, {counted} times with two cores free {detail}")
