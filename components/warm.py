"""Warm the slow first imports once per server process, in the background, while the first visitor reads a page.

A fresh server's first map page otherwise pays for importing folium (~0.3 s) and for preparing the boundaries; a thread started by the first script run does that work in the gaps, so the map a visitor opens next is
drawn sooner. It only imports and fills process-wide memos: it never touches a session.
"""

from __future__ import annotations

import threading

_started = threading.Event()


def start() -> None:
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_warm, name="warm-up", daemon=True).start()


def _warm() -> None:
    try:
        import folium  # noqa: F401  (not streamlit_folium: declaring a component outside a script run breaks it)

        from components import data, maps

        sig = data._signature()
        data.package()
        for name in ("cities", "provinces"):
            maps.light(name, sig)
    except Exception:  # a warm-up that fails leaves the work to the first page that needs it, as before
        pass
