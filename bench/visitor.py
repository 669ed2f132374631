"""What one visitor costs the server, and the load test with client and server on separate cores.

`python bench/visitor.py [--sessions 20 50] [--keep 10]` (not part of the test run; writes BENCHMARKS.md).

The server runs pinned to CPU 0 (taskset) with SPE_TIMING_LOG set, so every script run records its own time; this
process and the Chromium it starts are pinned to CPU 1, so the browsers never take the server's core.
1. Cost of one visitor: after one warm-up walk, `--keep` visitors walk every page one after another (a fresh browser
   context each, half in Chinese), and stay connected. Server CPU-seconds per walk come from /proc/<pid>/stat; memory
   per session is the slope of the server's resident memory over the connected sessions.
2. Load: N concurrent visitors walk every page; the server's own script times (p50/p95, wall and CPU) are read from its
   timing log, next to the page-ready times the (one-core) browsers saw. A run is stopped after --cap seconds (the
   browsers, squeezed onto one core, are then the bottleneck) and reports the page loads it completed.
Traffic goes to 127.0.0.1 only; every wait has a timeout, and the run ends by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from datetime import date

from common import (
    CHROMIUM_ARGS,
    NO_WATCH,
    PAGES,
    ROOT,
    cpu_seconds,
    page_url,
    rss_mb,
    server,
    wait_ready,
    write_section,
)

TIMEOUT_MS = 180_000
SERVER_CPU, CLIENT_CPU = "0", {1}
ASSUMED_WALK_MINUTES = 10  # a student reading every page of the app: about ten minutes


async def walk(browser, base: str, lang: str, times: list | None = None, failures: list | None = None, keep=None):
    ctx = await browser.new_context()
    page = await ctx.new_page()
    for name in PAGES:
        t0 = time.perf_counter()
        try:
            await page.goto(page_url(base, name, lang), timeout=TIMEOUT_MS)
            await wait_ready(page, name, TIMEOUT_MS)
            if times is not None:
                times.append(time.perf_counter() - t0)
        except Exception as exc:  # counted and reported, never retried
            if failures is not None:
                failures.append(f"{name}: {type(exc).__name__}")
    await page.wait_for_timeout(1000)  # let the last page's run finish on the server
    if keep is not None:
        keep.append(ctx)
    else:
        await ctx.close()


async def watcher_cost(walks: int) -> float:
    """Server CPU-seconds per walk (median) with Streamlit's file watcher on, as Community Cloud runs the app."""
    from playwright.async_api import async_playwright

    os.sched_setaffinity(0, CLIENT_CPU)
    with server(ROOT / "artifacts" / "visitor-watcher.log", cpus=SERVER_CPU) as (base, proc, _):
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            await walk(browser, base, "en")
            await walk(browser, base, "zh")  # both languages' caches filled, as in the main measurement's walks
            cpus = []
            for i in range(walks):
                c = cpu_seconds(proc.pid)
                await walk(browser, base, "zh" if i % 2 else "en")
                cpus.append(cpu_seconds(proc.pid) - c)
            await browser.close()
    return statistics.median(cpus)


def quantiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return (float("nan"), float("nan"))
    q = statistics.quantiles(values, n=20)
    return statistics.median(values), q[18]


def read_log(path, start: int) -> list[tuple[str, float, float]]:
    lines = path.read_text(encoding="utf-8").splitlines()[start:] if path.exists() else []
    return [(p, float(w), float(c)) for p, w, c in (line.split("\t") for line in lines)]


async def run(loads: list[int], keep: int, cap: float) -> dict:
    from playwright.async_api import async_playwright

    os.sched_setaffinity(0, CLIENT_CPU)
    art = ROOT / "artifacts"
    art.mkdir(exist_ok=True)
    timing = art / "visitor-timing.tsv"
    timing.unlink(missing_ok=True)
    out: dict = {}
    # As the container and the replicas run; the file watcher's own cost is measured by watcher_cost.
    with server(art / "visitor-server.log", options=NO_WATCH, env={"SPE_TIMING_LOG": str(timing)},
                cpus=SERVER_CPU) as (base, proc, _):
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            await walk(browser, base, "en")  # warm-up: every cache filled once, as on a server that has run a while
            await asyncio.sleep(2)
            base_rss, cpu0 = rss_mb(proc.pid), cpu_seconds(proc.pid)
            held: list = []
            rss, cpus = [base_rss], []
            for i in range(keep):
                c = cpu_seconds(proc.pid)
                await walk(browser, base, "zh" if i % 2 else "en", keep=held)
                cpus.append(cpu_seconds(proc.pid) - c)
                rss.append(rss_mb(proc.pid))
            slope = statistics.linear_regression(range(len(rss)), rss).slope
            for ctx in held:
                await ctx.close()
            out["visitor"] = {"walks": keep, "pages per walk": len(PAGES), "base_rss": base_rss,
                              "cpu_per_walk": statistics.median(cpus), "cpu_total": cpu_seconds(proc.pid) - cpu0,
                              "mb_per_session": slope, "rss_after": rss[-1]}
            for n in loads:
                await asyncio.sleep(5)
                start = len(timing.read_text(encoding="utf-8").splitlines()) if timing.exists() else 0
                times: list[float] = []
                failures: list[str] = []
                c0, t0, peak = cpu_seconds(proc.pid), time.perf_counter(), rss_mb(proc.pid)
                tasks = [asyncio.create_task(walk(browser, base, "zh" if i % 2 else "en", times, failures))
                         for i in range(n)]
                capped = False
                while not all(t.done() for t in tasks):
                    peak = max(peak, rss_mb(proc.pid))
                    if time.perf_counter() - t0 > cap:
                        capped = True  # the one-core browsers, not the server, are the bottleneck: stop here
                        for t in tasks:
                            t.cancel()
                        await asyncio.gather(*tasks, return_exceptions=True)
                        break
                    await asyncio.sleep(0.5)
                wall = time.perf_counter() - t0
                runs = read_log(timing, start)
                out[n] = {"page loads": n * len(PAGES), "succeeded": len(times), "failures": failures[:5], "capped": capped,
                          "script": quantiles([w for _, w, _ in runs]), "script_cpu": quantiles([c for _, _, c in runs]),
                          "runs": len(runs), "ready": quantiles(times), "wall": wall,
                          "server_cpu": cpu_seconds(proc.pid) - c0, "peak": peak}
            await browser.close()
    return out


