#!/usr/bin/env bash
# Measures the desktop app (release build, UI embedded) under Xvfb; prints the figures and
# exits 1 when one misses its budget:
#   shell       cold start, opening a 2,700-sentence project, memory (tests/e2e/bench.mjs)
#   storyboard  2,700 scenes with thumbnails: first paint, frame gaps while scrolling, memory
#               (tests/e2e/storyboard-bench.mjs)
#   progress    a job's progress from the GPU server to the Jobs screen, run by the app and
#               by `videogen worker` (tests/e2e/progress-bench.mjs)
# BENCH_ONLY=storyboard,progress runs some of them. The last two share one data folder, made
# by the real pipeline against the fakes (a few minutes); BENCH_DATA_DIR=<dir> keeps it
# there for the next run instead of a temporary folder.
# BENCH_PROFILE=debug builds and measures a debug app instead: quicker to build, for checking
# the harness; its figures are not the ones BENCHMARKS.md reports.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PROFILE="${BENCH_PROFILE:-release}"
ONLY=",${BENCH_ONLY:-shell,storyboard,progress},"
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
[ -d ui/node_modules ] || npm ci --prefix ui
# The benches import scripts through the file picker, which only the e2e build answers from
# WebDriver (the `e2e-hooks` feature; otherwise the production build).
npm run --prefix ui build:e2e
FLAGS=(-p videogen-studio -p videogen -p videogen-fakes --features videogen-studio/e2e-hooks)
if [ "$PROFILE" = release ]; then
  cargo build --release "${FLAGS[@]}"
else
  cargo build "${FLAGS[@]}"
fi
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
BIN="$TARGET_DIR/$PROFILE"
if [ -z "${BENCH_DATA_DIR:-}" ]; then
  BENCH_DATA_DIR="$(mktemp -d -t videogen-bench-data-XXXXXX)"
  trap 'rm -rf "$BENCH_DATA_DIR"' EXIT
fi
export BENCH_DATA_DIR
status=0
run() {
  xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
    dbus-run-session -- node "$@" || status=1
}
if [[ $ONLY == *,shell,* ]]; then run tests/e2e/bench.mjs "$BIN/videogen-studio"; fi
if [[ $ONLY == *,storyboard,* ]]; then run tests/e2e/storyboard-bench.mjs "$BIN/videogen-studio" "$BIN/videogen" "$BIN/videogen-fakes"; fi
if [[ $ONLY == *,progress,* ]]; then run tests/e2e/progress-bench.mjs "$BIN/videogen-studio" "$BIN/videogen" "$BIN/videogen-fakes"; fi
exit "$status"
