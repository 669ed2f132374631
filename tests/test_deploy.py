"""Deployment files: the container recipe and the proxy configuration say what the README promises."""

import re
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_container_is_slim_non_root_and_checks_health():
    assert re.search(r"^FROM python:3\.1[12]-slim", DOCKERFILE, re.M)
    assert re.search(r"^USER (?!root)\w+", DOCKERFILE, re.M)
    assert "HEALTHCHECK" in DOCKERFILE and "/_stcore/health" in DOCKERFILE
    assert "-r requirements.txt" in DOCKERFILE and "requirements-dev" not in DOCKERFILE


def test_container_copies_everything_the_app_reads():
    copied = set(re.findall(r"^COPY (?:--chown=\S+ )?(\S+)", DOCKERFILE, re.M))
    for needed in ("app.py", ".streamlit", "components", "pages", "data", "geo", "static"):
        assert needed in copied, needed
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "static" not in ignored and "data" not in ignored


def test_servers_that_never_change_code_run_without_the_file_watcher():
    """The image and the replicas: Streamlit's watcher rescans every module's path per new session (two thirds of a
    visitor's CPU, BENCHMARKS.md); their code never changes while they run. The image also ships compiled bytecode."""
    cmd = re.search(r'^CMD \["sh", "-c", "(.*)"\]$', DOCKERFILE, re.M).group(1)
    assert "--server.fileWatcherType=none" in cmd
    assert re.search(r"^RUN python -m compileall .*components", DOCKERFILE, re.M)
    replicas = re.findall(r"^streamlit run app\.py .*$", (ROOT / "deploy" / "README.md").read_text(encoding="utf-8"),
                          re.M)
    assert replicas and all("--server.fileWatcherType none" in r for r in replicas), replicas


def test_every_server_skips_streamlits_full_collection_after_each_run():
    """Under a class the default gc.collect(2) after every script run tripled the server's CPU and grew with its age
    (BENCHMARKS.md, "Cost of one visitor"). The setting lives in .streamlit/config.toml, which every way of running
    the app reads (Community Cloud, the image, the replicas); read back as Streamlit itself reads it from the app's
    folder, so a renamed option (Streamlit would ignore the unknown key and collect again) fails here too."""
    read = subprocess.run([sys.executable, "-c", "from streamlit import config; "
                           "print(config.get_option('runner.postScriptGC'))"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert read.stdout.strip() == "False", read.stdout + read.stderr


def test_container_command_listens_where_the_environment_says(tmp_path):
    """The image's CMD, run here with PORT and ADDRESS set, answers the health check the image declares."""
    import socket

    cmd = re.search(r'^CMD \["sh", "-c", "(.*)"\]$', DOCKERFILE, re.M).group(1).replace('\\"', '"')
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path / "container.log", "w")
    env = {"PORT": str(port), "ADDRESS": "127.0.0.1", "PATH": f"{sys.prefix}/bin:/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.Popen(["sh", "-c", cmd.replace("streamlit run", f"{sys.executable} -m streamlit run")],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                assert urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).status == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError((tmp_path / "container.log").read_text())
    finally:
        proc.terminate()
        proc.wait(10)


def test_proxy_config_is_sticky_and_upgrades_websockets():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "hash $spe_route consistent" in conf and "Set-Cookie" in conf
    assert "proxy_set_header Upgrade $http_upgrade" in conf and "proxy_http_version 1.1" in conf
    assert len(re.findall(r"^\s*server 127\.0\.0\.1:\d+", conf, re.M)) >= 2
