#!/usr/bin/env bash
# Renders Genjin's icon from its SVG sources into the files the builds use:
#   assets/icon/genjin.ico     the .exe's icon (build.rs): 16, 24, 32, 48, 64,
#                              128 and 256 px, the 256 px image stored as PNG
#   assets/icon/genjin.icns    the macOS bundle's icon: 16 to 512 px
#   assets/icon/genjin-256.png the window's icon (src/ui/icon.rs) and Linux
#   assets/icon/genjin-512.png the large picture (web pages, package listings)
#
# genjin.svg is the icon; genjin-small.svg is the same drawing with a bolder
# bubble and arrow, hand-tuned for 16 and 24 px, where the full drawing's
# margins and strokes blur into less than a pixel.
#
# Usage: tools/make-icons.sh   (from anywhere; rerun after editing an SVG)
# Needs: rsvg-convert (librsvg2-bin), icotool (icoutils), png2icns (icnsutils).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ICON="$ROOT/assets/icon"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/genjin-icons.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

for tool in rsvg-convert icotool png2icns; do
    command -v "$tool" >/dev/null || {
        echo "make-icons: $tool is missing (apt-get install librsvg2-bin icoutils icnsutils)" >&2
        exit 1
    }
done

# render SIZE: the PNG of that size, from the drawing meant for it.
render() {
    local size=$1 source="$ICON/genjin.svg"
    if [ "$size" -le 24 ]; then
        source="$ICON/genjin-small.svg"
    fi
    rsvg-convert --width "$size" --height "$size" "$source" --output "$WORK/genjin-$size.png"
}

for size in 16 24 32 48 64 128 256 512; do
    render "$size"
done

# The 256 px image goes in as PNG (-r), as Windows Vista and later expect;
# the smaller ones as 32-bit bitmaps, which every icon reader understands.
icotool --create --output "$ICON/genjin.ico" \
    "$WORK"/genjin-{16,24,32,48,64,128}.png --raw "$WORK/genjin-256.png"

png2icns "$ICON/genjin.icns" "$WORK"/genjin-{16,32,48,128,256,512}.png >/dev/null

cp "$WORK/genjin-256.png" "$WORK/genjin-512.png" "$ICON/"

icotool --list "$ICON/genjin.ico"
echo "make-icons: wrote genjin.ico, genjin.icns, genjin-256.png and genjin-512.png in $ICON"
