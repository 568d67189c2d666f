"""ende: align English articles with their German translations, sentence by sentence.

The functions are the Rust library's (see the repository's README); this package only hands
Python values to them and back::

    import ende
    beads = ende.align(en_text, de_text)          # every sentence of both sides, in order
    report = ende.check(en_text, de_text)         # is the translation complete?
    for doc, beads in ende.align_many(pairs):     # many pairs, in parallel, in input order
        ...

The walk-through is docs/python.md.
"""

from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Tuple, Union

from ._ende import (
    AlignMany,
    Bead,
    Flagged,
    Furniture,
    Lexicon,
    Line,
    Report,
    __version__,
    align,
    align_many,
    check,
    split,
)
from .errors import (
    BinaryError,
    EmptyError,
    Error,
    InternalError,
    LanguageError,
    LexiconError,
    NoticeWarning,
    NotUtf8Error,
    NoWordsError,
    ReadError,
    WideEncodingError,
)

if TYPE_CHECKING:
    import pandas as _pandas

#: What ``records`` and ``to_pandas`` take: beads of ``align``, or ``align_many``'s results.
Results = Iterable[Union[Bead, Tuple[Any, Union[List[Bead], BaseException]]]]

#: The columns of ``to_pandas`` and of the command line's CSV, in order.
COLUMNS = ["doc", "en_ids", "de_ids", "en", "de", "score", "status", "flags"]


def records(results: Results) -> Iterator[Dict[str, Any]]:
    """Plain dicts, one per bead, from ``align``'s beads or ``align_many``'s ``(doc, beads)``.

    Rows from ``align_many`` start with a ``doc`` key; pairs that failed (``errors="return"``)
    are left out. This is what ``to_pandas`` and ``datasets.Dataset.from_list`` take.
    """
    for item in results:
        if isinstance(item, Bead):
            yield item.to_dict()
        elif isinstance(item, tuple) and len(item) == 2:
            doc, beads = item
            if isinstance(beads, BaseException):
                continue
            for bead in beads:
                row = {"doc": doc}
                row.update(bead.to_dict())
                yield row
        else:
            raise TypeError(
                "expected Beads from ende.align or (doc, beads) from ende.align_many, got "
                + type(item).__name__
            )


def to_pandas(results: Results) -> "_pandas.DataFrame":
    """A pandas DataFrame with one row per bead.

    ``results`` is a list of ``Bead`` (from ``align``) or the ``(doc, beads)`` pairs of
    ``align_many`` (then a ``doc`` column comes first). Columns: ``en_ids``, ``de_ids`` (lists
    of 1-based sentence numbers), ``en``, ``de``, ``score``, ``status``, ``flags`` (a list).
    pandas is optional for ende; this function needs it.
    """
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "ende.to_pandas needs pandas, which is not installed: pip install pandas"
        ) from e
    rows = list(records(results))
    columns = COLUMNS if any("doc" in r for r in rows[:1]) else COLUMNS[1:]
    return pandas.DataFrame(rows, columns=columns)


__all__ = [
    "AlignMany",
    "Bead",
    "BinaryError",
    "COLUMNS",
    "EmptyError",
    "Error",
    "Flagged",
    "Furniture",
    "InternalError",
    "LanguageError",
    "Lexicon",
    "LexiconError",
    "Line",
    "NoWordsError",
    "NotUtf8Error",
    "NoticeWarning",
    "ReadError",
    "Report",
    "WideEncodingError",
    "__version__",
    "align",
    "align_many",
    "check",
    "records",
    "split",
    "to_pandas",
]
