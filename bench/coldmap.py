"""Cold start straight to a map page, repeated: `python bench/coldmap.py [-n 5] [--tab-first] [--compare] [page]`.

The same measurement as bench/bench.py's cold-start lines (bench.cold_map), without the rest of that benchmark: each
run starts a fresh `streamlit run app.py` and prints seconds from its start to server healthy, map drawn and map and
first chart drawn, and the CPU-seconds the server had used when the map was drawn (less sensitive to a shared
machine's load than the wall times); then min and median. Prints only (BENCHMARKS.md is written by bench.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics

from common import CHROMIUM_ARGS, ROOT

from bench import cold_map

FLOORS = {"blank": "bench/floor.py", "floor": "bench/floor.py"}


async def run(n: int, name: str, tab_first: bool, compare: bool) -> dict[str, list[dict]]:
    """n cold starts of the page; with compare, each followed by one of a blank page and one of the floor (the
    same map alone on a page, bench/floor.py), so that all three share the machine's state of the moment."""
    from playwright.async_api import async_playwright

    kinds = {name: "app.py", **(FLOORS if compare else {})}
    out = {k: [] for k in kinds}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(n):
            for kind, script in kinds.items():
                out[kind].append(await cold_map(browser, kind, ROOT / "artifacts" / "coldmap-server.log", tab_first,
                                                script))
                print(f"{kind:6}", "  ".join(f"{k} {v:.2f}" for k, v in out[kind][-1].items()), flush=True)
        await browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--tab-first", action="store_true", help="open the browser tab before the server starts")
    ap.add_argument("--compare", action="store_true", help="interleave a blank page and the floor (bench/floor.py)")
    ap.add_argument("page", nargs="?", default="delta")
    a = ap.parse_args()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    for kind, runs in asyncio.run(run(a.n, a.page, a.tab_first, a.compare)).items():
        for key in ("map", "ready", "server_cpu"):
            v = [r[key] for r in runs]
            print(f"{kind} {key}: n={len(v)} min {min(v):.2f} s, median {statistics.median(v):.2f} s")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
