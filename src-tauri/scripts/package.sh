#!/usr/bin/env bash
# `make package`: the Debian package of VideoGen Studio,
# target/package/videogen-studio_<version>_<arch>.deb: the desktop app (production UI
# embedded), the `videogen` CLI on PATH, icons, the menu entry, the license and the
# changelog (src-tauri/tauri.conf.json, "bundle").
#
# Steps: the production UI; one release build of both binaries; the Tauri bundler
# (@tauri-apps/cli from ui/node_modules: prebuilt, off the npm registry) on those binaries;
# then the Debian details the bundler does not offer: the package name (it would take
# "video-gen-studio" from the product name), a maintainer address, the shared-library
# dependencies (dpkg-shlibdeps), the doc folder and menu entry named after the package,
# the lintian overrides, a wrapped description (src-tauri/scripts/deb_control.py).
# The deb bundler downloads nothing; the AppImage bundler would (README, "Installing").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PACKAGE=videogen-studio
MAINTAINER="VideoGen Studio <packaging@videogen.invalid>"
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
OUT="$TARGET_DIR/package"

for tool in dpkg-deb dpkg-shlibdeps node npm cargo; do
  command -v "$tool" >/dev/null || { echo "package: '$tool' is missing (make deps installs it)" >&2; exit 2; }
done
[ -x ui/node_modules/.bin/tauri ] || npm ci --prefix ui --no-audit --no-fund

echo "package: the production UI"
npm run --prefix ui build
echo "package: release build of the app (UI embedded) and the CLI"
cargo build --release -p videogen-studio -p videogen --features videogen-studio/custom-protocol

echo "package: the Tauri bundler"
rm -rf "$TARGET_DIR/release/bundle/deb"
# The CLI is taken from wherever this build put it (CARGO_TARGET_DIR may move it).
override="{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/videogen\":\"$TARGET_DIR/release/videogen\"}}}}}"
(cd src-tauri && ../ui/node_modules/.bin/tauri bundle --bundles deb --config "$override")
built=("$TARGET_DIR"/release/bundle/deb/*.deb)
[ ${#built[@]} -eq 1 ] && [ -f "${built[0]}" ] || { echo "package: expected one .deb, found: ${built[*]}" >&2; exit 1; }

echo "package: Debian details"
tree="$OUT/tree"
rm -rf "$tree" && mkdir -p "$OUT"
dpkg-deb -R "${built[0]}" "$tree"
doc="$tree/usr/share/doc/$PACKAGE"
mkdir -p "$doc"
for dir in "$tree"/usr/share/doc/*/; do
  [ "$(basename "$dir")" = "$PACKAGE" ] && continue
  mv "$dir"* "$doc"/ && rmdir "$dir"
done
entries=("$tree"/usr/share/applications/*.desktop)
[ ${#entries[@]} -eq 1 ] || { echo "package: expected one desktop entry: ${entries[*]}" >&2; exit 1; }
[ "${entries[0]}" = "$tree/usr/share/applications/$PACKAGE.desktop" ] || mv "${entries[0]}" "$tree/usr/share/applications/$PACKAGE.desktop"
install -D -m 644 src-tauri/packaging/lintian-overrides "$tree/usr/share/lintian/overrides/$PACKAGE"

shlibs_dir="$(mktemp -d)"
mkdir "$shlibs_dir/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$PACKAGE" "$PACKAGE" >"$shlibs_dir/debian/control"
shlibs="$(cd "$shlibs_dir" && dpkg-shlibdeps -O "-e$tree/usr/bin/videogen-studio" "-e$tree/usr/bin/videogen" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
rm -rf "$shlibs_dir"
installed_kib="$(du -sk --exclude=DEBIAN "$tree" | cut -f1)"
python3 src-tauri/scripts/deb_control.py "$tree/DEBIAN/control" "$PACKAGE" "$MAINTAINER" "$shlibs" "$installed_kib"
(cd "$tree" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)

version="$(sed -n 's/^Version: //p' "$tree/DEBIAN/control")"
arch="$(sed -n 's/^Architecture: //p' "$tree/DEBIAN/control")"
deb="$OUT/${PACKAGE}_${version}_${arch}.deb"
rm -f "$OUT"/*.deb
dpkg-deb -b --root-owner-group -Zxz "$tree" "$deb" >/dev/null
rm -rf "$tree"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
