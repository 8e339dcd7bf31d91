#!/usr/bin/env python3
"""Build the bundled CJK UI font for Genjin.

Produces assets/fonts/NotoSansCJKsc-Subset.otf: a subset of the
"Noto Sans CJK SC" face taken from the Noto Sans CJK collection (TTC)
shipped by Debian's fonts-noto-cjk package.

The kept character set is:
  * every character of GB2312,
  * printable ASCII, Latin-1 Supplement, general/CJK punctuation,
    half/full-width forms, arrows, a few shapes, check marks and math signs,
  * the vocabulary of the traditional (lunar) calendar,
  * the characters of names beyond the Basic Multilingual Plane
    (CJK Extension B to F, GB18030-2022 encodes them in four bytes): the 196
    such characters of the 通用规范汉字表 (Table of General Standard Chinese
    Characters, 2013, which added them for personal and place names) and
    the Extension B variants common in names that the table leaves out
    (𠮷, the 吉 with a longer lower stroke),
  * every non-ASCII character used in assets/locales/ and in the Rust
    sources under src/ and tests/, so re-running this script after new UI
    strings are added keeps the font complete.

The output is plain OpenType/CFF (no WOFF compression), without hinting and
without OpenType layout tables: egui rasterises glyphs straight from cmap +
outlines and does no text shaping, so those tables would only add weight.

Usage (from the repository root):
    python3 tools/subset-font.py [SOURCE_TTC] [--face-index N] [--output PATH]

To rerun it on Debian/Ubuntu:
    apt-get update && apt-get install fonts-noto-cjk
    pip install fonttools
    python3 tools/subset-font.py
then check `cargo test --test store i18n` (font coverage) and commit the
.otf with this script. Keep assets/fonts/LICENSE-OFL.txt beside the font.

Requires fontTools (pip install fonttools).
"""

import argparse
import os
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FAMILY_NAME = "Noto Sans CJK SC"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "assets" / "fonts" / "NotoSansCJKsc-Subset.otf"

# Text files under assets/locales/ whose characters must be covered.
LOCALE_SUFFIXES = {".yml", ".yaml", ".toml", ".json"}

# Inclusive code point ranges that are always kept.
FIXED_RANGES = [
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement (includes ¥ U+00A5, × ÷ ± ·)
    (0x2000, 0x206F),  # General Punctuation (— ‘ ’ “ ” … ‰ ※)
    (0x2100, 0x214F),  # Letterlike Symbols (℃ № ™)
    (0x2150, 0x218F),  # Number Forms (Roman numerals Ⅰ Ⅱ …)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (≤ ≥ ≠ ≈ − √ ∞)
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (① ② …)
    (0x2500, 0x257F),  # Box Drawing
    (0x25A0, 0x25FF),  # Geometric Shapes (■ □ ▲ △ ● ○ ◆ ◇)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、 。 《 》 【 】 〇)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms (， ： （ ） ￥ U+FFE5)
]

# Individual code points that are always kept.
FIXED_CODEPOINTS = [
    0x00A5,  # ¥ yen/yuan sign
    0xFFE5,  # ￥ fullwidth yen/yuan sign
    0x2605,  # ★
    0x2606,  # ☆
    0x2713,  # ✓
    0x2714,  # ✔
    0x2717,  # ✗
    0x00D7,  # ×
    0x00F7,  # ÷
    0x00B1,  # ±
    0x2264,  # ≤
    0x2265,  # ≥
    0x2260,  # ≠
    0x2026,  # …
    0x2212,  # − minus sign
    0x00B0,  # °
    0xFFFD,  # replacement character
]

# Traditional Chinese (lunar) calendar vocabulary. Most of it is in GB2312
# already; listing it explicitly guarantees coverage regardless.
LUNAR_VOCABULARY = (
    # Heavenly stems and earthly branches
    "甲乙丙丁戊己庚辛壬癸"
    "子丑寅卯辰巳午未申酉戌亥"
    # Zodiac animals
    "鼠牛虎兔龙蛇马羊猴鸡狗猪"
    # Month and day names
    "正一二三四五六七八九十冬腊初廿卅卌〇零闰月大小日年朔望晦"
    # Traditional forms sometimes seen in calendar text
    "閏臘"
    # The 24 solar terms
    "立春雨水惊蛰分清明谷夏满芒种至暑秋处白露寒霜降雪"
    # Common festivals
    "元宵端午七夕中秋重阳除夕节"
)

