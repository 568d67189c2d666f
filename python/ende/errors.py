"""The exceptions ende raises: one class per way an input can fail, under ``ende.Error``.

Each carries the message the command-line tool prints for the same input (without its
``ende:`` prefix), so a log line reads the same whichever way a pair was aligned. Most are
also ``ValueError``s (the input is wrong, not the program), and the file errors are
``OSError``s, so code that catches the built-in classes keeps working.
"""


class Error(Exception):
    """Anything ende refused or failed to do; the base of every ende exception."""


class NotUtf8Error(Error, ValueError):
    """The bytes are not UTF-8 (a ``str`` with lone surrogates counts: its bytes are not)."""


class WideEncodingError(NotUtf8Error):
    """The text is UTF-16 or UTF-32; convert it to UTF-8 first."""


class BinaryError(Error, ValueError):
    """The input holds binary data (a NUL byte, or many control characters), not text."""


class EmptyError(Error, ValueError):
    """One side holds no text at all (only white space)."""


class NoWordsError(EmptyError):
    """One side has not a single letter: only punctuation, digits or symbols."""


class LanguageError(Error, ValueError):
    """A side is in a language other than English or German."""


class LexiconError(Error, ValueError):
    """A line of the user's dictionary (``lexicon=``) that is not an entry."""


class ReadError(Error, OSError):
    """A file given as a path could not be read (missing, a directory, too large, ...)."""


class InternalError(Error, RuntimeError):
    """A bug: aligning this input panicked. Please report it with the input."""


class NoticeWarning(UserWarning):
    """Something ende noticed and worked around, e.g. the two sides given the wrong way round."""


__all__ = [
    "Error",
    "NotUtf8Error",
    "WideEncodingError",
    "BinaryError",
    "EmptyError",
    "NoWordsError",
    "LanguageError",
    "LexiconError",
    "ReadError",
    "InternalError",
    "NoticeWarning",
]
