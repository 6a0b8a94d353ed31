#!/usr/bin/env bash
# The LLM API key lives in the OS keychain; the keyring crate has no backend by default (its
# mock store forgets the key when the process ends). This checks, for each desktop target,
# that the build enables that platform's backend (crates/app/Cargo.toml, target tables).
# `cargo tree --target` resolves features for a target without its toolchain.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

failed=0
check() {
  local target=$1; shift
  local features
  features="$(cargo tree -q --target "$target" -p videogen-app -e features -i keyring)"
  for feature in "$@"; do
    if grep -q "keyring feature \"$feature\"" <<<"$features"; then
      echo "keychain: $target has keyring/$feature"
    else
      echo "keychain: $target lacks keyring/$feature: the API key would not be kept there" >&2
      failed=1
    fi
  done
}

check x86_64-unknown-linux-gnu sync-secret-service crypto-rust
check aarch64-apple-darwin apple-native
check x86_64-apple-darwin apple-native
check x86_64-pc-windows-msvc windows-native
exit $failed
