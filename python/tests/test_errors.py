"""Every exception class on the input that causes it, with the command line's message."""
import codecs

import ende
import pytest
from conftest import CORPORA, cli, pair

EN, DE = pair("flood")
FRENCH = (
    "La Mulde est montée de 3,5 mètres à Kirchau le 3 octobre. Environ 260 000 personnes "
    "vivent le long de la rivière."
)

# (the German side as bytes, the class, its base classes, the message after the file name)
BAD = [
    (b"Gr\xfc\xdfe aus K\xf6ln", ende.NotUtf8Error, (ValueError,), "not UTF-8: invalid byte 0xfc at byte offset 2"),
    (codecs.BOM_UTF16_LE + "Hallo Welt".encode("utf-16-le"), ende.WideEncodingError, (ende.NotUtf8Error,), "UTF-16 text; convert"),
    (b"Der Fluss\0stieg.", ende.BinaryError, (ValueError,), "binary content, not text (a NUL byte at byte offset 9)"),
    (b" \n\t\n", ende.EmptyError, (ValueError,), "empty (no text)"),
    (b"123 456 !!! --", ende.NoWordsError, (ende.EmptyError,), "no words (only punctuation, digits or symbols)"),
    (FRENCH.encode(), ende.LanguageError, (ValueError,), "the text looks French, not English or German"),
]


@pytest.mark.parametrize("data,cls,bases,message", BAD, ids=[b[1].__name__ for b in BAD])
def test_each_error_class_with_the_cli_message(tmp_path, data, cls, bases, message):
    bad = tmp_path / "bad.de.txt"
    bad.write_bytes(data)
    en = CORPORA / "flood.en.txt"
    # From files: exactly what `ende align` says after "ende: ".
    stderr = cli("align", en, bad, check=False).stderr.decode().strip()
    assert stderr.startswith("ende: ") and message in stderr
    with pytest.raises(cls) as e:
        ende.align(en, bad)
    assert "ende: " + str(e.value) == stderr
    assert isinstance(e.value, ende.Error) and all(isinstance(e.value, b) for b in bases)
    # From bytes in memory: the same message about the side named "de".
    with pytest.raises(cls, match="^de: " + message.replace("(", r"\(").replace(")", r"\)")):
        ende.align(EN, data)
    with pytest.raises(cls):
        ende.check(EN, data)


def test_a_str_read_with_surrogateescape_is_not_utf8_at_its_byte():
    text = b"Gr\xfc\xdfe aus K\xf6ln".decode("utf-8", "surrogateescape")
    with pytest.raises(ende.NotUtf8Error, match="^en: not UTF-8: invalid byte 0xfc at byte offset 2$"):
        ende.align(text, DE)
    with pytest.raises(ende.NotUtf8Error):
        ende.split("lone \ud800 surrogate")


def test_a_nul_in_a_str_is_binary_and_split_checks_too():
    with pytest.raises(ende.BinaryError, match="^en: "):
        ende.align("The river rose.\0", DE)
    with pytest.raises(ende.BinaryError, match="^text: "):
        ende.split("abc\0def")
    assert ende.split("  ") == []


def test_files_that_cannot_be_read_and_a_bad_lexicon(tmp_path):
    missing = tmp_path / "missing.en.txt"
    with pytest.raises(ende.ReadError) as e:
        ende.align(missing, CORPORA / "flood.de.txt")
    assert isinstance(e.value, OSError)
    assert "ende: " + str(e.value) == cli("align", missing, CORPORA / "flood.de.txt", check=False).stderr.decode().strip()
    lex = tmp_path / "lex.txt"
    lex.write_text("flood\tHochwasser\nno tab here\n", encoding="utf-8")
    with pytest.raises(ende.LexiconError, match=r"lex.txt: line 2: expected source<TAB>target"):
        ende.align(EN, DE, lexicon=lex)
    stderr = cli("align", "--lexicon", lex, CORPORA / "flood.en.txt", CORPORA / "flood.de.txt", check=False).stderr
    with pytest.raises(ende.LexiconError) as e:
        ende.Lexicon(lex)
    assert "ende: " + str(e.value) == stderr.decode().strip()
    with pytest.raises(ende.ReadError, match="no such file"):
        ende.Lexicon(tmp_path / "nothing.tsv")


def test_bad_arguments_are_python_errors():
    with pytest.raises(TypeError, match="en: expected str, bytes or a path"):
        ende.align(42, DE)
    with pytest.raises(ValueError, match="langs"):
        ende.align(EN, DE, langs=("en", "german!"))
    with pytest.raises(ValueError, match="unknown language"):
        ende.split(EN, lang="fr")
    with pytest.raises(ValueError, match="lexicon is for"):
        ende.align(EN, DE, lexicon=ende.Lexicon([("a", "b")], langs="de,fr"))


def test_a_swapped_pair_is_aligned_with_a_warning():
    with pytest.warns(ende.NoticeWarning, match="aligning them the other way round"):
        swapped = ende.align(DE, EN)
    assert [b.to_dict() for b in swapped] == [b.to_dict() for b in ende.align(EN, DE)]
