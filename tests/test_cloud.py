"""Streamlit Community Cloud parity: the app under the settings Cloud forces on every app.

Cloud overrides these whatever config.toml says (Streamlit's docs, "Community Cloud: configuration"); a page that only
works with our own settings (no reruns on save, error details shown, no usage stats) would break there first.
"""

import pytest

from conftest import ARTIFACTS, CHROMIUM, PATHWAY_IDS

pytestmark = pytest.mark.browser
CLOUD = {"client.showErrorDetails": "false", "runner.fastReruns": "true", "server.runOnSave": "true",
         "server.headless": "true", "browser.gatherUsageStats": "true"}
TELEMETRY = ("segment", "streamlit.io", "snowflake")  # Cloud's usage stats: unreachable here, and not ours


@pytest.fixture(scope="module")
def cloud_server():
    from common import server

    ARTIFACTS.mkdir(exist_ok=True)
    with server(ARTIFACTS / "cloud-server.log", options=CLOUD) as (url, _proc, _s):
        yield url


@pytest.mark.parametrize("name", ["home", "delta", "carbon", "upload", "sources"])
def test_pages_work_under_cloud_settings(cloud_server, browser, name):
    assert CHROMIUM
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{cloud_server}/{'' if name == 'home' else name}?lang=zh")
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    if name in PATHWAY_IDS:
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
        page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    assert not page.locator("[data-testid='stException']").count()
    assert not [u for u in failed if not any(h in u for h in TELEMETRY)], failed
    page.close()
    log = (ARTIFACTS / "cloud-server.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and "no static folder found" not in log
