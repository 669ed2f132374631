"""Bytes over the WebSocket: a page's first load and a rerun when nothing changed, next to a blank Streamlit page.

`python bench/payload.py` (not part of the test run; writes BENCHMARKS.md). Chromium counts every frame the server
sends on the app's WebSocket: once for the first load (until the app is idle), then for a rerun started with Streamlit's
"R" shortcut (same URL, same widgets: what a student's click on an unchanged control costs). Streamlit caches large
elements in the browser (messages ≥ 10 KB are sent once and then referred to by hash), so an unchanged map is not sent
again. Target: a rerun of a map page sends at most 30 KB.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date

from common import CHROMIUM_ARGS, PAGES, PATHWAYS, ROOT, page_url, server, wait_ready, write_section

TARGET_RERUN_KB = 30


async def idle(page, settle: float = 1.5, timeout: float = 90) -> None:
    """Until Streamlit's running indicator has been gone for `settle` seconds."""
    t0 = time.perf_counter()
    quiet_since = None
    while time.perf_counter() - t0 < timeout:
        running = await page.locator("[data-testid='stStatusWidget']").count()
        now = time.perf_counter()
        quiet_since = None if running else (quiet_since or now)
        if quiet_since and now - quiet_since >= settle:
            return
        await asyncio.sleep(0.1)


async def measure(browser, url: str, name: str) -> tuple[int, int]:
    page = await browser.new_page(viewport={"width": 1400, "height": 1200})
    frames: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(len(f))))
    await page.goto(url)
    if name == "blank":
        await page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
    else:
        await wait_ready(page, name)
    await idle(page, 3)
    first = sum(frames)
    frames.clear()
    # Nothing focused (the benchmark scrolled to the map, so a click could land in a picker and type the "r"): the
    # shortcut then reaches Streamlit.
    await page.evaluate("() => document.activeElement && document.activeElement.blur()")
    await page.keyboard.press("r")
    await asyncio.sleep(1)
    await idle(page)
    rerun = sum(frames)
    await page.close()
    return first, rerun


async def run() -> tuple[tuple[int, int], list[tuple[str, int, int]]]:
    from playwright.async_api import async_playwright

    art = ROOT / "artifacts"
    art.mkdir(exist_ok=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        with server(art / "payload-blank.log", script="bench/blank.py") as (url, _, _):
            blank = await measure(browser, url, "blank")
        rows = []
        with server(art / "payload-server.log") as (url, _, _):
            for name in PAGES:
                rows.append((name, *await measure(browser, page_url(url, name), name)))
        await browser.close()
    return blank, rows


def main() -> None:
    blank, rows = asyncio.run(run())
    lines = [
        f"Run {date.today().isoformat()}: `python bench/payload.py`. Bytes the server sent on the WebSocket, counted by "
        "Chromium: the first load of each page (language en, default view) and then a rerun with nothing changed "
        "(Streamlit's R shortcut). A blank Streamlit page (`st.write(\"\")`) in the same run: first load "
        f"**{blank[0] / 1000:.1f} KB**, rerun **{blank[1] / 1000:.1f} KB**.",
        "",
        "| page | first load (KB) | rerun (KB) | rerun × blank | map page rerun ≤ 30 KB |",
        "|---|---:|---:|---:|---|",
    ]
    for name, first, rerun in rows:
        ok = "yes" if rerun / 1000 <= TARGET_RERUN_KB else "NO"
        lines.append(f"| {name} | {first / 1000:.1f} | {rerun / 1000:.1f} | {rerun / max(blank[1], 1):.0f} | "
                     f"{ok if name in PATHWAYS else '–'} |")
    text = "\n".join(lines)
    write_section("Rerun payload (bench/payload.py)", text)
    print(text)


if __name__ == "__main__":
    main()
