"""Where the briefing's CJK font is looked for (Debian fonts-noto-cjk; packages.txt on Streamlit Community Cloud)."""

from functools import cache
from pathlib import Path

FONT_FAMILY = "Noto Sans CJK SC"  # the Simplified Chinese face of the Noto CJK collections
FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk"),
             Path("/usr/share/fonts/truetype/noto"), Path("/usr/local/share/fonts"))
FONT_FILES = {"": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf"),
              "B": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansSC-Bold.otf")}


@cache
def available() -> bool:
    """A cheap check (no font parsing) that a regular CJK face is installed."""
    return any((d / n).is_file() for n in FONT_FILES[""] for d in FONT_DIRS)
