#!/usr/bin/env bash
# Builds Genjin's Windows installer on Linux: cross-compiles genjin.exe for
# x86_64-pc-windows-gnu with mingw and wraps it with NSIS into
# target/dist/genjin-VERSION-setup.exe (packaging/windows/genjin.nsi).
#
# usage: tools/package-windows.sh
# Installs what it lacks (the Rust target; on Debian/Ubuntu, as root or with
# sudo, mingw and nsis). Not run by CI: a cold release build takes 15-30 min.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
need() { command -v "$1" >/dev/null 2>&1; }

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  need apt-get || { echo "package-windows.sh: please install: $*" >&2; exit 1; }
  echo "package-windows.sh: installing $* ..." >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"
missing=()
need x86_64-w64-mingw32-gcc || missing+=(gcc-mingw-w64-x86-64)
need makensis || missing+=(nsis)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="genjin"))')
# NSIS's version resource wants plain numbers: 0.1.0-beta.1 -> 0.1.0.
numeric=${version%%[-+]*}

echo "== cargo build --release --target $target (genjin $version)"
cargo build --release --locked --target "$target" --bin genjin
exe="target/$target/release/genjin.exe"

mkdir -p target/dist
out="target/dist/genjin-$version-setup.exe"
echo "== makensis -> $out"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$numeric" -DEXE="$PWD/$exe" -DICON="$PWD/assets/icon/genjin.ico" \
  -DOUTFILE="$PWD/$out" packaging/windows/genjin.nsi

exe_bytes=$(stat -c %s "$exe")
setup_bytes=$(stat -c %s "$out")
echo "genjin.exe: $exe_bytes bytes ($((exe_bytes / 1048576)) MiB)"
echo "installer:  $setup_bytes bytes ($((setup_bytes / 1048576)) MiB)  $out"
sha256sum "$out"
