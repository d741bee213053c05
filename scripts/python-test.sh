#!/usr/bin/env bash
# Build the Python package (python/) the way a user installs it — pip install
# ./python, which runs maturin — into a virtualenv, and run its tests against
# the command line (target/release/jixiao, built by `cargo test --release`
# or here). PY_VENV: the virtualenv (default target/python-venv).
#
#   bash scripts/python-test.sh [pytest arguments]
#   bash scripts/python-test.sh --deps    (the virtualenv and the test tools only)
#   bash scripts/python-test.sh --install (the same, and the package)
#
# The extension is built in its own target directory (PY_TARGET_DIR, default
# target/python-build), so that it can build while `cargo test` holds the
# lock on target/. Sharing target/ saves little: the extension's
# dependencies turn on other features of shared crates (pyo3's macros want
# syn's visit-mut), so nearly everything is compiled again anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${PY_VENV:-target/python-venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
# The test tools; the marker holds their list, so a virtualenv made before
# one was added gets it.
DEPS="pytest pandas jsonschema"
if [ "$(cat "$VENV/.test-deps" 2>/dev/null)" != "$DEPS" ]; then
    "$VENV/bin/pip" install --quiet --upgrade pip
    # shellcheck disable=SC2086
    "$VENV/bin/pip" install --quiet $DEPS
    echo "$DEPS" > "$VENV/.test-deps"
fi
[ "${1:-}" != "--deps" ] || exit 0
CARGO_TARGET_DIR=${PY_TARGET_DIR:-$PWD/target/python-build} \
    "$VENV/bin/pip" install --quiet ./python
[ "${1:-}" != "--install" ] || exit 0
[ -x target/release/jixiao ] || cargo build --release --quiet --bin jixiao
JIXIAO_BIN=$PWD/target/release/jixiao "$VENV/bin/python" -m pytest python/tests -q "$@"
