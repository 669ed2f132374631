"""Leaflet served by the app itself, so maps render without any CDN.

Leaflet comes from a package registry at install time — Debian's `libjs-leaflet` (apt in .ci/run, `packages.txt` on
Streamlit Community Cloud) — and is copied at start-up into `static/`, which Streamlit serves at /app/static/
(`server.enableStaticServing`). Nothing third-party is committed to the repo.
"""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
TARGET = STATIC / "leaflet"
CANDIDATES = [Path("/usr/share/javascript/leaflet")]  # Debian libjs-leaflet
FILES = ["leaflet.js", "leaflet.css"]
URL = "/app/static/leaflet/"
CDN = ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
       "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")


@lru_cache(maxsize=1)
def leaflet_links() -> tuple[list[str], list[str], bool]:
    """(js links, css links, served locally?). Falls back to the CDN only when no package provides Leaflet."""
    if not all((TARGET / f).exists() for f in FILES):
        for source in CANDIDATES:
            if all((source / f).exists() for f in FILES):
                try:
                    TARGET.mkdir(parents=True, exist_ok=True)
                    for f in FILES:
                        shutil.copyfile(source / f, TARGET / f)
                    if (source / "images").is_dir():
                        shutil.copytree(source / "images", TARGET / "images", dirs_exist_ok=True)
                except OSError:
                    continue
                break
    if all((TARGET / f).exists() for f in FILES):
        return [URL + "leaflet.js"], [URL + "leaflet.css"], True
    return [CDN[0]], [CDN[1]], False
