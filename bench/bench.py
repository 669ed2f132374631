"""Performance benchmark: `python bench/bench.py` prints a table and writes BENCHMARKS.md.

- warm rerun: median of repeated full-script reruns of each page (Streamlit's AppTest, same process), next to a blank
  Streamlit page measured the same way in the same run;
- map bytes: what each page's map component sends to the browser (its JSON arguments);
- cold start: `streamlit run app.py` started → the first page drawn in Chromium (title, map shapes, charts);
- memory: the server's resident memory after a browser has opened every page.
Targets: every page ≤ 10× the blank page, each map ≤ 250 KB, cold start ≤ 3 s.
"""

from __future__ import annotations

import asyncio
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from common import CHROMIUM_ARGS, PAGES, ROOT, page_url, rss_mb, server, wait_ready, write_section

RERUNS = 15
TARGET_RATIO, TARGET_MAP_KB, TARGET_COLD_S, TARGET_COLD_MAP_S = 10, 250, 3.0, 2.5


def warm_ms(at) -> float:
    times = []
    for _ in range(RERUNS):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def app_test(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.switch_page(f"pages/{page}.py")
    at.run()
    if at.exception:
        raise SystemExit(f"{page}: {at.exception[0].value}")
    return at


def map_bytes(at) -> int:
    total = 0

    def walk(node):
        nonlocal total
        for child in getattr(node, "children", {}).values():
            if child.type == "component_instance":
                total += len(child.proto.json_args.encode("utf-8"))
            walk(child)

    walk(at._tree)
    return total


async def open_cold(browser, url: str, name: str, healthy_s: float) -> float:
    """Seconds from `streamlit run` to the page drawn, on a server that has served nothing yet."""
    t0 = time.perf_counter() - healthy_s
    page = await browser.new_page()
    await page.goto(page_url(url, name))
    await wait_ready(page, name)
    seconds = time.perf_counter() - t0
    await page.close()
    return seconds


async def browser_part() -> tuple[float, float, float, float, float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        with server(ROOT / "artifacts" / "bench-server.log") as (url, proc, healthy_s):
            cold = await open_cold(browser, url, "home", healthy_s)
            page = await browser.new_page()
            t1 = time.perf_counter()
            await page.goto(page_url(url, "delta"))
            await wait_ready(page, "delta")
            first_map = time.perf_counter() - t1
            for name in PAGES:
                await page.goto(page_url(url, name))
                await wait_ready(page, name)
            memory = rss_mb(proc.pid)
            await page.close()
        # A second fresh server, opened straight on a map page: `streamlit run` → the Delta map's shapes drawn.
        with server(ROOT / "artifacts" / "bench-server-map.log") as (url, proc, healthy_map):
            cold_map = await open_cold(browser, url, "delta", healthy_map)
        await browser.close()
    return cold, healthy_s, first_map, memory, cold_map


def main() -> None:
    from streamlit.testing.v1 import AppTest

    (ROOT / "artifacts").mkdir(exist_ok=True)
    blank = AppTest.from_file(str(ROOT / "bench" / "blank.py"))
    blank.run()
    rows = []
    blank_ms = warm_ms(blank)
    for page in PAGES:
        at = app_test(page)
        ms = warm_ms(at)
        rows.append((page, ms, ms / blank_ms, map_bytes(at)))
    blank_ms = min(blank_ms, warm_ms(blank))  # measured again after the pages: the same run, the faster of the two
    rows = [(p, ms, ms / blank_ms, b) for p, ms, _, b in rows]
    cold, healthy, first_map, memory, cold_map = asyncio.run(browser_part())

    lines = [
        f"Run {date.today().isoformat()} on {platform.machine()}, {platform.python_version()}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores; `python bench/bench.py`.",
        "",
        f"Warm rerun: median of {RERUNS} full reruns per page (AppTest, language en, default view); "
        f"blank Streamlit page in the same run: **{blank_ms:.1f} ms**. Map bytes: the map component's arguments as "
        "sent to the browser (GeoJSON, styles, script). Leaflet itself is served once from /app/static and cached.",
        "",
        "| page | warm rerun (ms) | × blank | map (KB) | within targets |",
        "|---|---:|---:|---:|---|",
    ]
    for page, ms, ratio, b in rows:
        ok = ratio <= TARGET_RATIO and b / 1000 <= TARGET_MAP_KB
        lines.append(f"| {page} | {ms:.1f} | {ratio:.1f} | {b / 1000:.0f} | {'yes' if ok else 'NO'} |")
    lines += [
        "",
        f"- Cold start (`streamlit run` started → the first page, the home page, drawn in Chromium): **{cold:.2f} s** "
        f"(server healthy after {healthy:.2f} s); target ≤ {TARGET_COLD_S} s.",
        f"- Then the first map page on the fresh server (Delta: 41 shapes and charts drawn, every cache cold): "
        f"**{first_map:.2f} s**.",
        f"- Cold start straight to a map (`streamlit run` started → the Delta page's 41 shapes and charts drawn): "
        f"**{cold_map:.2f} s**; target ≤ {TARGET_COLD_MAP_S} s.",
        f"- Server memory after opening every page once: **{memory:.0f} MB** resident.",
        "",
        "Targets: every page ≤ 10× the blank page; each map ≤ 250 KB; cold start ≤ 3 s; cold start to a drawn map ≤ 2.5 s.",
        "",
    ]
    text = "\n".join(lines)
    write_section("Performance (bench/bench.py)", text)
    print(text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
