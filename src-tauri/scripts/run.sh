#!/usr/bin/env bash
# `make run`: builds the UI and the desktop app (UI embedded) and opens it.
# Without a display it says so and exits non-zero (the headless demo comes later).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<'MSG'
VideoGen Studio is a desktop app and no display was found (DISPLAY and WAYLAND_DISPLAY are unset).
Run `make run` from a desktop session. Without one, use the headless command line:
  cargo run -p videogen -- --help
MSG
  exit 2
fi
[ -d ui/node_modules ] || npm ci --prefix ui
npm run --prefix ui build
cargo build -p videogen-studio --release --features custom-protocol
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
exec "$TARGET_DIR/release/videogen-studio" "$@"
