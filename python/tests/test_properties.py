"""Nothing is lost: every sentence of both sides is in exactly one bead, in order."""
import ende
import pytest
from hypothesis import given, settings, strategies as st

WORDS = st.sampled_from(
    "the river rose by 3.5 metres Dr. Meier U.S. z. B. am 3. Oktober Fluss stieg um "
    "260,000 260.000 Bürgermeister „Hochwasser“ \"flood\" (Anm.) Kirchau – e.g. Nr. 5".split()
)
SEPARATORS = st.sampled_from([" ", " ", " ", ". ", "! ", "? ", "\n", "\n\n", ": ", "; "])


@st.composite
def texts(draw):
    words = draw(st.lists(WORDS, min_size=1, max_size=40))
    seps = draw(st.lists(SEPARATORS, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps))


def covers(ids_per_bead, n):
    flat = [i for ids in ids_per_bead for i in ids]
    return flat == list(range(1, n + 1))


@settings(max_examples=150, deadline=None)
@given(texts(), texts(), st.booleans())
def test_every_sentence_once_in_order(en, de, presplit):
    if not all(any(c.isalpha() for c in side) for side in (en, de)):
        # Nothing to align is refused, never answered with an empty or partial alignment.
        with pytest.raises(ende.NoWordsError):
            ende.align(en, de, langs=("en", "de"), presplit=presplit)
        return
    beads = ende.align(en, de, langs=("en", "de"), presplit=presplit)
    if presplit:
        en_sents = en.split("\n")[: -1 if en.endswith("\n") else None]
        de_sents = de.split("\n")[: -1 if de.endswith("\n") else None]
    else:
        en_sents, de_sents = ende.split(en, "en"), ende.split(de, "de")
    assert covers([b.en_ids for b in beads], len(en_sents))
    assert covers([b.de_ids for b in beads], len(de_sents))
    for b in beads:
        assert b.en_ids or b.de_ids
        assert b.en == " ".join(en_sents[i - 1] for i in b.en_ids)
        assert b.de == " ".join(de_sents[i - 1] for i in b.de_ids)
        assert b.status == ("aligned" if b.en_ids and b.de_ids else "en_only" if b.en_ids else "de_only")
        assert 0.0 <= b.score <= 1.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(texts(), texts()), min_size=1, max_size=8), st.integers(1, 3))
def test_align_many_loses_no_pair(pairs, jobs):
    inputs = ((k, en, de) for k, (en, de) in enumerate(pairs))
    got = list(ende.align_many(inputs, jobs=jobs, langs="en,de", errors="return"))
    assert [doc for doc, _ in got] == list(range(len(pairs)))
    for (en, de), (_, beads) in zip(pairs, got):
        try:
            alone = [b.to_dict() for b in ende.align(en, de, langs="en,de")]
        except ende.Error as e:
            # The same error in place of the beads, naming the pair's side ("3 (de): ...").
            assert type(beads) is type(e)
            assert str(beads).split(": ", 1)[1] == str(e).split(": ", 1)[1]
            continue
        assert [b.to_dict() for b in beads] == alone
