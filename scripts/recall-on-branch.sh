#!/usr/bin/env bash
# The audit's mutation recall (tests/mutation.rs) on another branch merged with
# this one, in a throwaway worktree: the fixtures and harness of HEAD, the
# audit of BRANCH. Prints the recall table; writes it to OUT.md when given.
#
#   scripts/recall-on-branch.sh audit-layouts [/tmp/recall.md]
#
# Shares this checkout's target/ (only the jixiao crate is rebuilt). Set
# JIXIAO_MUTATION_VERBOSE=1 to list every miss and false alarm.
set -euo pipefail
branch=${1:?usage: $0 BRANCH [OUT.md]}
out=${2:-}
repo=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
git -C "$repo" worktree add --detach -q "$tmp" HEAD
trap 'git -C "$repo" worktree remove --force "$tmp"' EXIT
git -C "$tmp" -c user.name=recall -c user.email=recall@localhost \
    merge --no-edit -q "$branch" || { echo "merge of $branch failed" >&2; exit 2; }
echo "HEAD $(git -C "$repo" rev-parse --short HEAD) + $branch $(git -C "$repo" rev-parse --short "$branch")" >&2
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
if [ -n "$out" ]; then
    case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
    export JIXIAO_RECALL_MD="$out"
fi
# The recall assertion fails below 95%; the table is the point here.
cargo test --release --manifest-path "$tmp/Cargo.toml" --test mutation -- \
    --nocapture --test-threads 1 mutation_recall 2>/dev/null |
    sed -n '/# Audit mutation recall/,/^thread /p' | sed -e 's/^test mutation_recall_per_layout ... //' -e '$d' || true
