"""The package gives what the command line gives: same beads, same report, same sentences."""
import csv
import io
import json
import pathlib

import ende
import pytest
from conftest import CORPORA, NAMES, cli, pair

FOLDERS = [CORPORA, CORPORA / "damaged"]


def to_csv(results):
    """The rows of `ende batch`/`ende align` CSV, formatted from the package's beads."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["doc", "en_ids", "de_ids", "en", "de", "score", "status", "flags"])
    for doc, beads in results:
        for b in beads:
            w.writerow(
                [
                    doc,
                    " ".join(map(str, b.en_ids)),
                    " ".join(map(str, b.de_ids)),
                    b.en,
                    b.de,
                    f"{b.score:.3f}",
                    b.status,
                    " ".join(b.flags),
                ]
            )
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("folder", FOLDERS, ids=["corpora", "damaged"])
def test_align_many_equals_the_batch_csv_byte_for_byte(folder, tmp_path):
    out = tmp_path / "batch.csv"
    cli("batch", folder, "-o", out, "-q")
    results = list(ende.align_many((name, *pair(name, folder)) for name in NAMES))
    assert [doc for doc, _ in results] == NAMES
    assert to_csv(results) == out.read_bytes()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("folder", FOLDERS, ids=["corpora", "damaged"])
def test_align_equals_the_align_csv_for_texts_bytes_and_paths(folder, name):
    en, de = folder / f"{name}.en.txt", folder / f"{name}.de.txt"
    expected = cli("align", en, de).stdout
    assert to_csv([(name, ende.align(*pair(name, folder)))]) == expected
    assert to_csv([(name, ende.align(en.read_bytes(), de.read_bytes()))]) == expected
    assert to_csv([(name, ende.align(en, de))]) == expected


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("folder", FOLDERS, ids=["corpora", "damaged"])
def test_check_report_equals_check_json(folder, name):
    en, de = folder / f"{name}.en.txt", folder / f"{name}.de.txt"
    expected = cli("check", "--format", "json", en, de, check=False).stdout.decode()
    report = ende.check(en, de)
    assert report.to_json() + "\n" == expected
    data = json.loads(expected)
    assert report.to_dict() == data
    # The attributes hold the same values as the JSON's keys.
    for key, value in data.items():
        got = getattr(report, key)
        if key in ("headline", "furniture"):
            got = {side: [x.to_dict() for x in got[side]] for side in ("en", "de")}
        elif isinstance(value, list):
            got = [x.to_dict() for x in got]
        assert got == value, key
    # A text gets the same report under the name "-".
    from_text = ende.check(*pair(name, folder)).to_dict()
    assert from_text == dict(data, name="-")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_split_equals_ende_split(name, lang):
    path = CORPORA / f"{name}.{lang}.txt"
    lines = cli("split", "--lang", lang, path).stdout.decode().splitlines()
    assert ende.split(path.read_text(encoding="utf-8"), lang=lang) == lines
    auto = cli("split", path).stdout.decode().splitlines()
    assert ende.split(path.read_text(encoding="utf-8")) == auto == lines


def test_presplit_and_langs_and_lexicon_equal_the_cli(tmp_path):
    # One sentence per line, another language pair: the CLI's --presplit --langs.
    de = "Der Fluss stieg am Montag.\nNiemand wurde verletzt.\nDie Brücke ist gesperrt.\n"
    fr = "La rivière a monté lundi.\nLa pont est fermé.\n"
    (tmp_path / "a.de").write_text(de, encoding="utf-8")
    (tmp_path / "a.fr").write_text(fr, encoding="utf-8")
    expected = cli("align", "--presplit", "--langs", "de,fr", tmp_path / "a.de", tmp_path / "a.fr")
    beads = ende.align(de, fr, presplit=True, langs=("de", "fr"))
    rows = list(csv.reader(io.StringIO(expected.stdout.decode())))
    assert rows[0] == ["doc", "de_ids", "fr_ids", "de", "fr", "score", "status", "flags"]
    assert [r[1:] for r in rows[1:]] == [
        [
            " ".join(map(str, b.en_ids)),
            " ".join(map(str, b.de_ids)),
            b.en,
            b.de,
            f"{b.score:.3f}",
            b.status,
            " ".join(b.flags),
        ]
        for b in beads
    ]
    assert {b.status for b in beads} <= {"aligned", "de_only", "fr_only"}
    # A user's dictionary, as a file and as pairs, changes nothing it should not.
    lex = tmp_path / "lex.tsv"
    lex.write_text("# mine\nweir gate\tWehrtor\n", encoding="utf-8")
    en, de = pair("flood")
    cli_rows = cli("align", "--lexicon", lex, CORPORA / "flood.en.txt", CORPORA / "flood.de.txt").stdout
    for lexicon in (lex, str(lex), [("weir gate", "Wehrtor")], {"weir gate": "Wehrtor"}, ende.Lexicon(lex)):
        assert to_csv([("flood", ende.align(en, de, lexicon=lexicon))]) == cli_rows
    assert ende.Lexicon(lex).added > 0
