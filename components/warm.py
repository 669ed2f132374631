"""Warm the slow first imports once per server process, in the background, once the first visitor's page is drawn.

The default view of every map comes prebuilt (geo/default_maps.json.xz) and needs neither folium nor
streamlit-folium; any other view (another indicator or year, a city's locator, an upload) draws with them, and their
import (~0.5 s) and the boundaries' preparation would otherwise fall on the visitor's first click. A thread started by
the first script run does that work when the server has gone quiet: not while the first page is still being sent
and drawn, since the browser and the server share the machine's cores. It only imports and fills process-wide
memos: it never touches a session.
"""

from __future__ import annotations

import gc
import threading
import time

_started = threading.Event()
SETTLE_S, QUIET_S, MAX_WAIT_S = 1.5, 0.5, 20.0


def freeze_heap() -> None:
    """Move everything alive now (modules, classes, memos: what the imports made) out of the cyclic collector's reach.

    Streamlit runs gc.collect(2) after every script run (runner.postScriptGC); with pandas, altair and folium
    loaded each of those walks ~0.5 M long-lived objects (30–60 ms here, on every run of every session, and once on
    the critical path of a server's first page, between the legacy pages/ run and app.py's). Frozen objects are
    still freed by reference counting; only cycles among them would stay, and the imports make none worth keeping
    memory for. Called once the heavy imports are done: the first page's hand-over and the warm-up.
    """
    gc.freeze()


def start() -> None:
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_warm, name="warm-up", daemon=True).start()


def _quiet() -> None:
    """Wait until the process has used (almost) no CPU for QUIET_S: no script run is in progress (at most MAX_WAIT_S)."""
    time.sleep(SETTLE_S)
    deadline = time.monotonic() + MAX_WAIT_S
    while time.monotonic() < deadline:
        before = time.process_time()
        time.sleep(QUIET_S)
        if time.process_time() - before < 0.1 * QUIET_S:
            return


def _warm() -> None:
    try:
        _quiet()
        import folium  # noqa: F401
        import streamlit_folium  # noqa: F401  (maps._component registers it with the runtime when a map is drawn)

        from components import data, maps

        sig = data._signature()
        data.package()
        for name in ("cities", "provinces"):
            maps.light(name, sig)
        import altair  # noqa: F401  (charts import it at a session's first chart: here, off the visitor's path)

        freeze_heap()
    except Exception:  # a warm-up that fails leaves the work to the first page that needs it, as before
        pass
