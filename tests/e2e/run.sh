#!/usr/bin/env bash
# Desktop end-to-end tests of VideoGen Studio: builds the UI in its e2e mode and the app with
# the `e2e-hooks` feature (UI embedded), the CLI and the fake services, then drives the real
# window under Xvfb through tauri-driver/WebKitWebDriver: e2e.mjs (with openbox as the window
# manager: create, import, save on close, the tray), then studio-flow.mjs (a creator's whole
# path against the fakes: topic, outline, script, generate, inspector, clip, karaoke, export).
# Exits non-zero on failure. Needs: node/npm, cargo, Xvfb (xvfb-run), dbus-run-session,
# WebKitWebDriver (webkit2gtk-driver), openbox, wmctrl, xwininfo (x11-utils) and
# tauri-driver (installed here if missing).
# It leaves ui/dist built for the test: `make run` and bench builds rebuild it, and
# src-tauri/build.rs refuses to embed it in any build without `e2e-hooks`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PROFILE="${E2E_PROFILE:-debug}"

for tool in xvfb-run dbus-run-session WebKitWebDriver openbox wmctrl xwininfo node npm cargo; do
  command -v "$tool" >/dev/null || { echo "e2e: '$tool' is missing (apt: xvfb dbus-x11 webkit2gtk-driver openbox wmctrl x11-utils nodejs)" >&2; exit 2; }
done
if ! command -v tauri-driver >/dev/null; then
  echo "e2e: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

echo "e2e: building the UI (e2e mode: with the tests' file-picker and test-clock hooks)"
[ -d ui/node_modules ] || npm ci --prefix ui
npm run --prefix ui build:e2e

echo "e2e: building the app ($PROFILE, e2e-hooks), the CLI and the fake services"
if [ "$PROFILE" = release ]; then
  cargo build -p videogen-studio -p videogen -p videogen-fakes --release --features videogen-studio/e2e-hooks
else
  cargo build -p videogen-studio -p videogen -p videogen-fakes --features videogen-studio/e2e-hooks
fi
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
APP="$TARGET_DIR/$PROFILE/videogen-studio"
CLI="$TARGET_DIR/$PROFILE/videogen"
FAKES="$TARGET_DIR/$PROFILE/videogen-fakes"

echo "e2e: running under Xvfb"
# xvfb-run picks a free display and stops Xvfb afterwards; dbus-run-session gives the app
# (and its tray) a session bus and ends it with the test. Each test gets its own display.
xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
  dbus-run-session -- node tests/e2e/e2e.mjs "$APP" "$CLI"

echo "e2e: the studio flow, against the fake services"
exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
  dbus-run-session -- node tests/e2e/studio-flow.mjs "$APP" "$FAKES"