# Name characters outside the Basic Multilingual Plane. First the 196
# supplementary-plane characters of the 通用规范汉字表 (2013), in the
# table's order; the table took them in because they occur in personal and
# place names (e.g. 𫖮 in 陶𫖮, 𬌗, 𬘡, 𬭚). Then Extension B name variants
# the table does not list.
NAME_CHARACTERS_TGSCC = (
    "𬉼𠳐𥻗𠙶𬣙𨙸𬇕𬣞𬘓𫭟𫭢𫇭𫐄𫵷𣲘𣲗𬇙𬣡𫸩𨚕"
    "𫘜𬘘𫘝𦭜𬨂𬀩𬀪𬬩𫍣𬣳𬩽𬮿𬯀𫰛𬳵𬳶𫠊𬍛𬜬𦰡"
    "𪾢𪨰𫓧𬬮𬬱𬬭𦙶𬘡𬳽𬘩𫄧𪟝𬍤𫭼𬜯𬂩𫠆𨐈𬌗𫑡"
    "𪨶𬬸𬬻𬬹𬬿𬭁𫢸𫗧𬊈𬒈𨺙𬳿𫄨𬘫𫮃𬱖𬟽𫓯𫟹𫟼"
    "𠅤𬇹𬍡𬤇𫍯𬤊𫍲𬯎𬘬𬘭𬴂𫘦𫟅𬘯𫘧𪣻𡎚𬃊𬷕𫐐"
    "𬹼𧿹𫶇𫖮𬭊𨱇𫓶𬭎𫖯𬱟𫛭𫷷𬮱𬊤𣸣𬴃𫘨𤧛𬪩𬒔"
    "𬨎𫐓𫫇𫓹𬭚𬭛𬕂𬶋𬶍𦝼𫔶𫌀𫖳𫘪𫘬𫞩𡐓𪤗𣗋𬸘"
    "𬒗𥔲𫚖𨱏𬭤𫚕𬶐𬶏𩽾𬸚𬤝𬙂𬭩𩾃𬸣𫍽𬴊𬞟𥕢𫟦"
    "𬺈𫠜𪩘𬭬𨱑𬭯𫗴𬸦𫄷𤩽𬭳𬭶𫔍𬭸𨱔𬭼𫔎𬸪𬶟𬶠"
    "𬶨𦈡𫄸𬟁𥖨𦒍𬙊𬶭𩾌𨟠𬶮𨭉𬙋𤫉𬺓𫚭"
)
# Extension B variants seen in names but not in the table above. Keep this
# in step with EXT_B_READINGS in src/domain/search.rs (their pinyin).
NAME_CHARACTERS_EXTRA = (
    "𠮷"  # U+20BB7 jí, the 吉 of 𠮷田 and many given names
)
NAME_CHARACTERS = NAME_CHARACTERS_TGSCC + NAME_CHARACTERS_EXTRA

# Characters the verification step insists on, on top of all of GB2312.
MUST_HAVE = "。，、：；！？（）【】《》“”‘’￥¥廿" + NAME_CHARACTERS


def gb2312_characters():
    """Return every character encodable in GB2312 (two-byte area)."""
    chars = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(text)
    return chars


def project_characters(root):
    """Non-ASCII characters used by locale files and Rust sources."""
    chars = set()
    files = []
    locales = root / "assets" / "locales"
    if locales.is_dir():
        files += [p for p in locales.rglob("*")
                  if p.is_file() and p.suffix.lower() in LOCALE_SUFFIXES]
    for folder in ("src", "tests"):
        base = root / folder
        if base.is_dir():
            files += [p for p in base.rglob("*.rs") if p.is_file()]
    for path in sorted(files):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            print(f"warning: skipping {path}: {err}", file=sys.stderr)
            continue
        chars.update(c for c in text if ord(c) > 0x7F)
    return chars, len(files)


