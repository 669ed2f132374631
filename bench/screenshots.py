"""Screenshots of pages for docs/ (before/after pictures of a change): `python bench/screenshots.py URL PREFIX`.

Opens each page in a 1400 × 4200 px window in Debian's chromium, waits for the map and the charts, and saves a full-page PNG as
docs/<PREFIX>-<page>.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = ("delta", "innovation")
DOCS = Path(__file__).resolve().parent.parent / "docs"


def shoot(url: str, prefix: str, lang: str = "en", width: int = 1400) -> list[Path]:
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for name in PAGES:
            page = browser.new_page(viewport={"width": width, "height": 4200})
            page.goto(f"{url}/{name}?lang={lang}")
            page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
            try:
                page.locator("[data-testid='stVegaLiteChart']").nth(1).wait_for(timeout=60_000)
                page.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(
                    "path.leaflet-interactive").first.wait_for(timeout=30_000)
            except Exception:  # a page without a map or charts is pictured as it is
                pass
            page.wait_for_timeout(2500)
            path = DOCS / f"{prefix}-{name}.png"
            page.screenshot(path=str(path))  # Streamlit scrolls inside the page: a tall window shows it all
            out.append(path)
            page.close()
        browser.close()
    return out


if __name__ == "__main__":
    print(*shoot(sys.argv[1], sys.argv[2]), sep="\n")
