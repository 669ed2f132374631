"""A visitor without a browser: Streamlit's own WebSocket protocol, for load runs that measure the server only.

A browser squeezed onto one core with 19 others spends minutes drawing what the server sent in a second (see
BENCHMARKS.md, "Cost of one visitor"), so a load run with real browsers measures the browsers. This client does what a
browser asks of the server — open a session on /_stcore/stream, ask for each page's run with its link's query string
as the sidebar's links do, read every message until the run finishes — and nothing a browser does after that
(drawing, the map's iframe, Leaflet). It costs the client a few milliseconds of CPU per page, so 50 of them fit on one
core. (The websockets package comes with Streamlit, which needs it.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

TIMEOUT_S = 180


@dataclass
class Load:
    page: str
    seconds: float  # request sent → the server's "script finished" received
    kilobytes: float  # what the server sent on the WebSocket for this page load
    ok: bool  # finished successfully, no exception box, page found
    problem: str = ""


async def walk(base: str, pages: list[str], lang: str) -> list[Load]:
    """One visitor's walk through `pages`: one session that moves from page to page as the sidebar's links do."""
    import asyncio

    import websockets

    loads: list[Load] = []
    try:
        async with asyncio.timeout(TIMEOUT_S * len(pages)), websockets.connect(
                base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], origin=base,
                max_size=None, open_timeout=TIMEOUT_S) as ws:
            for page in pages:
                loads.append(await _load(ws, page, lang))
    except Exception as exc:  # counted and reported by the caller, never retried
        problem = f"{type(exc).__name__}: {str(exc)[:80]}"
        loads += [Load(page, float("nan"), 0, False, problem) for page in pages[len(loads):]]
    return loads


async def _load(ws, page: str, lang: str) -> Load:
    """Ask for one page's run (its link's query string) and read every message until the run has finished."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = f"lang={lang}"
    msg.rerun_script.page_name = "" if page == "home" else page
    received, problem = 0, ""
    t0 = time.perf_counter()
    await ws.send(msg.SerializeToString())
    while True:
        raw = await ws.recv()
        received += len(raw)
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        kind = fwd.WhichOneof("type")
        if kind == "page_not_found":
            problem = "page not found"
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                and fwd.delta.new_element.WhichOneof("type") == "exception":
            problem = "exception box"
        elif kind == "script_finished":
            # 0: finished successfully (ScriptFinishedStatus); anything else is a stopped or failed run
            if fwd.script_finished != 0:
                problem = problem or f"script finished with status {fwd.script_finished}"
            break
    return Load(page, time.perf_counter() - t0, received / 1024, not problem, problem)
