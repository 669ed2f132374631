"""Hostile input: generated links, and missing or corrupt data and geometry files."""

import hashlib
import random
import shutil
import urllib.parse

import pytest
import streamlit as st

from components import data
from conftest import PAGES, ROOT, run_page

N_LINKS = 300
VALID = {
    "lang": ["zh", "en"],
    "indicator": ["gdp", "urbanisation_rate", "age_60_share", "rd_intensity"],
    "year": ["2020", "2022"],
    "cities": ["310000", "320500,330100"],
    "present": ["0", "1"],
    "city": ["320500"],
}
HOSTILE = [
    "", " ", "x" * 5000, "<script>alert(1)</script>", "'; DROP TABLE observations; --", "1 OR 1=1", "-1", "-2020",
    "99999", "3000", "0", "２０２２", "🙂🙃", "中文", "%00", "\x00", "../../etc/passwd", "javascript:alert(1)",
    "<img src=x onerror=alert(1)>", "NaN", "None", "1e309", ",,,", "310000," * 40, "{{7*7}}", "${jndi:ldap://x}",
    "\u202egnp.exe", "zh,en", "ZH", "en ",
]
PATHS = [*PAGES, "no-such-page", "..", "%2e%2e", "delta/extra", "DELTA", "<script>"]


def generated_links(n: int = N_LINKS, seed: int = 20261129) -> list[tuple[str, list[tuple[str, str]]]]:
    """(page, query pairs), deterministic; keys repeat and unknown keys appear, as in hand-edited links."""
    rnd = random.Random(seed)
    keys = [*VALID, "foo", "utm_source", "lang", "year"]
    out = []
    for _ in range(n):
        pairs = []
        for _ in range(rnd.randint(0, 5)):
            k = rnd.choice(keys)
            pool = VALID.get(k, []) + HOSTILE
            pairs.append((k, rnd.choice(pool)))
        out.append((rnd.choice(PATHS), pairs))
    return out


def test_generated_links_never_raise_and_always_explain():
    from streamlit.testing.v1 import AppTest

    for path, pairs in generated_links():
        page = path if path in PAGES else "home"
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for k, v in pairs:
            at.query_params[k] = v  # AppTest keeps the last of repeated keys
        at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception, (path, pairs, [e.value for e in at.exception])
        notes = " ".join(i.value for i in at.info)
        assert "<script>" not in notes and "<img" not in notes, (path, pairs)
        last = dict(pairs)
        bad_lang = "lang" in last and last["lang"].strip().lower() not in ("zh", "en", "")
        unknown_key = any(k in ("foo", "utm_source") for k in last)
        if bad_lang or unknown_key:
            assert notes, ("a fallback must be explained", path, pairs)


