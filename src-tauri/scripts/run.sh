#!/usr/bin/env bash
# `make run`: builds the UI and the desktop app (UI embedded) and opens it.
# Without a display it says so and makes the demo video headless instead (`videogen demo`):
# the bundled script voiced and aligned offline, title cards, Ken Burns clips, the export
# for editors and the rough cut; it prints where they are.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<'MSG'
VideoGen Studio is a desktop app and no display was found (DISPLAY and WAYLAND_DISPLAY are unset).
Making the demo video headless instead: `videogen demo` (offline: draft voice, word timings,
title cards, Ken Burns clips, the export for editors and the rough cut).
MSG
  cargo build -q -p videogen --release
  TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
  exec "$TARGET_DIR/release/videogen" demo "$@"
fi
[ -d ui/node_modules ] || npm ci --prefix ui
npm run --prefix ui build
cargo build -p videogen-studio --release --features custom-protocol
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
exec "$TARGET_DIR/release/videogen-studio" "$@"
