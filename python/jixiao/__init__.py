"""jixiao: Chinese government performance-evaluation reports (绩效自评报告,
自评表, 考核办法) and budget / final-accounts disclosures (部门预算/决算公开) —
PDF, DOCX, plain text in any Chinese encoding — as structured data, with an
audit of their arithmetic. A native extension over the Rust library: the
dicts are the command line's JSON.

    >>> import jixiao
    >>> doc = jixiao.extract("report.pdf")             # dict, as `jixiao extract`
    >>> jixiao.check("report.pdf")                      # error findings, as `jixiao check`
    >>> for doc in jixiao.extract_many(["archive/"], jobs=4): ...
    >>> jixiao.tables_frame(doc)                        # pandas, long format
"""

from ._errors import (
    DamagedError,
    EncryptedError,
    ExtractError,
    InternalError,
    LimitExceededError,
    NoTextError,
    ReadError,
    SkippedWarning,
    UnsupportedFormatError,
)
from ._native import __version__, check, extract, extract_many, schema, text
from .frames import facts_frame, figures_frame, findings_frame, tables_frame

__all__ = [
    "__version__",
    "extract",
    "check",
    "text",
    "extract_many",
    "schema",
    "tables_frame",
    "findings_frame",
    "figures_frame",
    "facts_frame",
    "ExtractError",
    "ReadError",
    "UnsupportedFormatError",
    "EncryptedError",
    "DamagedError",
    "NoTextError",
    "LimitExceededError",
    "InternalError",
    "SkippedWarning",
]
