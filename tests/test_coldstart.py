"""Cold start to the first map: the default maps come prebuilt, identical to what folium draws, and drawing one needs
neither folium nor streamlit-folium; loading a map does not rerun the page."""

import json
import re
import subprocess
import sys
import time

import pytest

from conftest import ROOT


def default_calls():
    sys.path.insert(0, str(ROOT / "geo"))
    from build_maps import default_views

    from components import data, maps, profile

    sig = data._signature()
    calls = [(f"{pid} {lang}", maps.payload.__wrapped__, (ind, year, lang, overlay, points, level, sig))
             for pid, lang, ind, year, overlay, points, level in default_views()]
    calls += [(f"locator {lang}", maps.locator.__wrapped__, (profile.DEFAULT_CITY, lang, sig)) for lang in ("zh", "en")]
    return calls


def test_every_default_map_is_prebuilt_and_current(monkeypatch):
    from components import maps

    def drawn(_m):
        raise AssertionError("drawn with folium")

    monkeypatch.setattr(maps, "_component_args", drawn)
    stale = []
    for view, fn, args in default_calls():
        try:
            fn(*args)
        except AssertionError:
            stale.append(view)
    assert not stale, f"geo/default_maps.json.xz is out of date for {stale}: run python geo/build_maps.py"


@pytest.mark.parametrize("index", [0, -3, -1])  # a pathway in Chinese, one in English, the city locator
def test_prebuilt_map_is_exactly_what_folium_draws(monkeypatch, index):
    from components import maps

    view, fn, args = default_calls()[index]
    prebuilt = fn(*args)
    monkeypatch.setattr(maps, "BUILT", ROOT / "geo" / "no-such-file.json.xz")
    maps._built.cache_clear()
    assert fn(*args) == prebuilt, view
    maps._built.cache_clear()


def test_a_default_map_page_imports_neither_folium_nor_streamlit_folium():
    code = f"""
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=120)
at.switch_page("pages/delta.py")
at.run()
assert not at.exception, at.exception
names = []
def walk(node):
    for child in getattr(node, "children", {{}}).values():
        if child.type == "component_instance":
            names.append(child.proto.component_name)
        walk(child)
walk(at._tree)
print(names, "folium" in sys.modules, "streamlit_folium" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-3:] == ["['streamlit_folium.st_folium']", "False", "False"], out.stdout


def test_map_default_is_in_the_order_the_frontend_sends_it():
    """streamlit-folium's frontend sends its value when a map loads, unless its JSON equals the default's: in the same
    key order, loading a map does not rerun the page."""
    import importlib.util
    from pathlib import Path

    from components import maps

    build = Path(importlib.util.find_spec("streamlit_folium").origin).parent / "frontend" / "build"
    script = next(build.glob("static/js/main.*.js")).read_text(encoding="utf-8")
    literal = re.search(r"let c=\{(last_clicked:.*?)\};", script).group(1)
    order = [k for k in re.findall(r"(?:^|,)(\w+):", literal) if k in maps.RETURNED]
    assert list(maps.DEFAULT) == order and sorted(order) == sorted(maps.RETURNED)


@pytest.mark.browser
def test_loading_a_map_does_not_rerun_the_page(server, browser):
    """A rerun would carry the map's value back to the server: no message the browser sends names it."""
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f if isinstance(f, bytes) else f.encode())))
    page.goto(f"{server}/delta?lang=en")
    page.locator("iframe[title='streamlit_folium.st_folium']").first.scroll_into_view_if_needed(timeout=60_000)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    assert frame.locator("path.leaflet-interactive").count() == 41
    time.sleep(2)  # the map sends its first value within a few hundred ms of drawing, if it sends one
    page.close()
    assert sent and not [f for f in sent if b"last_object_clicked" in f]


def test_built_maps_file_is_small_and_parses():
    from components import maps

    blob = maps.BUILT.read_bytes()
    assert len(blob) < 200_000
    import lzma

    built = json.loads(lzma.decompress(blob))
    assert built["maps"] and all(maps.SHAPE.search(e["args"]["script"]) for e in built["maps"].values())


def test_a_map_drawn_while_the_warm_up_imports_streamlit_folium_waits_for_it(monkeypatch):
    """The warm-up thread imports streamlit-folium while other visitors' pages run. Half-way through, the module is
    already in sys.modules without its component: a page drawing a map then must wait for the import, not fail with
    "partially initialized module" (seen in the two-replica walk)."""
    import importlib._bootstrap as bootstrap
    import importlib.machinery
    import sys
    import threading
    import time
    import types

    import streamlit_folium

    from components import maps

    half = types.ModuleType("streamlit_folium")
    half.__spec__ = importlib.machinery.ModuleSpec("streamlit_folium", None)
    half.__spec__._initializing = True
    monkeypatch.setitem(sys.modules, "streamlit_folium", half)
    locked = threading.Event()

    def warm_up():
        with bootstrap._ModuleLockManager("streamlit_folium"):
            locked.set()
            time.sleep(0.3)
            half._component_func = streamlit_folium._component_func
            half.__spec__._initializing = False

    thread = threading.Thread(target=warm_up)
    thread.start()
    locked.wait(5)
    try:
        assert maps._component() is streamlit_folium._component_func
    finally:
        thread.join(5)


def test_the_server_prepares_the_first_page_while_the_first_browser_loads():
    """`streamlit run app.py` finds the server app.py describes (st.App, whose start-up hook runs a deep link's
    first request inside app.py's navigation and does the first page's slow steps ahead). The warm-up swallows its
    errors (a visitor must never see them), so a broken step would only make the first page slow: run it here."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app and found.import_string == "app:app"
    code = (
        "import asyncio, sys\n"
        "from streamlit.runtime.pages_manager import PagesManager\n"
        "from components import warm\n"
        "async def start():\n"
        "    async with warm.lifespan(None):\n"
        "        assert PagesManager.uses_pages_directory is False, 'a deep link would run its page file on its own'\n"
        "asyncio.run(start())\n"
        "warm.prepare_first_page()\n"
        "missing = {'pandas', 'components.frame', 'components.page', 'streamlit.emojis'} - set(sys.modules)\n"
        "assert not missing, missing\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
