#!/usr/bin/env bash
# Desktop end-to-end test of VideoGen Studio: builds the UI and the app (with the UI
# embedded), then drives the real window under Xvfb through tauri-driver/WebKitWebDriver.
# Exits non-zero on failure. Needs: node/npm, cargo, Xvfb (xvfb-run), dbus-run-session,
# WebKitWebDriver (webkit2gtk-driver) and tauri-driver (installed here if missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PROFILE="${E2E_PROFILE:-debug}"

for tool in xvfb-run dbus-run-session WebKitWebDriver node npm cargo; do
  command -v "$tool" >/dev/null || { echo "e2e: '$tool' is missing (apt: xvfb dbus-x11 webkit2gtk-driver nodejs)" >&2; exit 2; }
done
if ! command -v tauri-driver >/dev/null; then
  echo "e2e: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

echo "e2e: building the UI"
[ -d ui/node_modules ] || npm ci --prefix ui
npm run --prefix ui build

echo "e2e: building the app ($PROFILE, custom-protocol)"
if [ "$PROFILE" = release ]; then
  cargo build -p videogen-studio --release --features custom-protocol
else
  cargo build -p videogen-studio --features custom-protocol
fi
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
APP="$TARGET_DIR/$PROFILE/videogen-studio"

echo "e2e: running under Xvfb"
# xvfb-run picks a free display and stops Xvfb afterwards; dbus-run-session gives the app
# (and its tray) a session bus and ends it with the test.
exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
  dbus-run-session -- node tests/e2e/e2e.mjs "$APP"
