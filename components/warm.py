"""Warm the slow first imports once per server process, in the background: what the first page needs as soon as the
server starts (`lifespan`), the rest once the first visitor's page is drawn (`start`).

At start (st.App's lifespan, app.py): the server answers at once, and while the first browser loads Streamlit's
frontend (~1 s here, the server otherwise idle) a thread imports pandas and the app's modules, reads the data
package and the prebuilt maps, and pays Streamlit's own first-use costs, so the first page's run starts with all of
it done: its map is sent ~0.1 s after the WebSocket opens instead of ~0.7 s. On two cores the thread takes some CPU
from the loading browser (its frontend is ready ~0.3 s later); the map is still drawn sooner (cold start to a
drawn map, interleaved runs: 2.47 s best, 2.9–3.0 s median, against 2.90 / 3.04 s without the hook).

The default view of every map comes prebuilt (geo/default_maps.json.xz) and needs neither folium nor
streamlit-folium; any other view (another indicator or year, a city's locator, an upload) draws with them, and their
import (~0.5 s) and the boundaries' preparation would otherwise fall on the visitor's first click. A thread started by
the first script run does that work when the server has gone quiet: not while the first page is still being sent
and drawn, since the browser and the server share the machine's cores. It only imports and fills process-wide
memos: it never touches a session.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time

_started = threading.Event()
SETTLE_S, QUIET_S, MAX_WAIT_S = 1.5, 0.5, 20.0
# The frame and the page templates, and with them pandas, numpy and pyarrow (which every map needs anyway: Streamlit's
# component call imports them).
FIRST_PAGE_MODULES = ("components.frame", "components.page", "components.overview")


def freeze_heap() -> None:
    """Move everything alive now (modules, classes, memos: what the imports made) out of the cyclic collector's reach.

    With pandas, altair and folium loaded a full collection walks ~0.5 M long-lived objects (30–60 ms here). Streamlit
    would run one after every script run (runner.postScriptGC, off in .streamlit/config.toml; AppTest and a setup
    without that file still run it), and Python's own collector runs one now and then. Frozen objects are still freed
    by reference counting; only cycles among them would stay, and the imports make none worth keeping memory for.
    Called once the heavy imports are done: by both warm-ups, and at the first page's hand-over where no start-up hook
    ran (AppTest).
    """
    gc.freeze()


@contextlib.asynccontextmanager
async def lifespan(app):
    """The server's start: the first page runs inside app.py's navigation, and its slow first steps begin now."""
    _use_navigation()
    threading.Thread(target=_first_page, name="first-page", daemon=True).start()
    yield


def _use_navigation() -> None:
    """Because a `pages/` folder exists, Streamlit would run a deep-linked page file on its own first (its legacy
    multipage mode) until app.py has called st.navigation once; components/shell.py hands such a run over, at the
    cost of a second run. Decided here once for the whole process, the first run is app.py's."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # another Streamlit: shell.py's hand-over still applies
        return
    PagesManager.uses_pages_directory = False


def _first_page() -> None:
    try:
        prepare_first_page()
    except Exception:  # a warm-up that fails leaves the work to the first page, as without it
        pass


def prepare_first_page() -> None:
    import importlib

    import PIL.Image  # noqa: F401  (the page icon, on every page's first run)

    from components import data, i18n, maps

    # Loaded, not used: by name, so that the frame and the pages (which import this module) stay above it.
    for name in FIRST_PAGE_MODULES:
        importlib.import_module(name)
    for lang in i18n.LANGS:
        i18n.catalog(lang)
    data.package()
    maps._built_file(*maps._file_id(maps.BUILT))
    _streamlit_first_use()
    freeze_heap()


def _streamlit_first_use() -> None:
    """Two one-off costs of Streamlit's that would fall on the first page's run (~0.2 s here): the first label
    checked for a leading emoji compiles a regular expression of all emojis (paid here), and the first element sent
    asks whether it runs in a REPL, to print how to start a server (inspect.stack(), which walks every loaded
    module). Inside a server that question has its answer: its once-per-process flag is set, and nothing is printed
    either way."""
    from streamlit import delta_generator, string_util

    string_util.extract_leading_emoji("中文")
    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


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
