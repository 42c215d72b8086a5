"""Build resources/fonts/NotoSansSC-GBK-Regular.otf: Noto Sans CJK SC (SIL OFL 1.1) cut down to the
characters of GBK plus ASCII and CJK/full-width punctuation, so the program never shows boxes on a
PC without Chinese fonts while the bundled file stays a few megabytes.

The subset is renamed (family "SafetyStation Sans SC"; Noto has no Reserved Font Name) so that a
machine with Noto Sans CJK installed still draws and embeds this file: the full collection maps the
Kangxi radicals (⻘ U+2EE7) to the same glyphs as the ideographs (青 U+9752), and Qt's PDF text layer
then gives the radical back to copy-paste and search.

    python scripts/make_font_subset.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

(Debian/Ubuntu: apt-get install fonts-noto-cjk.) The result is committed; run this only to rebuild it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "NotoSansSC-GBK-Regular.otf"
FAMILY = "SafetyStation Sans SC"  # safetystation.resources.FONT_FAMILY
POSTSCRIPT = "SafetyStationSansSC-Regular"


def gbk_characters() -> set[int]:
    chars = set(range(0x20, 0x7F)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                chars.add(ord(bytes([lead, trail]).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return chars


def rename(font: object) -> None:
    names = font["name"]  # type: ignore[index]
    for rec in list(names.names):
        if rec.nameID in (1, 16):
            names.setName(FAMILY, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 4:
            names.setName(f"{FAMILY} Regular", 4, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (3, 6):
            names.setName(POSTSCRIPT, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    cff = font["CFF "].cff  # type: ignore[index]
    cff.fontNames = [POSTSCRIPT]
    top = cff.topDictIndex[0]
    top.FamilyName = FAMILY
    top.FullName = f"{FAMILY} Regular"


def main(source: str) -> None:
    collection = TTCollection(source)
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=gbk_characters())
    subsetter.subset(font)
    rename(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"{OUT}: {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
