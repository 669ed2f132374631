"""What one visitor costs the server, and the load test with client and server on separate cores.

`python bench/visitor.py [--sessions 20 50] [--keep 10] [--browser-load]` (not part of the test run; writes
BENCHMARKS.md).

The server runs pinned to CPU 0 (taskset) with SPE_TIMING_LOG set, so every script run records its own time; this
process, its Chromium and its protocol clients are pinned to CPU 1, so the clients never take the server's core.
1. Cost of one visitor: after one warm-up walk per language, `--keep` visitors walk every page one after another (a
   fresh browser context each, half in Chinese), and stay connected. Server CPU-seconds per walk come from
   /proc/<pid>/stat; memory per session is the larger of the slope of the server's resident memory over the connected
   sessions and the growth of its peak per visitor under the load below.
2. Load: N concurrent visitors walk every page, each in one session, as bench/protocol.py's clients (the server's side
   of a visit, without the drawing): the server's own script times (p50/p95, wall and CPU) from its timing log, and
   the wait each client saw for its page, next to one visitor alone, to the same app with Streamlit's default
   collection after every run, and to the same clients on a blank Streamlit page (bench/blank.py), each on a fresh
   server on the same core in the same run. Chromium cannot do this here: 20 browsers on one core spend minutes
   drawing each page, so a browser load run measures the browsers (`--browser-load` runs it anyway, stopped after
   --cap seconds).
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
    """(page, wall seconds less the pause made on purpose, CPU seconds) of every run logged after line `start`."""
    lines = path.read_text(encoding="utf-8").splitlines()[start:] if path.exists() else []
    rows = [line.split("\t") for line in lines]
    return [(r[0], float(r[1]) - (float(r[3]) if len(r) > 3 else 0.0), float(r[2])) for r in rows]


async def protocol_walks(base: str, pid: int, n: int, pages: list[str], timing, dest: dict) -> None:
    """n protocol clients at once, each walking `pages` in one session (as the sidebar's links move a visitor from
    page to page); the server's and the clients' numbers."""
    from protocol import walk as protocol_walk

    async def one(i: int) -> list:
        return await protocol_walk(base, pages, "zh" if i % 2 else "en")

    start = len(timing.read_text(encoding="utf-8").splitlines()) if timing and timing.exists() else 0
    c0, t0, peak, client0 = cpu_seconds(pid), time.perf_counter(), rss_mb(pid), time.process_time()
    task = asyncio.ensure_future(asyncio.gather(*(one(i) for i in range(n))))
    while not task.done():
        peak = max(peak, rss_mb(pid))
        await asyncio.sleep(0.2)
    loads = [x for walk_ in task.result() for x in walk_]
    wall = time.perf_counter() - t0
    runs = read_log(timing, start) if timing else []
    ok = [x for x in loads if x.ok]
    dest.update({"page loads": len(loads), "succeeded": len(ok), "problems": sorted({x.problem for x in loads} - {""}),
                 "wait": quantiles([x.seconds for x in ok]),
                 "script": quantiles([w for _, w, _ in runs]), "script_cpu": quantiles([c for _, _, c in runs]),
                 "runs": len(runs), "wall": wall, "server_cpu": cpu_seconds(pid) - c0, "peak": peak,
                 "per_s": len(ok) / wall, "client_cpu": time.process_time() - client0})


async def visitor_cost(browser, base: str, proc, keep: int) -> dict:
    for lang in ("en", "zh"):  # warm-up: every cache filled once, as on a server that has run a while
        await walk(browser, base, lang)
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
    return {"walks": keep, "pages per walk": len(PAGES), "base_rss": base_rss, "cpu_per_walk": statistics.median(cpus),
            "cpu_total": cpu_seconds(proc.pid) - cpu0, "mb_per_session": slope, "rss_after": rss[-1]}


async def browser_load(browser, base: str, proc, n: int, cap: float, timing) -> dict:
    start = len(timing.read_text(encoding="utf-8").splitlines()) if timing.exists() else 0
    times: list[float] = []
    failures: list[str] = []
    c0, t0, peak = cpu_seconds(proc.pid), time.perf_counter(), rss_mb(proc.pid)
    tasks = [asyncio.create_task(walk(browser, base, "zh" if i % 2 else "en", times, failures)) for i in range(n)]
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
    runs = read_log(timing, start)
    return {"page loads": n * len(PAGES), "succeeded": len(times), "failures": failures[:5], "capped": capped,
            "script": quantiles([w for _, w, _ in runs]), "script_cpu": quantiles([c for _, _, c in runs]),
            "ready": quantiles(times), "wall": time.perf_counter() - t0, "server_cpu": cpu_seconds(proc.pid) - c0,
            "peak": peak}


async def run(loads: list[int], keep: int, cap: float, browsers: bool) -> dict:
    from playwright.async_api import async_playwright

    os.sched_setaffinity(0, CLIENT_CPU)
    art = ROOT / "artifacts"
    art.mkdir(exist_ok=True)
    timing = art / "visitor-timing.tsv"
    timing.unlink(missing_ok=True)
    out: dict = {"load": {}, "gc": {}, "browser load": {}, "blank": {}}
    # As the container and the replicas run; the file watcher's own cost is measured by watcher_cost.
    with server(art / "visitor-server.log", options=NO_WATCH, env={"SPE_TIMING_LOG": str(timing)},
                cpus=SERVER_CPU) as (base, proc, _):
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            out["visitor"] = await visitor_cost(browser, base, proc, keep)
            if browsers:
                for n in loads:
                    await asyncio.sleep(5)
                    out["browser load"][n] = await browser_load(browser, base, proc, n, cap, timing)
            await browser.close()
    # The load on fresh servers, each warmed by one walk per language and then 1, 20, 50 … visitors in turn: the app
    # as shipped, the app with Streamlit's default full collection after every run, and a blank page (the floor).
    for key, script, options, pages in (("load", "app.py", {}, PAGES),
                                        ("gc", "app.py", {"runner.postScriptGC": "true"}, PAGES),
                                        ("blank", "bench/blank.py", {}, ["home"] * len(PAGES))):
        log = timing if script == "app.py" else None
        with server(art / f"visitor-{key}.log", script=script, options={**NO_WATCH, **options},
                    env={"SPE_TIMING_LOG": str(timing)}, cpus=SERVER_CPU) as (base, proc, _):
            await protocol_walks(base, proc.pid, 2, pages, None, {})
            for n in [1, *loads]:
                await asyncio.sleep(2)
                await protocol_walks(base, proc.pid, n, pages, log, out[key].setdefault(n, {}))
    return out


def report(out: dict) -> str:
    v = out["visitor"]
    per_core = ASSUMED_WALK_MINUTES * 60 / v["cpu_per_walk"]
    # Without a collection after every run resident memory moves in steps, so the slope over ten kept sessions is
    # noisy: the capacity uses the larger of it and the growth per visitor under the largest load (sessions alive and
    # the two minutes disconnected ones are kept).
    ns = sorted(out["load"])
    load_mb = (out["load"][ns[-1]]["peak"] - out["load"][ns[0]]["peak"]) / max(ns[-1] - ns[0], 1) if ns else 0.0
    mb = max(v["mb_per_session"], load_mb, 0.1)
    per_gb = (1024 - v["base_rss"]) / mb
    lines = [
        f"Run {date.today().isoformat()}: server pinned to CPU 0, this script, its Chromium and its protocol clients to CPU 1 "
        "(`python bench/visitor.py`), the server without a file watcher as the container and the replicas run it. "
        "One warm-up walk per language first, so the numbers are what a server that has run a while "
        "pays for each new visitor.",
        "",
        "**Cost of one visitor** (a walk through every page, "
        f"{v['pages per walk']} page loads, measured on the server process over {v['walks']} walks):",
        "",
        f"- server CPU per walk: **{v['cpu_per_walk']:.2f} CPU-seconds** (median)",
        f"- memory per session: **{mb:.1f} MB**, the larger of the slope of resident memory over {v['walks']} "
        f"browser sessions kept open ({v['mb_per_session']:.1f} MB; server at {v['base_rss']:.0f} MB before them, "
        f"{v['rss_after']:.0f} MB after) and the peak's growth per visitor from 1 to {ns[-1] if ns else 0} visitors "
        f"at once in the load below ({load_mb:.1f} MB)",
        f"- a 1-core / 1 GB instance therefore holds about **{min(per_core, per_gb):.0f} visitors at once**: CPU allows "
        f"{per_core:.0f} (each visitor taking ~{ASSUMED_WALK_MINUTES} minutes to read every page, so "
        f"{v['cpu_per_walk']:.2f} CPU-s spread over {ASSUMED_WALK_MINUTES * 60} s), memory allows {per_gb:.0f} "
        f"((1024 − {v['base_rss']:.0f}) MB ÷ {mb:.1f} MB). A class that opens the same page at the "
        "same second queues instead: see the load runs below.",
    ]
    if "watcher" in out:
        w, walks = out["watcher"]
        lines.append(
            f"- the same walk with Streamlit's file watcher on, as Community Cloud and a plain `streamlit run app.py` "
            f"run it: **{w:.2f} CPU-seconds** (median of {walks} walks). The watcher rescans the paths of every "
            "imported module on each new session's first run; the container and the replicas run without it "
            "(`--server.fileWatcherType none`), and the figures above are theirs.")
    one = out["load"].get(1)
    if one:
        lines.append(
            f"- the same walk as one session moving from page to page (`bench/protocol.py`'s client, no browser: the "
            f"script runs and their messages, no frontend files, no map iframe): **{one['server_cpu']:.2f} "
            f"CPU-seconds** (the 1-visitor row below). The browser walks above open each page's link in a fresh "
            "page load, the dearer way to visit.")
    lines += [
        "",
        f"**Load** (N visitors at once, each walking every page in one session as the sidebar's links move a visitor, "
        f"as `bench/protocol.py`'s clients on CPU 1: the server's side of a visit without the drawing). Wait: request "
        f"sent → the run's last message received, as each client saw it (it includes the 1.2 s the first pathway page "
        f"of a session pauses on purpose, so that a browser draws the map before the charts); server script: the "
        f"app's own timing log, less that pause. Each column group is a fresh server on CPU 0, warmed by one walk "
        f"per language, then 1, {', '.join(str(n) for n in out['load'] if n != 1)} visitors in turn: the app as "
        f"shipped (`runner.postScriptGC = false`, .streamlit/config.toml), the app with Streamlit's default full "
        f"garbage collection after every script run, and the same clients each rerunning a blank Streamlit page "
        f"{len(PAGES)} times (bench/blank.py, the same config.toml), in the same run:",
        "",
        "| visitors | page loads ok | wait p50 / p95 (s) | server script p50 / p95 (s) | script CPU p50 / p95 (s) | "
        "server CPU (s) | page loads / s | wall (s) | server peak MB | client CPU (s) | with postScriptGC on: server CPU "
        "(s), wait p50 / p95 (s), peak MB | blank page: server CPU (s), wait p50 / p95 (s), loads / s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for n, r in out["load"].items():
        g, b = out["gc"].get(n), out["blank"].get(n)
        gc_on = f"{g['server_cpu']:.1f}, {g['wait'][0]:.3f} / {g['wait'][1]:.3f}, {g['peak']:.0f}" if g else "–"
        floor = f"{b['server_cpu']:.1f}, {b['wait'][0]:.3f} / {b['wait'][1]:.3f}, {b['per_s']:.0f}" if b else "–"
        lines.append(f"| {n} | {r['succeeded']}/{r['page loads']} | {r['wait'][0]:.3f} / {r['wait'][1]:.3f} | "
                     f"{r['script'][0]:.3f} / {r['script'][1]:.3f} | {r['script_cpu'][0]:.3f} / {r['script_cpu'][1]:.3f}"
                     f" | {r['server_cpu']:.1f} | {r['per_s']:.1f} | {r['wall']:.0f} | {r['peak']:.0f} | "
                     f"{r['client_cpu']:.1f} | {gc_on} | {floor} |")
        problems = sorted({*r["problems"], *(g or {}).get("problems", []), *(b or {}).get("problems", [])})
        if problems:
            lines.append(f"|  | problems: {', '.join(problems)} | | | | | | | | | | |")
    top = max(out["load"], default=None)
    if top and out["gc"].get(top):
        r, g = out["load"][top], out["gc"][top]
        ratio = g["server_cpu"] / max(r["server_cpu"], 0.1)
        why = (" Each collection walks every object of every session in memory (disconnected sessions are kept two "
               "minutes), so its cost grows with the number of visitors and with the server's age. Hence "
               "`runner.postScriptGC = false` in .streamlit/config.toml; Python's own collector still runs."
               if ratio > 1.2 else " At this load the collection makes no clear difference.")
        lines += ["", (
            f"At {top} visitors Streamlit's default full collection after every run costs the server "
            f"{ratio:.1f}× the CPU ({g['server_cpu']:.0f} against {r['server_cpu']:.0f} CPU-s) and each visitor "
            f"waits {g['wait'][0] / max(r['wait'][0], 0.001):.1f}× as long (p50).{why}")]
    if out["browser load"]:
        lines += [
            "",
            "**Load with browsers** (`--browser-load`: N Chromium visitors at once on the one client core):",
            "",
            "| visitors | page loads ok | server script p50 / p95 (s) | script CPU p50 / p95 (s) | server CPU (s) | "
            "browser page-ready p50 / p95 (s) | wall (s) | server peak MB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for n, r in out["browser load"].items():
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
    ap.add_argument("--cap", type=float, default=360, help="seconds a browser load run may take before it is stopped")
    ap.add_argument("--browser-load", action="store_true", help="also run the load with Chromium visitors")
    ap.add_argument("--watcher-walks", type=int, default=4, help="walks measured with the file watcher on (0: skip)")
    args = ap.parse_args()
    out = asyncio.run(run(args.sessions, args.keep, args.cap, args.browser_load))
    if args.watcher_walks:
        out["watcher"] = (asyncio.run(watcher_cost(args.watcher_walks)), args.watcher_walks)
    text = report(out)
    write_section("Cost of one visitor (bench/visitor.py)", text)
    print(text)


if __name__ == "__main__":
    main()
