"""Page furniture shared by every page: the stylesheet."""

from functools import cache
from pathlib import Path

CSS = Path(__file__).parent / "style.css"


@cache
def stylesheet() -> str:
    return f"<style>{CSS.read_text(encoding='utf-8')}</style>"
