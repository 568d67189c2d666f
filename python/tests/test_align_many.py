"""align_many: input order, thread-count independence, lazy reading, errors in place."""
import itertools

import ende
import pytest
from conftest import CORPORA, NAMES, pair

FOLDERS = [CORPORA, CORPORA / "damaged"]


def corpus(n):
    """n pairs cycling through the six sample pairs, each under its own name."""
    texts = [pair(name, folder) for folder in FOLDERS for name in NAMES]
    return [(f"doc{k}", *texts[k % len(texts)]) for k in range(n)]


def dicts(results):
    return [(doc, [b.to_dict() for b in beads]) for doc, beads in results]


def test_results_come_in_input_order_whatever_the_thread_count():
    pairs = corpus(30)
    one = dicts(ende.align_many(pairs, jobs=1))
    assert [doc for doc, _ in one] == [doc for doc, _, _ in pairs]
    for jobs in (2, 3, 8):
        assert dicts(ende.align_many(iter(pairs), jobs=jobs)) == one
    # Each result is what align gives for the pair alone.
    for (doc, en, de), (_, beads) in zip(pairs[:6], one):
        assert [b.to_dict() for b in ende.align(en, de)] == beads


def test_reads_its_input_lazily_with_bounded_read_ahead():
    pulled = 0

    def pairs():
        nonlocal pulled
        for item in itertools.cycle(corpus(6)):
            pulled += 1
            yield item

    jobs = 2
    it = ende.align_many(pairs(), jobs=jobs)  # an endless input
    for k, (doc, beads) in enumerate(it):
        assert beads
        # Read ahead at most: four pairs per thread queued, four in flight, four finished and
        # waiting to be taken, and one waiting for room in the queue.
        assert pulled <= k + 1 + 3 * 4 * jobs + 1
        if k == 50:
            break
    assert pulled > 50


def test_takes_dicts_and_gives_the_doc_back_unchanged():
    (_, en, de), = corpus(1)
    key = ("shard", 7)
    rows = [{"doc": key, "en": en, "de": de}, {"en": en, "de": de}, [None, en, de]]
    got = list(ende.align_many(rows))
    assert [doc for doc, _ in got] == [key, None, None]
    assert dicts(got)[0][1] == dicts(got)[1][1]
    with pytest.raises(TypeError, match="item 0"):
        list(ende.align_many(["not a pair"]))
    with pytest.raises(TypeError, match="item 0"):
        list(ende.align_many([{"doc": "x", "en": en}]))


def test_a_failed_pair_raises_skips_or_returns_in_place():
    (_, en, de), = corpus(1)
    pairs = [("a", en, de), ("b", "   ", de), ("c", en, b"\0")]
    it = ende.align_many(pairs)
    assert next(it)[0] == "a"
    with pytest.raises(ende.EmptyError, match=r"^b \(en\): empty \(no text\)$"):
        next(it)
    with pytest.raises(ende.BinaryError, match=r"^c \(de\): binary content"):
        next(it)
    assert list(it) == []

    it = ende.align_many(pairs, errors="skip")
    assert [doc for doc, _ in it] == ["a"]
    assert [(doc, type(e)) for doc, e in it.failed] == [("b", ende.EmptyError), ("c", ende.BinaryError)]

    got = list(ende.align_many(pairs, errors="return"))
    assert [doc for doc, _ in got] == ["a", "b", "c"]
    assert isinstance(got[1][1], ende.EmptyError) and isinstance(got[2][1], ende.BinaryError)


def test_an_exception_of_the_input_reaches_the_caller_and_stopping_early_is_fine():
    (_, en, de), = corpus(1)

    def broken():
        yield ("a", en, de)
        raise KeyError("the crawler failed")

    with pytest.raises(KeyError, match="crawler"):
        list(ende.align_many(broken()))
    it = ende.align_many(corpus(40), jobs=2)
    assert next(it)[0] == "doc0"
    del it  # in-flight pairs finish in the background and are dropped


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="jobs"):
        ende.align_many([], jobs=0)
    with pytest.raises(ValueError, match="errors"):
        ende.align_many([], errors="ignore")
    with pytest.raises(TypeError):
        ende.align_many(42)
    assert list(ende.align_many([])) == []


def test_paths_are_read_by_the_workers_as_the_cli_reads_them(tmp_path):
    paths = [(n, CORPORA / f"{n}.en.txt", CORPORA / f"{n}.de.txt") for n in NAMES]
    texts = [(n, *pair(n)) for n in NAMES]
    assert dicts(ende.align_many(paths)) == dicts(ende.align_many(texts))
    # An earlier run's output among the inputs is refused, as by `ende batch`.
    out = tmp_path / "old.en.txt"
    out.write_text("doc,en_ids,de_ids,en,de,score,status,flags\nx,1,1,a,b,1,aligned,\n")
    got = list(ende.align_many([("old", out, CORPORA / "flood.de.txt")], errors="return"))
    assert isinstance(got[0][1], ende.ReadError)
    assert "looks like ende's own CSV output" in str(got[0][1])
