"""Server-side script time per run, for the load test and the cost-per-visitor benchmark (bench/visitor.py).

Off unless SPE_TIMING_LOG names a file: then every completed script run appends "page<TAB>seconds<TAB>cpu seconds".
"""

from __future__ import annotations

import os
import time

LOG = os.environ.get("SPE_TIMING_LOG", "")


def start() -> tuple[float, float]:
    return time.perf_counter(), time.thread_time()


def record(page: str, started: tuple[float, float]) -> None:
    if not LOG:
        return
    wall, cpu = time.perf_counter() - started[0], time.thread_time() - started[1]
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(f"{page}\t{wall:.6f}\t{cpu:.6f}\n")
