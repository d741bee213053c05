"""Shared helpers: the repository's fixtures and the command-line binary the
package is compared with (JIXIAO_BIN, else target/release/jixiao, built with
cargo when missing)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def fixture_files():
    """Every report fixture: the corpus and the PDF variants."""
    return sorted(
        p for d in ("fixtures/corpus", "fixtures/pdf", "fixtures/bad")
        for p in (ROOT / d).iterdir() if p.is_file()
    )


class Cli:
    def __init__(self, binary: Path):
        self.binary = str(binary)

    def run(self, *args, check=False):
        r = subprocess.run([self.binary, *map(str, args)], capture_output=True)
        if check and r.returncode != 0:
            raise AssertionError(f"jixiao {args}: exit {r.returncode}: {r.stderr.decode()}")
        return r

    def extract(self, path):
        """(document dict, None) or (None, the one line on stderr)."""
        r = self.run("extract", path)
        if r.returncode == 0:
            return json.loads(r.stdout), None
        return None, r.stderr.decode("utf-8").strip()


@pytest.fixture(scope="session")
def cli():
    binary = Path(os.environ.get("JIXIAO_BIN", ROOT / "target/release/jixiao"))
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--bin", "jixiao"], cwd=ROOT, check=True)
    return Cli(binary)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("JIXIAO_SLOW_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set JIXIAO_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
