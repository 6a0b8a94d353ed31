#!/usr/bin/env bash
# Measures the desktop shell (release build, UI embedded) under Xvfb; prints the figures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
[ -d ui/node_modules ] || npm ci --prefix ui
npm run --prefix ui build
cargo build -p videogen-studio --release --features custom-protocol
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
  dbus-run-session -- node tests/e2e/bench.mjs "$TARGET_DIR/release/videogen-studio"
