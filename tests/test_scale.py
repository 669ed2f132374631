"""Two replicas behind nginx (deploy/nginx.conf): every page through the proxy, then one replica lost mid-walk.

A session's state lives in one replica's memory; everything needed to rebuild a view is in the link. So when the
replica holding a visitor's WebSocket stops, the browser reconnects through nginx to the other one, which runs the page
again from the same URL: the same indicator, year and selected cities, and the page still answers.
"""

import re
import shutil
import subprocess

import pytest

from conftest import ARTIFACTS, PAGES, PATHWAY_IDS, ROOT

pytestmark = pytest.mark.browser
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    from common import free_port as fp

    return fp()


def nginx_conf(tmp, listen: int, ports: list[int]) -> str:
    """deploy/nginx.conf with this run's ports and a private folder for pid, logs and temp files."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    servers = "".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in ports)
    conf = re.sub(r"(?m)^\s*server 127\.0\.0\.1:\d+ .*\n", "", conf)
    conf = conf.replace("hash $spe_route consistent;\n", "hash $spe_route consistent;\n" + servers)
    conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{listen};")
    return conf.replace("/tmp/shanghai-pathways-nginx", str(tmp / "nginx"))


def connections(port: int) -> int:
    """Established TCP connections to a replica's port (the proxy's WebSocket to it, while a tab is open)."""
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"], capture_output=True,
                         text=True).stdout
    return len([line for line in out.splitlines() if line.strip()])


@pytest.fixture()
def cluster(tmp_path):
    from common import server, wait_healthy

    if not shutil.which("ss"):
        pytest.fail("iproute2's ss is needed to see which replica holds the WebSocket")
    ARTIFACTS.mkdir(exist_ok=True)
    ports = [free_port(), free_port()]
    listen = free_port()
    runs = {p: tmp_path / f"runs-{p}.tsv" for p in ports}  # each replica's completed script runs (telemetry)
    replica = {"server.fileWatcherType": "none"}  # as deploy/README.md runs each replica
    with server(ARTIFACTS / "replica-a.log", port=ports[0], options=replica,
                env={"SPE_TIMING_LOG": str(runs[ports[0]])}) as (_, a, _s), \
            server(ARTIFACTS / "replica-b.log", port=ports[1], options=replica,
                   env={"SPE_TIMING_LOG": str(runs[ports[1]])}) as (_, b, _s2):
        (tmp_path / "nginx.conf").write_text(nginx_conf(tmp_path, listen, ports), encoding="utf-8")
        proxy = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{listen}"
        assert wait_healthy(url), "nginx answers in front of the replicas"
        try:
            yield url, dict(zip(ports, (a, b), strict=True)), runs
        finally:
            proxy.terminate()
            proxy.wait(10)


def ready(page, name: str) -> None:
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    if name in PATHWAY_IDS:
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)


def test_two_replicas_survive_losing_one(cluster, browser):
    url, replicas, runs = cluster
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    for name in PAGES:  # every page through the proxy
        page.goto(f"{url}/{'' if name == 'home' else name}?lang=en")
        ready(page, name)
        assert not page.locator("[data-testid='stException']").count(), name
    view = f"{url}/delta?lang=en&indicator=gdp_per_capita&year=2021&cities=320500"
    page.goto(view)
    ready(page, "delta")
    heading = page.get_by_role("heading", name="GDP per capita · 2021")
    heading.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    holder = [p for p in replicas if connections(p)]
    assert len(holder) == 1, "the tab's WebSocket is on exactly one replica (sticky)"
    replicas[holder[0]].terminate()  # lose that replica mid-walk
    replicas[holder[0]].wait(10)
    # The browser reconnects through nginx to the other replica, which rebuilds the view from the link.
    other = next(p for p in replicas if p != holder[0])
    for _ in range(200):
        if connections(other):
            break
        page.wait_for_timeout(200)
    assert connections(other), "the tab reconnected to the surviving replica"
    # Mid-walk, the visitor changes the year on the page they have open: the surviving replica runs it, with the
    # indicator and cities the link carries.
    before = runs[other].read_text(encoding="utf-8").count("delta\t") if runs[other].exists() else 0
    page.get_by_role("heading", name="GDP per capita · 2021").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the reconnected page has settled
    # The map's timeline (2018 … 2023, on the link's 2021): one step on with the keyboard. Right after the reconnect
    # the frontend may still be replaying the page and drop a key, so the visitor presses again if nothing moved.
    for _ in range(5):
        page.get_by_role("slider").first.focus()
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function("location.search.includes('year=2022')", timeout=8_000)
            break
        except Exception:
            if "year=2023" in page.url:
                page.get_by_role("slider").first.focus()
                page.keyboard.press("ArrowLeft")
    page.get_by_role("heading", name="GDP per capita · 2022").wait_for(timeout=60_000)
    for _ in range(150):  # the run is logged when it ends, a moment after the heading is drawn
        if runs[other].exists() and runs[other].read_text(encoding="utf-8").count("delta\t") > before:
            break
        page.wait_for_timeout(200)
    assert runs[other].exists() and runs[other].read_text(encoding="utf-8").count("delta\t") > before, \
        "the other replica ran the page"
    page.wait_for_function("location.search.includes('year=2022')", timeout=30_000)
    assert "indicator=gdp_per_capita" in page.url and "320500" in page.url
    # The link alone rebuilds the same view on the replica that is left.
    page.goto(page.url)
    page.get_by_role("heading", name="GDP per capita · 2022").wait_for(timeout=60_000)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    assert "Suzhou" in page.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert not page.locator("[data-testid='stException']").count()
    page.close()
