"""Type stubs of the native module (``jixiao._native``); the package
re-exports everything here."""

import os
from typing import Any, Iterable, Iterator, Literal, Optional, Union

from ._errors import ExtractError

Source = Union[str, os.PathLike[str], bytes, bytearray, memoryview]
Document = dict[str, Any]
Finding = dict[str, Any]

__version__: str

def extract(
    source: Source,
    name: Optional[str] = None,
    *,
    ocr: Literal["auto", "never", "always"] = "auto",
    timeout: Optional[float] = 60.0,
) -> Document:
    """Extract one report: its document as Python objects, the same dict as
    the command line's JSON (``jixiao extract FILE``; schema: ``jixiao.schema()``).

    ``source`` is a path or the file's bytes; ``name`` is the path recorded in
    ``source.path`` and the format hint when the bytes do not say (default: the
    path, or ``"<bytes>"``). ``timeout``: time budget in seconds (0 or None:
    none). ``ocr``: as ``--ocr``: "auto" (scanned pages read with tesseract
    when it is installed), "always" or "never".

    Raises an ExtractError subclass whose ``str`` is the command line's
    one-line message ("path: reason"). The GIL is released while extracting,
    so a thread pool scales."""

def check(
    source: Source,
    name: Optional[str] = None,
    *,
    all: bool = False,
    ocr: Literal["auto", "never", "always"] = "auto",
    timeout: Optional[float] = 60.0,
) -> list[Finding]:
    """The audit's findings for one report: errors only, as ``jixiao check``
    lists them, or every finding (warnings and info too) with ``all=True``.
    Arguments and exceptions as ``extract``."""

def text(
    source: Source,
    name: Optional[str] = None,
    *,
    ocr: Literal["auto", "never", "always"] = "auto",
    timeout: Optional[float] = 60.0,
) -> str:
    """A report's text in reading order, as ``jixiao text FILE`` prints it.
    Arguments and exceptions as ``extract``."""

def schema() -> dict[str, Any]:
    """The JSON Schema of the document dict."""

class Batch(Iterator[Union[Document, ExtractError]]):
    """The iterator ``extract_many`` returns."""

    def __iter__(self) -> "Batch": ...
    def __next__(self) -> Union[Document, ExtractError]: ...
    def close(self) -> None:
        """Stop the batch: inputs not yet started are not started."""

def extract_many(
    paths: Union[str, os.PathLike[str], Iterable[Union[str, os.PathLike[str]]]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["raise", "return"] = "raise",
    ocr: Literal["auto", "never", "always"] = "auto",
    timeout: Optional[float] = 60.0,
) -> Batch:
    """Extract many reports in parallel with the crate's own batch (as
    ``jixiao extract --jsonl``), yielding each document's dict in input order.

    ``paths``: files, directories (walked in name order; files that are not
    reports give a SkippedWarning) and .zip archives (entries read in place,
    named "archive.zip!/entry"). ``jobs``: worker threads (default: all
    cores). ``errors="raise"`` raises the first failed input's ExtractError and
    stops; ``errors="return"`` yields the exception object in its place."""
