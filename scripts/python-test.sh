#!/usr/bin/env bash
# Build the Python package (python/) the way a user installs it — pip install
# ./python, which runs maturin — into a virtualenv, and run its tests against
# the command line (target/release/jixiao, built by `cargo test --release`
# or here). PY_VENV: the virtualenv (default target/python-venv).
#
#   bash scripts/python-test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${PY_VENV:-target/python-venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet pytest pandas
[ -x target/release/jixiao ] || cargo build --release --quiet --bin jixiao
"$VENV/bin/pip" install --quiet ./python
JIXIAO_BIN=$PWD/target/release/jixiao "$VENV/bin/python" -m pytest python/tests -q "$@"
