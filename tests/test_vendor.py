"""Browser assets: the Leaflet the app serves is the one folium's template was written for, from the repo itself."""

import re

import folium.folium

from components import vendor
from conftest import ROOT


def folium_leaflet_version() -> str:
    url = dict(folium.folium._default_js)["leaflet"]
    return re.search(r"leaflet@([\d.]+)/", url).group(1)


def test_served_leaflet_is_the_version_folium_names():
    assert vendor.leaflet_version() == folium_leaflet_version()
    for name in ("leaflet.js", "leaflet.css", "LICENSE", "images/layers.png"):
        assert (vendor.LEAFLET / name).exists(), name


def test_maps_link_only_to_the_app_itself():
    js, css, local = vendor.leaflet_links()
    assert local and all(u.startswith("/app/static/") for u in js + css)


def test_no_cdn_anywhere_in_the_code():
    hosts = re.compile(r"cdn\.|jsdelivr|unpkg|cdnjs|cartocdn|bootstrapcdn|code\.jquery", re.I)
    for path in [*ROOT.glob("*.py"), *ROOT.glob("components/*.py"), *ROOT.glob("pages/*.py"), ROOT / "packages.txt",
                 ROOT / "tests" / "run.sh"]:
        assert not hosts.search(path.read_text(encoding="utf-8")), path
