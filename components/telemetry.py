"""Server-side script time per run, for the load test and the cost-per-visitor benchmark (bench/visitor.py).

Off unless SPE_TIMING_LOG names a file: then every completed script run appends
"page<TAB>seconds<TAB>cpu seconds<TAB>seconds paused on purpose" (the first map's head start, page.py), so that a
benchmark can tell a run that waited for the server from one that waited by design.
"""

from __future__ import annotations

import os
import threading
import time

LOG = os.environ.get("SPE_TIMING_LOG", "")
_run = threading.local()  # each script run has its own thread while it runs


def start() -> tuple[float, float]:
    _run.paused = 0.0
    return time.perf_counter(), time.thread_time()


def pause(seconds: float) -> None:
    """Sleep in the script run on purpose, and count it as such."""
    time.sleep(seconds)
    _run.paused = getattr(_run, "paused", 0.0) + seconds


def record(page: str, started: tuple[float, float]) -> None:
    if not LOG:
        return
    wall, cpu = time.perf_counter() - started[0], time.thread_time() - started[1]
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(f"{page}\t{wall:.6f}\t{cpu:.6f}\t{getattr(_run, 'paused', 0.0):.6f}\n")
