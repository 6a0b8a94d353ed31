#!/usr/bin/env bash
# Measures the desktop shell (release build, UI embedded) under Xvfb; prints the figures and
# exits 1 when one misses its budget (tests/e2e/bench.mjs).
# BENCH_PROFILE=debug builds and measures a debug app instead: quicker to build, for checking
# the harness; its figures are not the ones BENCHMARKS.md reports.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PROFILE="${BENCH_PROFILE:-release}"
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
[ -d ui/node_modules ] || npm ci --prefix ui
# The bench imports its 2,700-sentence script through the file picker, which only the e2e
# build answers from WebDriver (the `e2e-hooks` feature; otherwise the production build).
npm run --prefix ui build:e2e
if [ "$PROFILE" = release ]; then
  cargo build -p videogen-studio --release --features e2e-hooks
else
  cargo build -p videogen-studio --features e2e-hooks
fi
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
  dbus-run-session -- node tests/e2e/bench.mjs "$TARGET_DIR/$PROFILE/videogen-studio"
