"""Type stubs of ende's compiled module (python/src/lib.rs); `import ende` re-exports it."""

import os
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional, Sequence, Tuple, Union, final

__version__: str
__all__ = [
    "__version__",
    "AlignMany",
    "Bead",
    "Flagged",
    "Furniture",
    "Lexicon",
    "Line",
    "Report",
    "align",
    "align_many",
    "check",
    "split",
]

#: A side of a pair: text, its bytes (checked as a file's bytes are), or a path to read.
_Text = Union[str, bytes, bytearray, "os.PathLike[str]"]
#: Two language codes: ``("de", "fr")`` or ``"de,fr"``.
_Langs = Union[str, Tuple[str, str], Sequence[str]]
#: A user dictionary: a ``Lexicon``, a file, a dict, or ``(source, target)`` pairs.
_LexiconSource = Union["Lexicon", str, "os.PathLike[str]", Mapping[str, str], Iterable[Tuple[str, str]]]
#: An item of ``align_many``: ``(doc, en, de)`` or ``{"doc": ..., "en": ..., "de": ...}``.
_Pair = Union[Tuple[Any, _Text, _Text], Sequence[Any], Mapping[str, Any]]

@final
class Bead:
    """One bead: a run of source sentences and the target sentences paired with it.

    One side is empty for a sentence without a counterpart. ``en``/``de`` name the source and
    target side whatever the languages (``status`` names them).
    """

    #: 1-based numbers of the source sentences (the CSV's ``en_ids``).
    en_ids: list[int]
    #: 1-based numbers of the target sentences.
    de_ids: list[int]
    #: The source sentences, joined by one space.
    en: str
    #: The target sentences, joined by one space.
    de: str
    #: The aligner's calibrated confidence in [0, 1] that the bead is exactly right.
    score: float
    #: ``"aligned"``, ``"en_only"`` or ``"de_only"`` (with ``langs``, those codes).
    status: str
    #: ``numbers``, ``names``, ``untranslated``, ``length``, ``low_score``.
    flags: list[str]
    def to_dict(self) -> dict[str, Any]:
        """The bead as a dict, keys in the CSV's column order."""

@final
class Line:
    """A sentence in a report: its 1-based number on its side and its text."""

    id: int
    text: str
    def to_dict(self) -> dict[str, Any]: ...

@final
class Furniture:
    """A page furniture line left unpaired, with why it was taken for furniture."""

    id: int
    text: str
    #: ``listed``, ``repeated``, ``code``, ``link``, ``prompt``, ``shape`` or ``other story``.
    why: str
    def to_dict(self) -> dict[str, Any]: ...

@final
class Flagged:
    """A pairing bead with at least one flag, and what the flags found."""

    en_ids: list[int]
    de_ids: list[int]
    flags: list[str]
    #: Each number or name of one side that the other lacks (``number 260,000 not in DE``).
    reasons: list[str]
    en: str
    de: str
    score: float
    def to_dict(self) -> dict[str, Any]: ...

@final
class Report:
    """How complete a translation is: the fields of ``ende check --format json``."""

    name: str
    src_lang: str
    tgt_lang: str
    coverage_sentences: float
    coverage_chars: float
    en_sentences: int
    en_translated: int
    en_chars: int
    en_translated_chars: int
    de_sentences: int
    en_furniture: int
    de_furniture: int
    missing: list[Line]
    added: list[Line]
    #: ``{"en": [...], "de": [...]}``
    headline: dict[str, list[Line]]
    #: ``{"en": [...], "de": [...]}``
    furniture: dict[str, list[Furniture]]
    flagged: list[Flagged]
    paired_beads: int
    untranslated: int
    #: Most pairing beads look untranslated (a copy of the source, or still the source language).
    looks_untranslated: bool
    def to_json(self) -> str:
        """The report exactly as ``ende check --format json`` prints it (no final newline)."""
    def to_dict(self) -> dict[str, Any]:
        """``json.loads(self.to_json())``."""

@final
class Lexicon:
    """The built-in English-German lexicon with your own entries, built once for many calls."""

    def __new__(
        cls,
        source: Union[str, "os.PathLike[str]", Mapping[str, str], Iterable[Tuple[str, str]], None] = None,
        *,
        langs: Optional[_Langs] = None,
    ) -> "Lexicon": ...
    @property
    def langs(self) -> Tuple[str, str]: ...
    @property
    def added(self) -> int:
        """How many word links were added to the built-in lexicon."""

@final
class AlignMany(Iterator[Tuple[Any, Union[list[Bead], BaseException]]]):
    """The iterator of ``align_many``: ``(doc, beads)`` per pair, in input order."""

    def __iter__(self) -> "AlignMany": ...
    def __next__(self) -> Tuple[Any, Union[list[Bead], BaseException]]: ...
    @property
    def failed(self) -> list[Tuple[Any, BaseException]]:
        """With ``errors="skip"``: the pairs left out so far, as ``(doc, exception)``."""

def split(text: _Text, lang: Literal["auto", "en", "de"] = "auto") -> list[str]:
    """Sentences of ``text``, as ``ende split`` prints them."""

def align(
    en: _Text,
    de: _Text,
    *,
    presplit: bool = False,
    langs: Optional[_Langs] = None,
    lexicon: Optional[_LexiconSource] = None,
    realign: bool = False,
) -> list[Bead]:
    """Aligns an English text with its German translation; every sentence is in one bead."""

def check(
    en: _Text,
    de: _Text,
    *,
    presplit: bool = False,
    langs: Optional[_Langs] = None,
    lexicon: Optional[_LexiconSource] = None,
    realign: bool = False,
) -> Report:
    """Is the translation complete? The report of ``ende check``."""

def align_many(
    pairs: Iterable[_Pair],
    jobs: Optional[int] = None,
    *,
    presplit: bool = False,
    langs: Optional[_Langs] = None,
    lexicon: Optional[_LexiconSource] = None,
    realign: bool = False,
    errors: Literal["raise", "skip", "return"] = "raise",
) -> AlignMany:
    """Aligns many pairs on ``jobs`` threads; yields ``(doc, beads)`` in input order."""
