"""Every document the command line writes for a fixture validates against the
published JSON Schema (schemas/document.schema.json), and so does what the
package returns. The Rust test tests/schema.rs checks that the published file
is the one the model types generate; this one checks the documents against
it (moved here from the Rust tests: the Rust validator crate took two minutes
of every CI build, the Python one installs in seconds)."""

import json

import jsonschema
import pytest

import jixiao
from conftest import ROOT, fixture_files

SCHEMA = json.loads((ROOT / "schemas/document.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def problems(validator, doc):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def test_the_published_schema_is_the_packaged_one():
    assert jixiao.schema() == SCHEMA


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_every_fixture_document_validates(cli, validator, path):
    doc, line = cli.extract(path)
    if doc is None:
        # Inputs that fail by design (fixtures/bad, the PDF with a password)
        # fail with one line; tests/errors and test_errors.py cover it.
        assert line.startswith("jixiao: ")
        return
    assert problems(validator, doc) == []
    assert problems(validator, jixiao.extract(path)) == []


def test_the_validator_is_not_vacuous(validator):
    doc = jixiao.extract(ROOT / "fixtures/corpus/nanjing-land-2022.txt")
    assert problems(validator, doc) == []
    assert problems(validator, {**doc, "tables": "not a list"}) != []
    assert problems(validator, {k: v for k, v in doc.items() if k != "source"}) != []
