"""The exceptions of jixiao. Each failed input raises one ``ExtractError``
subclass; ``str(e)`` is the command line's one line without the program name
(``"path: reason"``), ``e.path`` the input and ``e.reason`` what went wrong."""

from __future__ import annotations


class ExtractError(Exception):
    """An input that gave no document."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # picklable (Spark, multiprocessing)
        return (type(self), (self.path, self.reason), self.__dict__)


class ReadError(ExtractError, OSError):
    """The file could not be read (missing, a directory, no permission)."""


class UnsupportedFormatError(ExtractError):
    """The bytes are not a format jixiao reads (or not the format the name claims)."""


class EncryptedError(ExtractError):
    """Password-protected, or encrypted in a way jixiao cannot open."""


class DamagedError(ExtractError):
    """The file is damaged beyond what can be recovered."""


class NoTextError(ExtractError):
    """Nothing readable: an empty file, or a scanned PDF without a text layer."""


class LimitExceededError(ExtractError):
    """A safety limit was hit; ``e.limit`` names it (``timeout-per-doc``,
    ``zip-entry-bytes``, ``pdf-pages`` …, the README's table of limits)."""

    limit: str | None = None


class InternalError(ExtractError):
    """A bug inside jixiao, caught (please report it with the input)."""


class SkippedWarning(UserWarning):
    """``extract_many`` met a file in a directory that is not a report."""
