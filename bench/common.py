"""Shared by the benchmark and the load test: start the app on loopback, drive Debian's Chromium, read memory."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PATHWAYS = ["innovation", "industry", "hub", "delta", "opening", "digital", "carbon", "public"]
PAGES = ["home", *PATHWAYS, "city", "compare", "upload", "sources"]
# As the container and the replicas run (Dockerfile, deploy/README.md), and so no reload while files change under a
# running benchmark: no file watcher. Community Cloud and a laptop's `streamlit run app.py` keep it on.
NO_WATCH = {"server.fileWatcherType": "none"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(log_path: Path, script: str = "app.py", options: dict | None = None, env: dict | None = None,
           cpus: str = "", port: int | None = None):
    """A fresh `streamlit run <script>` on 127.0.0.1; yields (url, process, seconds until healthy).

    options: more `--section.key value` settings (e.g. the ones Community Cloud forces); cpus: a taskset CPU list to
    pin the server to (so benchmarks can keep the browsers off its core)."""
    import os

    port = port or free_port()
    log = open(log_path, "w")
    t0 = time.perf_counter()
    flags = {"server.port": port, "server.address": "127.0.0.1", "server.headless": "true", **(options or {})}
    cmd = [sys.executable, "-m", "streamlit", "run", script, *[x for k, v in flags.items() for x in (f"--{k}", str(v))]]
    if cpus:
        cmd = ["taskset", "-c", cpus, *cmd]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        yield url, proc, time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:  # sessions still open: stop it for good
            proc.kill()
            proc.wait(10)
        log.close()


def compile_app() -> None:
    """Write the app's bytecode, as a deployed app has it (Python writes it at the first start; the Dockerfile at
    build time). This machine sets PYTHONDONTWRITEBYTECODE, so without this every benchmark server would compile the
    app's modules again (~0.08 s): a cost of this sandbox, not of a deployment. Up-to-date files are skipped."""
    import compileall

    compileall.compile_file(str(ROOT / "app.py"), quiet=2)
    for folder in ("components", "pages"):
        compileall.compile_dir(str(ROOT / folder), quiet=2, maxlevels=0)


def wait_healthy(url: str, seconds: float = 30) -> bool:
    """Until `url`/_stcore/health answers (a Streamlit server, or a proxy in front of one), at most `seconds`."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return True
        except OSError:
            time.sleep(0.02)
    return False


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    import os

    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def page_url(base: str, name: str, lang: str = "en") -> str:
    return f"{base}/{'' if name == 'home' else name}?lang={lang}"


async def wait_ready(page, name: str, timeout: float = 60_000) -> None:
    """A page is ready when its title is drawn and, on pathway pages, the map's shapes and the charts are."""
    await page.get_by_role("heading", level=1).first.wait_for(timeout=timeout)
    if name in PATHWAYS:
        await wait_map(page, timeout)
        await page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=timeout)


async def wait_map(page, timeout: float = 60_000) -> None:
    """Until the Leaflet map has drawn its shapes (all of them at once: one GeoJSON layer)."""
    # The map sits below the study text: scroll to it, as a reader does (an iframe out of view may wait to draw).
    await page.locator("iframe[title='streamlit_folium.st_folium']").first.scroll_into_view_if_needed(timeout=timeout)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    await frame.locator("path.leaflet-interactive").first.wait_for(timeout=timeout)


def write_section(title: str, body: str) -> None:
    """Replace (or add) one `## title` section of BENCHMARKS.md, keeping the others."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    parts = text.split("\n## ")
    head, sections = parts[0], {p.split("\n", 1)[0]: p for p in parts[1:]}
    sections[title] = f"{title}\n\n{body.strip()}\n"
    path.write_text(head.rstrip() + "\n\n" + "\n## ".join(["", *sections.values()]).lstrip("\n") + "\n",
                    encoding="utf-8")
