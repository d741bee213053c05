"""extract_many: the crate's batch, results in input order."""

import json
import warnings

import pytest

import jixiao
from conftest import ROOT

CORPUS = sorted((ROOT / "fixtures/corpus").iterdir())


def test_results_come_in_input_order_and_equal_extract():
    paths = [str(p) for p in reversed(CORPUS)] + [str(CORPUS[0])]  # a path named twice
    docs = list(jixiao.extract_many(paths, jobs=3))
    assert [d["source"]["path"] for d in docs] == paths
    for p, d in zip(paths, docs):
        assert d == jixiao.extract(p)


def test_a_directory_gives_the_cli_jsonl_lines(cli):
    lines = cli.run("extract", "--jsonl", ROOT / "fixtures").stdout.decode().splitlines()
    every = [json.loads(l) for l in lines]
    expected = [e for e in every if e.get("status") != "skipped"]
    with pytest.warns(jixiao.SkippedWarning) as skipped:
        got = list(jixiao.extract_many(ROOT / "fixtures", jobs=2, errors="return"))
    assert sorted(str(w.message).split(": skipped")[0] for w in skipped) == sorted(
        e["source"]["path"] for e in every if e.get("status") == "skipped")
    assert len(got) == len(expected) > 20
    for e, g in zip(expected, got):
        if isinstance(g, jixiao.ExtractError):
            assert e["status"] == "failed"
            assert (e["source"]["path"], e["error"]) == (g.path, g.reason)
        else:
            assert g == e


def test_failures_are_raised_or_returned_in_their_place():
    paths = [CORPUS[0], ROOT / "missing.txt", ROOT / "fixtures/bad/password-aes256.pdf", CORPUS[1]]
    got = list(jixiao.extract_many(paths, jobs=2, errors="return"))
    assert isinstance(got[0], dict) and isinstance(got[3], dict)
    assert type(got[1]) is jixiao.ReadError and got[1].path == str(paths[1])
    assert type(got[2]) is jixiao.EncryptedError
    seen = []
    with pytest.raises(jixiao.ReadError):
        for d in jixiao.extract_many(paths, jobs=2):
            seen.append(d["source"]["path"])
    assert seen == [str(CORPUS[0])]


def test_files_that_are_not_reports_are_warned_about(tmp_path):
    (tmp_path / "a.txt").write_text("一、项目概况\n本项目预算资金为100.00万元。\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    with pytest.warns(jixiao.SkippedWarning, match="photo.jpg: skipped"):
        docs = list(jixiao.extract_many([tmp_path]))
    assert [d["source"]["path"] for d in docs] == [str(tmp_path / "a.txt")]


def test_leaving_early_stops_the_batch():
    batch = jixiao.extract_many(CORPUS * 20, jobs=2)
    first = next(batch)
    assert first["source"]["path"] == str(CORPUS[0])
    batch.close()
    assert list(batch) == []
    for i, _ in enumerate(jixiao.extract_many(CORPUS * 20, jobs=2)):
        if i == 2:
            break


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="errors must be"):
        jixiao.extract_many(CORPUS, errors="ignore")
    with pytest.raises(ValueError, match="jobs"):
        jixiao.extract_many(CORPUS, jobs=0)
    with pytest.raises(TypeError):
        jixiao.extract_many([1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(jixiao.extract_many([])) == []