def _tree_hash(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """Point the loader at a copy of data/ and geo/ that a test may damage; the real files stay untouched."""
    d, g = tmp_path / "data", tmp_path / "geo"
    shutil.copytree(ROOT / "data", d, ignore=shutil.ignore_patterns("raw"))
    shutil.copytree(ROOT / "geo", g)
    before = _tree_hash(ROOT / "data"), _tree_hash(ROOT / "geo")
    monkeypatch.setattr(data, "DATA", d)
    monkeypatch.setattr(data, "GEO", g)
    st.cache_data.clear()
    st.cache_resource.clear()
    data._signature_at.cache_clear()
    yield d, g
    st.cache_data.clear()
    st.cache_resource.clear()
    data._signature_at.cache_clear()
    assert (_tree_hash(ROOT / "data"), _tree_hash(ROOT / "geo")) == before, "nothing on disk was modified"


DAMAGE = {
    "missing observations": ("data", "observations.csv", None),
    "garbage observations": ("data", "observations.csv", b"\x00\xff\xfe garbage,,,\n\"unclosed"),
    "observations without columns": ("data", "observations.csv", b"a,b\n1,2\n"),
    "non-numeric values": ("data", "observations.csv", None),
    "missing sources": ("data", "sources.csv", None),
    "missing geometry": ("geo", "yrd_cities.geojson", None),
    "corrupt geometry": ("geo", "yrd_cities.geojson", b'{"type": "FeatureCollection", "features": [{"ty'),
    "geometry without coordinates": ("geo", "yrd_cities.geojson", b'{"type":"FeatureCollection","features":[{}]}'),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_broken_files_are_explained_and_other_pages_work(case, broken):
    d, g = broken
    where, name, content = DAMAGE[case]
    target = (d if where == "data" else g) / name
    if case == "non-numeric values":
        text = target.read_text(encoding="utf-8").splitlines()
        head, first = text[0], text[1].split(",")
        first[head.split(",").index("value")] = "lots"
        target.write_text("\n".join([head, ",".join(first), *text[2:]]), encoding="utf-8")
    elif content is None:
        target.unlink()
    else:
        target.write_bytes(content)
    for page in ("delta", "home", "sources", "city"):
        at = run_page(page, {"lang": "en"})
        assert not at.exception, (case, page, [e.value for e in at.exception])
        errors = " ".join(e.value for e in at.error)
        if where == "geo" and page == "delta":
            assert name in errors, (case, "the map explains what is broken")
            assert len([c for c in at.get("vega_lite_chart")]) or at.markdown, "the charts still show"
        if where == "data" and page in ("delta", "sources"):
            assert name in errors, (case, page)
    at = run_page("home", {"lang": "en"})
    assert at.title, "the home page keeps its text whatever the data"


def test_text_from_data_is_escaped_in_captions_and_tooltips(broken):
    import pandas as pd

    from components import charts, maps

    d, _ = broken
    obs = pd.read_csv(d / "observations.csv", dtype=str, keep_default_na=False)
    sid = obs[obs.indicator_id == "gdp"].source_id.iloc[0]
    src = pd.read_csv(d / "sources.csv", dtype=str, keep_default_na=False)
    src.loc[src.source_id == sid, "publisher"] = "<img src=x onerror=alert(1)>[click](javascript:alert(1))"
    src.to_csv(d / "sources.csv", index=False)
    reg = pd.read_csv(d / "regions.csv", dtype=str, keep_default_na=False)
    reg.loc[reg.adcode == "320500", "name_en"] = "<b onmouseover=alert(1)>Suzhou</b>"
    reg.to_csv(d / "regions.csv", index=False)
    data._signature_at.cache_clear()
    pkg = data.package()
    frame = pkg.observations[pkg.observations.source_id == sid].head(1)
    cap = charts.caption(pkg, frame, "en")
    # Markdown-escaped (and st.caption renders no HTML): shown as text, never as a tag or a javascript: link.
    assert "\\<img" in cap and "](javascript" not in cap and "[click]" not in cap
    year = int(pkg.series("gdp", ["320500"]).year.max())
    script = maps.payload("gdp", year, "en", "", (), "city", data._signature())["script"]
    i = script.find("<b onmouseover")
    assert i < 0, script[max(i - 200, 0):i + 60]
    assert "&lt;b onmouseover" in script or "\\u0026lt;b onmouseover" in script  # Jinja tojson escapes &


@pytest.mark.browser
def test_browser_fuzz_links(server, browser):
    """The same generated links in a real browser: no exception box, a title on every page."""
    page = browser.new_page()
    for path, pairs in generated_links():
        if "/" in path:
            # Streamlit itself serves a blank page for nested paths (its assets are linked relatively); the app never
            # runs there, so there is nothing of ours to test. Noted on the issue.
            continue
        query = urllib.parse.urlencode(pairs)
        url = f"{server}/{'' if path == 'home' else urllib.parse.quote(path)}?{query}"
        response = page.goto(url)
        if response is not None and response.status >= 400:
            # Rejected by the web server before the app runs (e.g. a NUL byte): a plain status page, no traceback.
            assert "Traceback" not in page.content(), url
            continue
        try:
            page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
        except Exception as exc:
            raise AssertionError(url) from exc
        assert not page.locator("[data-testid='stException']").count(), url
    page.close()
