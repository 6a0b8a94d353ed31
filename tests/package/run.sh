#!/usr/bin/env bash
# The install test of the Debian package (`make test-package`, after `make package`):
#   - lints the desktop entry (desktop-file-validate) and the package (lintian: errors fail);
#   - installs it with apt over a data folder made by the oldest released schema (a fixture),
#     in a throw-away HOME/XDG tree so no real user data is touched;
#   - crashes the installed app once (VIDEOGEN_TEST_PANIC) for a crash report;
#   - starts the installed binary under Xvfb and sees, over WebDriver, the old projects
#     (migrated, with the backup taken), the crash report named, and on a fresh folder the
#     first-run welcome that opens the demo project;
#   - creates a project with the installed `videogen` CLI, checks a newer database is refused
#     untouched, upgrades to a newer package version, removes the package and checks the
#     data folder still opens.
# Needs root (apt) and: xvfb-run dbus-run-session tauri-driver WebKitWebDriver node python3
# desktop-file-validate lintian. Usage: tests/package/run.sh [path/to/package.deb]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
started=$SECONDS
step() { echo "package: $*"; }
fail() { echo "package: FAILED: $*" >&2; exit 1; }

for tool in dpkg-deb apt-get desktop-file-validate lintian xvfb-run dbus-run-session tauri-driver WebKitWebDriver node python3 sqlite3; do
  command -v "$tool" >/dev/null || fail "'$tool' is missing (make deps installs what the tests need)"
done
[ "$(id -u)" = 0 ] || fail "installing the package needs root"

TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
DEB="${1:-}"
if [ -z "$DEB" ]; then
  debs=("$TARGET_DIR"/package/*.deb)
  [ -f "${debs[0]}" ] || fail "no package in $TARGET_DIR/package: run make package"
  DEB="${debs[0]}"
fi
DEB="$(realpath "$DEB")"
PKG="$(dpkg-deb -f "$DEB" Package)"
VERSION="$(dpkg-deb -f "$DEB" Version)"
step "testing $DEB ($PKG $VERSION, $(du -h "$DEB" | cut -f1))"

WORK="$(mktemp -d /tmp/videogen-package-XXXXXX)"
cleanup() {
  if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "install ok installed"; then
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$PKG" >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- the package itself ----
step "the desktop entry passes desktop-file-validate"
dpkg-deb -x "$DEB" "$WORK/unpacked"
entries=("$WORK"/unpacked/usr/share/applications/*.desktop)
[ ${#entries[@]} -eq 1 ] && [ -f "${entries[0]}" ] || fail "expected one desktop entry, found: ${entries[*]}"
desktop-file-validate "${entries[0]}"
grep -q '^Categories=AudioVideo;Video;' "${entries[0]}" || fail "the desktop entry is not in the AudioVideo;Video categories"
for size in 16 32 48 128 256 512; do
  [ -f "$WORK/unpacked/usr/share/icons/hicolor/${size}x${size}/apps/$PKG.png" ] || fail "no ${size}x${size} icon"
done

step "lintian finds no errors"
lintian --fail-on error "$DEB" | tee "$WORK/lintian.txt" || fail "lintian reported errors (above)"

# ---- an older data folder, in a throw-away home ----
export HOME="$WORK/home"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
unset VIDEOGEN_DATA_DIR
DATA="$XDG_DATA_HOME/videogen-studio"
OLDEST=1
step "a data folder made by schema $OLDEST: $DATA"
python3 tests/package/old_data.py "$OLDEST" "$DATA"
mapfile -t OLD_PROJECTS < <(sqlite3 "$DATA/studio.db" "SELECT name FROM projects ORDER BY name")
[ ${#OLD_PROJECTS[@]} -ge 1 ] || fail "the fixture has no projects"

# ---- install ----
if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "install ok installed"; then
  step "removing the $PKG already installed"
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$PKG" >/dev/null
fi
step "apt-get install ./$(basename "$DEB")"
t=$SECONDS
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; fail "apt-get install"; }
step "installed in $((SECONDS - t)) s"
APP="/usr/bin/$PKG"
[ -x "$APP" ] || fail "$APP is not installed"
[ -x /usr/bin/videogen ] || fail "the videogen CLI is not on PATH"
[ "$(command -v videogen)" = /usr/bin/videogen ] || fail "videogen resolves to $(command -v videogen), not the package's"
[ -f "/usr/share/applications/$(basename "${entries[0]}")" ] || fail "the menu entry is not installed"

# ---- a crash, reported at the next start ----
step "a panic of the installed app writes a crash report"
if VIDEOGEN_TEST_PANIC=start "$APP" >"$WORK/crash.out" 2>&1; then fail "the app did not crash when asked"; fi
reports=("$DATA"/logs/crash-*.txt)
[ -f "${reports[0]}" ] || { cat "$WORK/crash.out" >&2; fail "no crash report in $DATA/logs"; }
grep -q '^backtrace:' "${reports[0]}" || fail "the crash report has no backtrace"
grep -q "${reports[0]}" "$WORK/crash.out" || fail "the crash did not say where its report is"

# ---- the window ----
step "the installed app under Xvfb (WebDriver)"
FRESH="$WORK/fresh-data"
RUST_LOG=warn xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
  dbus-run-session -- node tests/package/window.mjs "$APP" "$FRESH" "${OLD_PROJECTS[@]}"
[ -f "$DATA/studio.db.bak-$OLDEST" ] || fail "no backup studio.db.bak-$OLDEST was taken before migrating"
LATEST="$(ls migrations/[0-9][0-9][0-9][0-9]_*.sql | wc -l)"
[ "$(sqlite3 "$DATA/studio.db" 'PRAGMA user_version')" = "$LATEST" ] || fail "the data folder was not migrated to schema $LATEST"
[ "$(sqlite3 "$DATA/studio.db.bak-$OLDEST" 'PRAGMA user_version')" = "$OLDEST" ] || fail "the backup is not the schema-$OLDEST database"
grep -q "crash report is ${reports[0]}" "$DATA"/logs/videogen.log.* || fail "the app's log does not name the crash report"
[ -d "$FRESH/projects" ] || fail "the first run did not create its data folder"

# ---- the installed CLI, on the same (default) data folder ----
step "the installed CLI creates a project in the same data folder"
videogen new "Made by the installed CLI" >/dev/null
listed="$(videogen list)"
for name in "${OLD_PROJECTS[@]}" "Made by the installed CLI"; do
  grep -qF "$name" <<<"$listed" || fail "videogen list lacks \"$name\": $listed"
done

for fixture in crates/store/tests/fixtures/v*.sql; do
  v="$(basename "$fixture" .sql)"; v="${v#v}"
  step "the installed CLI opens a data folder of schema $v"
  python3 tests/package/old_data.py "$v" "$WORK/schema-$v"
  want="$(sqlite3 "$WORK/schema-$v/studio.db" "SELECT name FROM projects ORDER BY name LIMIT 1")"
  videogen --data-dir "$WORK/schema-$v" list | grep -qF "$want" || fail "schema $v: \"$want\" is not listed"
  [ "$v" = "$LATEST" ] || [ -f "$WORK/schema-$v/studio.db.bak-$v" ] || fail "schema $v: no backup before migrating"
done

step "a database from a newer version is refused, untouched"
NEWER="$WORK/newer-data"
newest_fixture="$(ls crates/store/tests/fixtures/v*.sql | sed 's/.*v\([0-9]*\)\.sql/\1/' | sort -n | tail -1)"
python3 tests/package/old_data.py "$newest_fixture" "$NEWER" 999
before="$(sha256sum "$NEWER/studio.db")"
if videogen --data-dir "$NEWER" list >"$WORK/newer.out" 2>&1; then fail "a schema-999 database was opened"; fi
grep -q "newer version" "$WORK/newer.out" || fail "the refusal does not say why: $(cat "$WORK/newer.out")"
[ "$before" = "$(sha256sum "$NEWER/studio.db")" ] || fail "the refused database was changed"
ls "$NEWER"/studio.db.bak-* >/dev/null 2>&1 && fail "a refused database must not be migrated or backed up"

# ---- an upgrade: the same package as a newer version over this one ----
step "upgrading to a newer package version keeps every project"
mkdir -p "$WORK/next"
dpkg-deb -R "$DEB" "$WORK/next/root"
sed -i "s/^Version: .*/Version: $VERSION+upgradetest/" "$WORK/next/root/DEBIAN/control"
dpkg-deb -b --root-owner-group "$WORK/next/root" "$WORK/next/next.deb" >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$WORK/next/next.deb" >>"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; fail "the upgrade"; }
[ "$(dpkg-query -W -f='${Version}' "$PKG")" = "$VERSION+upgradetest" ] || fail "the upgrade did not install"
listed="$(videogen list)"
for name in "${OLD_PROJECTS[@]}" "Made by the installed CLI"; do
  grep -qF "$name" <<<"$listed" || fail "after the upgrade videogen list lacks \"$name\""
done

# ---- remove ----
step "removing the package leaves the data folder, which still opens"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$PKG" >>"$WORK/apt.log" 2>&1
[ ! -e "$APP" ] && [ ! -e /usr/bin/videogen ] || fail "the binaries are still installed after removal"
[ -f "$DATA/studio.db" ] || fail "removing the package removed the data folder"
listed="$("$TARGET_DIR/release/videogen" --data-dir "$DATA" list)"
for name in "${OLD_PROJECTS[@]}" "Made by the installed CLI"; do
  grep -qF "$name" <<<"$listed" || fail "after removal the data folder lacks \"$name\""
done
[ "$(sqlite3 "$DATA/studio.db" 'PRAGMA integrity_check')" = ok ] || fail "the database is damaged"

step "passed in $((SECONDS - started)) s"
