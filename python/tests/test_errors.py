"""The README's bad inputs (built by scripts/bad-inputs.py, the same cases as
tests/bad_inputs.rs): each gives the command line's document, or the same
one-line error as an exception of the right class."""

import importlib.util
import pickle

import pytest

import jixiao
from conftest import ROOT

spec = importlib.util.spec_from_file_location("bad_inputs", ROOT / "scripts/bad-inputs.py")
bad_inputs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bad_inputs)

# What each case raises (None: it gives a document).
EXPECTED = {
    "empty file": jixiao.NoTextError,
    "random bytes": jixiao.UnsupportedFormatError,
    "truncated PDF (first half)": jixiao.DamagedError,
    "PDF with broken xref": None,
    "encrypted PDF, empty user password (AES-256)": None,
    "encrypted PDF with a user password": jixiao.EncryptedError,
    "scanned PDF, no text layer": jixiao.NoTextError,
    ".doc renamed .docx": None,
    "damaged OLE file (header only)": jixiao.DamagedError,
    "encrypted .doc": jixiao.EncryptedError,
    "Word 6.0/95 .doc": jixiao.UnsupportedFormatError,
    "WPS file in Kingsoft's own layout": jixiao.UnsupportedFormatError,
    "docx missing document.xml": jixiao.UnsupportedFormatError,
    "truncated .xlsx (first half)": jixiao.DamagedError,
    ".xlsx zip bomb (260 MB sheet)": jixiao.LimitExceededError,
    ".xls declaring a 17-billion-cell sheet": jixiao.LimitExceededError,
    "web page named .xls": None,
    "web page declaring gb2312 but saved as UTF-8": None,
    "zip bomb (260 MB entry)": jixiao.LimitExceededError,
    "50 MB single-line text": None,
    "NUL bytes in text": None,
    "invalid UTF-8 declared as UTF-8 (BOM + GBK)": None,
    "mixed encodings (UTF-8 and GBK lines)": None,
}
# Slow on a shared 2-core machine (tens of seconds for the CLI and again for
# Python); JIXIAO_SLOW_TESTS=1 runs it.
SLOW = {"50 MB single-line text"}


def cases():
    for what, name, data in bad_inputs.cases():
        marks = [pytest.mark.slow] if what in SLOW else []
        yield pytest.param(what, name, data, id=what, marks=marks)


CASES = list(cases())


def test_the_table_has_every_case():
    assert [what for what, _, _ in bad_inputs.cases()] == list(EXPECTED)


@pytest.mark.parametrize("what,name,data", CASES)
def test_bad_input_matches_the_cli(cli, tmp_path, what, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    expected, line = cli.extract(path)
    cls = EXPECTED[what]
    if cls is None:
        assert line is None, f"the CLI failed: {line}"
        assert jixiao.extract(path) == expected
        assert jixiao.extract(data, str(path)) == expected
        return
    assert expected is None, "the CLI gave a document"
    for source in (path, str(path), data):
        with pytest.raises(cls) as e:
            jixiao.extract(source, None if source is not data else str(path))
        assert type(e.value) is cls
        assert f"jixiao: {e.value}" == line, "the same one line as the CLI"
        assert e.value.path == str(path)
        assert line.endswith(e.value.reason)
        assert isinstance(e.value, jixiao.ExtractError)
    if cls is jixiao.LimitExceededError:
        assert e.value.limit and f"`{e.value.limit}`" in e.value.reason


def test_a_missing_file_is_a_read_error_and_an_oserror(cli, tmp_path):
    path = tmp_path / "gone.pdf"
    _, line = cli.extract(path)
    with pytest.raises(jixiao.ReadError) as e:
        jixiao.extract(path)
    assert f"jixiao: {e.value}" == line
    assert isinstance(e.value, OSError)


def test_exceptions_survive_pickling():
    with pytest.raises(jixiao.ExtractError) as e:
        jixiao.extract(b"", "empty.txt")
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is jixiao.NoTextError
    assert (str(again), again.path, again.reason) == (str(e.value), e.value.path, e.value.reason)
    with pytest.raises(jixiao.LimitExceededError) as e:
        jixiao.extract(ROOT / "fixtures/corpus/nanjing-land-2022.pdf", timeout=1e-9)
    again = pickle.loads(pickle.dumps(e.value))
    assert again.limit == "timeout-per-doc"
