"""Shared fixtures: AppTest runs of any page, and a real server + Chromium for browser tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
ARTIFACTS = ROOT / "artifacts"
PATHWAY_IDS = ["innovation", "industry", "hub", "delta", "opening", "digital", "carbon", "public"]
PAGES = ["home", *PATHWAY_IDS, "sources"]
LANGS = ["zh", "en"]
CHROMIUM = "/usr/bin/chromium"
# The test machines have no internet: make Chromium fail every host but this one at once, as a filtered
# briefing-room network would, so a page that needs a CDN shows it here too.
OFFLINE = "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


def run_page(page: str, params: dict | None = None, timeout: int = 120):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(f"pages/{page}.py")
    return at.run()


def elements(at, kind: str) -> list:
    """Every element of a proto type anywhere in the tree (AppTest has no accessor for some)."""
    out = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            if child.type == kind:
                out.append(child)
            walk(child)

    walk(at._tree)
    return out


@pytest.fixture(scope="session")
def server():
    """The app on 127.0.0.1 (bench/common.py starts it the same way for the benchmark and load test)."""
    from common import server as start

    ARTIFACTS.mkdir(exist_ok=True)
    with start(ARTIFACTS / "server.log") as (url, _proc, _seconds):
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed (tests/run.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", f"--host-resolver-rules={OFFLINE}"])
        yield b
        b.close()
