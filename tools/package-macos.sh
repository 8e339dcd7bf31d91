#!/usr/bin/env bash
# The macOS release: one universal (Apple silicon + Intel) Genjin.app in a
# disk image, target/dist/Genjin-VERSION-universal.dmg.
#
# RUNS ON A MAC ONLY: lipo, codesign, hdiutil and cargo-packager's dmg step
# are macOS tools. Anywhere else it stops with a message (Windows has
# tools/package-windows.sh).
#
# Steps:
#   1. cargo build --release for aarch64-apple-darwin and x86_64-apple-darwin
#      (MACOSX_DEPLOYMENT_TARGET = the minimum-system-version in Cargo.toml);
#   2. lipo -create joins them into target/universal-apple-darwin/release/genjin;
#   3. cargo packager (its config is [package.metadata.packager] in Cargo.toml)
#      makes Genjin.app and the dmg from that binary in target/dist/macos/;
#   4. the dmg is renamed to target/dist/Genjin-VERSION-universal.dmg.
#
# Signing, optional: set GENJIN_MACOS_SIGN_IDENTITY to a Developer ID
# Application identity in a keychain ("Developer ID Application: NAME
# (TEAMID)"; GENJIN_MACOS_KEYCHAIN names the keychain file when needed).
# The app is then signed with the hardened runtime before it goes into the
# dmg (cargo-packager calls this script with --sign-hook between the two
# formats), and the dmg itself afterwards. Without it both stay unsigned.
# Notarisation comes after this script (docs/RELEASING.md).
#
# Needs: the Xcode command line tools; rustup targets aarch64-apple-darwin
# and x86_64-apple-darwin; cargo-packager 0.11
# (cargo install cargo-packager --locked --version '^0.11'); the network
# (cargo-packager downloads its create-dmg script).
#
# Usage: tools/package-macos.sh
# The script is bash 3.2 compatible (the bash macOS ships).
set -euo pipefail

# Signs Genjin.app ($1) with the identity given, hardened runtime on, and
# checks the signature.
sign_app() {
    local app=$1
    echo "signing $app as $GENJIN_MACOS_SIGN_IDENTITY"
    # Extended attributes (Finder info, quarantine) make codesign refuse.
    xattr -cr "$app"
    codesign --force --deep --options runtime --timestamp \
        --sign "$GENJIN_MACOS_SIGN_IDENTITY" \
        ${GENJIN_MACOS_KEYCHAIN:+--keychain "$GENJIN_MACOS_KEYCHAIN"} \
        "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
}

# cargo-packager's before-each-package-command: it runs before every format,
# and before the dmg's the app is complete, so that is when it is signed.
# Nothing to do for other formats, without an identity, or when cargo
# packager was run by hand rather than by this script.
if [[ "${1:-}" == --sign-hook ]]; then
    if [[ "${CARGO_PACKAGER_FORMAT:-}" != dmg || -z "${GENJIN_MACOS_SIGN_IDENTITY:-}" \
        || -z "${GENJIN_MACOS_APP:-}" ]]; then
        exit 0
    fi
    sign_app "$GENJIN_MACOS_APP"
    exit 0
fi

if [[ "$(uname -s)" != Darwin ]]; then
    echo "tools/package-macos.sh makes the macOS app and only runs on a Mac" \
        "(it needs lipo, codesign and hdiutil); this is $(uname -s)." >&2
    echo "For the Windows installer use tools/package-windows.sh." >&2
    exit 1
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

if ! cargo packager --version >/dev/null 2>&1; then
    echo "cargo-packager is missing: cargo install cargo-packager --locked --version '^0.11'" >&2
    exit 1
fi
TARGETS="aarch64-apple-darwin x86_64-apple-darwin"
if command -v rustup >/dev/null; then
    installed=$(rustup target list --installed)
    for target in $TARGETS; do
        if ! grep -qx "$target" <<<"$installed"; then
            echo "the Rust target $target is missing: rustup target add $TARGETS" >&2
            exit 1
        fi
    done
fi

# The first `version = ` of Cargo.toml is the package's.
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
MIN_MACOS=$(sed -n 's/^minimum-system-version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
if [[ -z "$VERSION" || -z "$MIN_MACOS" ]]; then
    echo "could not read the version or minimum-system-version from Cargo.toml" >&2
    exit 1
fi
# Cargo's target folder, wherever CARGO_TARGET_DIR or .cargo/config put it.
TARGET_DIR=$(cargo metadata --no-deps --format-version 1 \
    | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
# The binaries and the SQLite C code are built for the oldest macOS the
# app claims to run on (LSMinimumSystemVersion).
export MACOSX_DEPLOYMENT_TARGET=$MIN_MACOS

echo "Genjin $VERSION for macOS $MIN_MACOS and later, universal"
for target in $TARGETS; do
    cargo build --release --locked --target "$target" --bin genjin
done

UNIVERSAL="$TARGET_DIR/universal-apple-darwin/release"
mkdir -p "$UNIVERSAL"
lipo -create -output "$UNIVERSAL/genjin" \
    "$TARGET_DIR/aarch64-apple-darwin/release/genjin" \
    "$TARGET_DIR/x86_64-apple-darwin/release/genjin"
archs=$(lipo -archs "$UNIVERSAL/genjin")
for arch in arm64 x86_64; do
    if [[ " $archs " != *" $arch "* ]]; then
        echo "the universal binary lacks $arch (it has: $archs)" >&2
        exit 1
    fi
done
reported=$("$UNIVERSAL/genjin" --version)
if [[ "$reported" != "genjin $VERSION" ]]; then
    echo "the binary says \"$reported\", expected \"genjin $VERSION\"" >&2
    exit 1
fi

OUT="$TARGET_DIR/dist/macos"
rm -rf "$OUT"
mkdir -p "$OUT"
# For the --sign-hook run that cargo-packager starts.
export GENJIN_MACOS_APP="$OUT/Genjin.app"
# --release and --target make cargo-packager take the binary from
# target/universal-apple-darwin/release, and name the dmg ..._universal.dmg.
cargo packager --release --target universal-apple-darwin --formats app,dmg --out-dir "$OUT"

PLIST="$GENJIN_MACOS_APP/Contents/Info.plist"
plutil -lint "$PLIST"
bundle_version=$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$PLIST")
if [[ "$bundle_version" != "$VERSION" ]]; then
    echo "Info.plist says version $bundle_version, expected $VERSION" >&2
    exit 1
fi

DMG="$TARGET_DIR/dist/Genjin-$VERSION-universal.dmg"
rm -f "$DMG"
mv "$OUT/Genjin_${VERSION}_universal.dmg" "$DMG"
if [[ -n "${GENJIN_MACOS_SIGN_IDENTITY:-}" ]]; then
    codesign --force --timestamp --sign "$GENJIN_MACOS_SIGN_IDENTITY" \
        ${GENJIN_MACOS_KEYCHAIN:+--keychain "$GENJIN_MACOS_KEYCHAIN"} \
        "$DMG"
    codesign --verify --strict --verbose=2 "$DMG"
else
    echo "no GENJIN_MACOS_SIGN_IDENTITY: the app and the dmg are unsigned"
fi
hdiutil verify "$DMG"
echo "$DMG"