def report(out: dict) -> str:
    v = out["visitor"]
    per_core = ASSUMED_WALK_MINUTES * 60 / v["cpu_per_walk"]
    per_gb = (1024 - v["base_rss"]) / max(v["mb_per_session"], 0.1)
    lines = [
        f"Run {date.today().isoformat()}: server pinned to CPU 0, this script and its Chromium to CPU 1 "
        "(`python bench/visitor.py`), the server without a file watcher as the container and the replicas run it. "
        "One warm-up walk first, so the numbers are what a server that has run a while "
        "pays for each new visitor.",
        "",
        "**Cost of one visitor** (a walk through every page, "
        f"{v['pages per walk']} page loads, measured on the server process over {v['walks']} walks):",
        "",
        f"- server CPU per walk: **{v['cpu_per_walk']:.2f} CPU-seconds** (median)",
        f"- memory per connected session: **{v['mb_per_session']:.1f} MB** (slope of resident memory over "
        f"{v['walks']} sessions kept open; server at {v['base_rss']:.0f} MB before them, {v['rss_after']:.0f} MB after)",
        f"- a 1-core / 1 GB instance therefore holds about **{min(per_core, per_gb):.0f} visitors at once**: CPU allows "
        f"{per_core:.0f} (each visitor taking ~{ASSUMED_WALK_MINUTES} minutes to read every page, so "
        f"{v['cpu_per_walk']:.2f} CPU-s spread over {ASSUMED_WALK_MINUTES * 60} s), memory allows {per_gb:.0f} "
        f"((1024 − {v['base_rss']:.0f}) MB ÷ {v['mb_per_session']:.1f} MB). A class that opens the same page at the "
        "same second queues instead: see the load runs below.",
    ]
    if "watcher" in out:
        w, walks = out["watcher"]
        lines.append(
            f"- the same walk with Streamlit's file watcher on, as Community Cloud and a plain `streamlit run app.py` "
            f"run it: **{w:.2f} CPU-seconds** (median of {walks} walks). The watcher rescans the paths of every "
            "imported module on each new session's first run; the container and the replicas run without it "
            "(`--server.fileWatcherType none`), and the figures above are theirs.")
    lines += [
        "",
        "**Load** (N visitors at once, each walking every page; server script times from its own timing log):",
        "",
        "| visitors | page loads ok | server script p50 / p95 (s) | script CPU p50 / p95 (s) | server CPU (s) | "
        "browser page-ready p50 / p95 (s, one core for all browsers) | wall (s) | server peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, r in out.items():
        if n in ("visitor", "watcher"):
            continue
        done = f"{r['succeeded']}/{r['page loads']}" + (" (stopped at the time cap)" if r["capped"] else "")
        lines.append(f"| {n} | {done} | {r['script'][0]:.3f} / {r['script'][1]:.3f} | "
                     f"{r['script_cpu'][0]:.3f} / {r['script_cpu'][1]:.3f} | {r['server_cpu']:.1f} | "
                     f"{r['ready'][0]:.1f} / {r['ready'][1]:.1f} | {r['wall']:.0f} | {r['peak']:.0f} |")
        if r["failures"]:
            lines.append(f"|  | failures: {', '.join(r['failures'])} | | | | | | |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, nargs="*", default=[20, 50])
    ap.add_argument("--keep", type=int, default=10)
    ap.add_argument("--cap", type=float, default=360, help="seconds a load run may take before it is stopped")
    ap.add_argument("--watcher-walks", type=int, default=4, help="walks measured with the file watcher on (0: skip)")
    args = ap.parse_args()
    out = asyncio.run(run(args.sessions, args.keep, args.cap))
    if args.watcher_walks:
        out["watcher"] = (asyncio.run(watcher_cost(args.watcher_walks)), args.watcher_walks)
    text = report(out)
    write_section("Cost of one visitor (bench/visitor.py)", text)
    print(text)


if __name__ == "__main__":
    main()