def wanted_codepoints(root):
    """Build the full set of code points to keep."""
    cps = set()
    for first, last in FIXED_RANGES:
        cps.update(range(first, last + 1))
    cps.update(FIXED_CODEPOINTS)
    cps.update(ord(c) for c in gb2312_characters())
    cps.update(ord(c) for c in LUNAR_VOCABULARY)
    cps.update(ord(c) for c in NAME_CHARACTERS)
    cps.update(ord(c) for c in MUST_HAVE)
    extra, n_files = project_characters(root)
    cps.update(ord(c) for c in extra)
    # Control and surrogate code points never map to glyphs.
    cps = {cp for cp in cps
           if cp >= 0x20 and not 0x7F <= cp <= 0x9F
           and not 0xD800 <= cp <= 0xDFFF}
    return cps, len(extra), n_files


def find_face_index(source, family):
    """Index of the face whose family name (ID 16 or 1) equals `family`."""
    collection = TTCollection(source, lazy=True)
    for index, font in enumerate(collection.fonts):
        name = font["name"]
        for name_id in (16, 1):
            value = name.getDebugName(name_id)
            if value is not None:
                if value == family:
                    return index
                break
    raise SystemExit(f"error: no face named {family!r} in {source}")


def subset_options():
    options = subset.Options()
    options.hinting = False          # CFF hints are useless to egui
    options.desubroutinize = False   # keep CFF subroutines: smaller file
    options.layout_features = []     # egui does no shaping
    options.layout_closure = False
    options.notdef_outline = True
    options.glyph_names = False
    options.name_IDs = ["*"]         # keep copyright/licence/trademark names
    options.name_languages = ["*"]
    options.flavor = None            # plain OTF, no WOFF/WOFF2
    options.drop_tables += [
        "GSUB", "GPOS", "GDEF", "BASE",  # layout tables (no shaping in egui)
        "vhea", "vmtx", "VORG",          # vertical metrics (unused)
    ]
    return options


def verify(path, requested, available):
    """Check the produced font covers GB2312 and the must-have characters."""
    font = TTFont(path)
    cmap = font.getBestCmap()
    required = {ord(c) for c in gb2312_characters()}
    required.update(ord(c) for c in MUST_HAVE)
    missing = sorted(cp for cp in required if cp not in cmap)
    if missing:
        sample = " ".join(f"U+{cp:04X}" for cp in missing[:20])
        raise SystemExit(f"error: {len(missing)} required characters "
                         f"missing from the subset: {sample}")
    lost = sorted(cp for cp in requested & available if cp not in cmap)
    if lost:
        raise SystemExit(f"error: {len(lost)} requested characters were "
                         "dropped by the subsetter")
    return len(cmap), font["maxp"].numGlyphs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", default=DEFAULT_SOURCE,
                        help=f"source TTC/OTF (default: {DEFAULT_SOURCE})")
    parser.add_argument("--face-index", type=int, default=None,
                        help=f"face in the collection (default: the face "
                             f"named {FAMILY_NAME!r})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="output file (default: %(default)s)")
    args = parser.parse_args()

    source = args.source
    if not os.path.isfile(source):
        raise SystemExit(f"error: {source} not found "
                         "(apt-get install fonts-noto-cjk)")
    if args.face_index is not None:
        face = args.face_index
    elif source.lower().endswith((".ttc", ".otc")):
        face = find_face_index(source, FAMILY_NAME)
    else:
        face = 0

    requested, n_extra, n_files = wanted_codepoints(REPO_ROOT)

    # Keep the source timestamp so re-runs give byte-identical output.
    font = TTFont(source, fontNumber=face, lazy=False,
                  recalcTimestamp=False)
    family = font["name"].getDebugName(1)
    available = set(font.getBestCmap())

    subsetter = subset.Subsetter(options=subset_options())
    subsetter.populate(unicodes=requested)
    subsetter.subset(font)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(args.output))
    font.close()

    n_cps, n_glyphs = verify(args.output, requested, available)
    unavailable = len(requested - available)
    size = args.output.stat().st_size
    print(f"source      : {source} (face {face}, {family})")
    print(f"scanned     : {n_files} project files, "
          f"{n_extra} distinct non-ASCII characters")
    print(f"requested   : {len(requested)} code points "
          f"({unavailable} not in the source font, skipped)")
    print(f"covered     : {n_cps} code points, {n_glyphs} glyphs")
    print(f"output      : {args.output} ({size} bytes)")


if __name__ == "__main__":
    main()
