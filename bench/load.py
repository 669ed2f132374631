"""Bounded load test: `python bench/load.py [--sessions 20]` (not part of the default test run).

Starts one server on 127.0.0.1, opens N concurrent browser sessions (Debian Chromium, one isolated context each) that
each walk every page in both languages, and reports the success rate, p50/p95 page-ready time, the server's peak
memory and any error in the server log. Traffic goes only to loopback; the run ends by itself (fixed pages, timeouts).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import threading
import time
from datetime import date

from common import CHROMIUM_ARGS, PAGES, ROOT, page_url, rss_mb, server, wait_ready, write_section

TIMEOUT_MS = 90_000


async def session(browser, base: str, i: int, times: list, failures: list) -> None:
    ctx = await browser.new_context()
    page = await ctx.new_page()
    lang = "zh" if i % 2 else "en"
    for name in PAGES:
        t0 = time.perf_counter()
        try:
            await page.goto(page_url(base, name, lang), timeout=TIMEOUT_MS)
            await wait_ready(page, name, TIMEOUT_MS)
            if await page.locator("[data-testid='stException']").count():
                raise RuntimeError("exception box")
            times.append(time.perf_counter() - t0)
        except Exception as exc:  # counted, reported, never retried
            failures.append(f"session {i} {name}: {type(exc).__name__}: {str(exc)[:120]}")
    await ctx.close()


async def run(sessions: int) -> dict:
    from playwright.async_api import async_playwright

    log = ROOT / "artifacts" / "load-server.log"
    log.parent.mkdir(exist_ok=True)
    times: list[float] = []
    failures: list[str] = []
    with server(log) as (base, proc, _):
        peak = [rss_mb(proc.pid)]
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(proc.pid))
                time.sleep(0.2)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        t0 = time.perf_counter()
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            await asyncio.gather(*(session(browser, base, i, times, failures) for i in range(sessions)))
            await browser.close()
        wall = time.perf_counter() - t0
        stop.set()
        watcher.join()
    errors = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
              if "Traceback" in line or "Error" in line or "Exception" in line]
    total = sessions * len(PAGES)
    q = statistics.quantiles(times, n=20) if len(times) >= 2 else [float("nan")] * 19
    return {"sessions": sessions, "page loads": total, "succeeded": len(times),
            "success rate": f"{100 * len(times) / total:.1f}%",
            "p50 page-ready (s)": f"{statistics.median(times):.2f}" if times else "n/a",
            "p95 page-ready (s)": f"{q[18]:.2f}", "wall time (s)": f"{wall:.1f}",
            "server peak memory (MB)": f"{peak[0]:.0f}", "server log errors": len(errors),
            "failures": failures[:10], "log errors": errors[:10]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    args = ap.parse_args()
    result = asyncio.run(run(args.sessions))
    lines = [f"- {k}: {v}" for k, v in result.items()]
    write_section("Load test (bench/load.py)", "\n".join([
        f"Run {date.today().isoformat()}: one server on 127.0.0.1 and {args.sessions} concurrent Chromium sessions on the "
        "same 2-core machine, each walking every page (half in Chinese, half in English). Page-ready = title drawn and, "
        "on pathway pages, map shapes and a chart drawn. The browsers share the two cores with the server, so the "
        "page-ready times measure the whole machine under that load, not the server alone.", "", *lines]))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
