#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 20) each, one after the other.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: text docx pdf figure sheet html ole
#   scripts/fuzz.sh --build                    install cargo-fuzz and build every target
#                                              (CI builds beside its other steps, runs later)
#
# cargo-fuzz drives libFuzzer, which needs unstable rustc flags
# (-Zsanitizer, -Cpasses=sancov-module). No nightly toolchain is installed
# here, so the script runs the stable toolchain with RUSTC_BOOTSTRAP=1, which
# lets stable rustc accept those flags. AddressSanitizer is off (`-s none`):
# safe Rust gets no extra checking from it and it needs a nightly std; panics,
# overflows (debug assertions stay on) and timeouts are what we look for.
# A crash leaves its input in fuzz/artifacts/<target>/; turn it into a
# regression test by copying it to tests/regressions/ (see tests/regressions.rs).
#
# If cargo-fuzz cannot be installed or built, the fallback is
# `cargo test --release --test regressions`, which replays the regression
# inputs; the script says so and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=0
if [ "${1:-}" = "--build" ]; then
  build_only=1
  shift
fi
secs=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text docx pdf figure sheet html ole)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz" >&2
  if ! cargo install --locked cargo-fuzz; then
    echo "fuzz.sh: cargo-fuzz unavailable; fallback: cargo test --release --test regressions" >&2
    exit 2
  fi
fi

export RUSTC_BOOTSTRAP=1
# FUZZ_CODEGEN_UNITS: cargo-fuzz builds with one codegen unit unless told
# otherwise, so LLVM works through the jixiao library on one core; CI's
# smoke asks for 16 (a build several minutes shorter, runs a little slower).
opts=(-s none --debug-assertions)
if [ -n "${FUZZ_CODEGEN_UNITS:-}" ]; then
  opts+=(--codegen-units "$FUZZ_CODEGEN_UNITS")
fi
if [ "$build_only" = 1 ]; then
  # The same options as the runs below, so that they find the build fresh.
  exec cargo fuzz build "${opts[@]}"
fi
bash scripts/fuzz-seeds.sh
status=0
for t in "${targets[@]}"; do
  echo "fuzz.sh: $t for ${secs}s" >&2
  # -rss_limit_mb: the limits in src/limits.rs must hold memory well below this.
  # -timeout: one input taking longer than this is a hang.
  if ! cargo fuzz run "${opts[@]}" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    -print_final_stats=1; then
    echo "fuzz.sh: target $t found a problem (see fuzz/artifacts/$t/)" >&2
    status=1
  fi
done
exit $status
