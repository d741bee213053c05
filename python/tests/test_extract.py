"""extract / check / text / schema against the command line, fixture by fixture."""

import json
import os
import pathlib

import pytest

import jixiao
from conftest import ROOT, fixture_files

FIXTURES = fixture_files()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_dict_equals_the_cli_json(cli, path):
    expected, line = cli.extract(path)
    if expected is None:
        with pytest.raises(jixiao.ExtractError) as e:
            jixiao.extract(str(path))
        assert f"jixiao: {e.value}" == line
        return
    doc = jixiao.extract(str(path))
    assert doc == expected
    # Same keys in the same order as the JSON, not just equal.
    assert json.dumps(doc, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


@pytest.mark.parametrize("path", [ROOT / "fixtures/corpus" / n for n in (
    "nanjing-land-2022.gb18030.txt", "nanjing-eco-2024.docx", "lishui-assessment-2022.pdf")],
    ids=lambda p: p.name)
def test_bytes_paths_and_buffers_give_the_same_document(path):
    data = path.read_bytes()
    doc = jixiao.extract(path)  # pathlib.Path
    assert jixiao.extract(data, str(path)) == doc
    assert jixiao.extract(bytearray(data), name=str(path)) == doc
    assert jixiao.extract(memoryview(data), str(path)) == doc
    unnamed = jixiao.extract(data)
    assert unnamed["source"]["path"] == "<bytes>"
    assert unnamed["tables"] == doc["tables"]
    assert jixiao.extract(path, name="custom.txt")["source"]["path"] == "custom.txt"


def test_every_fixture_extracts_or_fails_with_a_class():
    ok = failed = 0
    for path in FIXTURES:
        try:
            jixiao.extract(path)
            ok += 1
        except jixiao.ExtractError as e:
            assert type(e) is not jixiao.ExtractError, "failures have a subclass"
            failed += 1
    assert ok >= 20 and failed >= 1, (ok, failed)


@pytest.mark.parametrize("name", ["nanjing-land-2022.txt", "nanjing-land-2022.pdf",
                                  "lishui-assessment-2022.docx", "nanjing-eco-2024.pdf"])
def test_check_and_text_equal_the_cli(cli, name):
    path = ROOT / "fixtures/corpus" / name
    r = cli.run("check", "--json", "--all", path)
    every = [json.loads(l)["finding"] for l in r.stdout.decode().splitlines()]
    assert jixiao.check(path, all=True) == every
    errors = jixiao.check(path)
    assert errors == [f for f in every if f["severity"] == "error"]
    assert jixiao.check(path, all=True) == jixiao.extract(path)["findings"]
    assert jixiao.text(path) == cli.run("text", path, check=True).stdout.decode()


def test_schema_and_version_equal_the_cli(cli):
    assert jixiao.schema() == json.loads(cli.run("schema", check=True).stdout)
    assert cli.run("--version", check=True).stdout.decode().split()[-1] == jixiao.__version__


def test_bad_arguments_are_type_and_value_errors():
    path = ROOT / "fixtures/corpus/nanjing-land-2022.txt"
    with pytest.raises(TypeError, match="path .* or bytes"):
        jixiao.extract(42)
    with pytest.raises(ValueError, match="ocr must be"):
        jixiao.extract(path, ocr="sometimes")
    # A text file has no page images: every OCR mode reads it the same.
    assert jixiao.extract(path, ocr="always")["title"] == jixiao.extract(path)["title"]
    with pytest.raises(ValueError, match="timeout"):
        jixiao.extract(path, timeout=-1)
    assert jixiao.extract(path, ocr="never", timeout=0)["title"]
    assert jixiao.extract(path, timeout=None)["title"]


def test_a_spent_time_budget_is_a_limit_error():
    path = ROOT / "fixtures/corpus/nanjing-land-2022.pdf"
    with pytest.raises(jixiao.LimitExceededError) as e:
        jixiao.extract(path, timeout=1e-9)
    assert e.value.limit == "timeout-per-doc"
    assert str(e.value).startswith(f"{path}: limit `timeout-per-doc` exceeded")


def test_a_directory_is_not_one_document():
    with pytest.raises(jixiao.ReadError, match="use jixiao.extract_many"):
        jixiao.extract(ROOT / "fixtures/corpus")


def test_the_api_is_documented():
    for name in jixiao.__all__:
        obj = getattr(jixiao, name)
        if callable(obj):
            assert (obj.__doc__ or "").strip(), name
    stubs = pathlib.Path(jixiao.__file__).with_name("_native.pyi").read_text()
    for name in ("extract", "check", "text", "extract_many", "schema"):
        assert f"def {name}(" in stubs
    assert os.path.exists(pathlib.Path(jixiao.__file__).with_name("py.typed"))

