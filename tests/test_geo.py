"""Boundaries: the 41 cities, valid, small, shared borders identical."""

import json

import shapely
from shapely.geometry import shape

from conftest import ROOT

CITIES = ROOT / "geo" / "yrd_cities.geojson"
PROVINCES = ROOT / "geo" / "yrd_provinces.geojson"


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def test_exactly_the_41_adcodes_with_names():
    import pandas as pd

    feats = load(CITIES)
    reg = pd.read_csv(ROOT / "data" / "regions.csv", dtype=str)
    assert sorted(f["properties"]["adcode"] for f in feats) == sorted(reg[reg.level == "city"].adcode)
    assert all(f["properties"]["name_zh"] and f["properties"]["name_en"] for f in feats)


def test_valid_and_small():
    assert CITIES.stat().st_size <= 300_000
    assert CITIES.stat().st_size + PROVINCES.stat().st_size <= 250_000  # both are sent with every map
    geoms = [shape(f["geometry"]) for f in load(CITIES)]
    assert all(g.is_valid and not g.is_empty for g in geoms)


def test_shared_borders_identical_no_gaps_or_overlaps():
    geoms = [shape(f["geometry"]) for f in load(CITIES)]
    assert bool(shapely.coverage_is_valid(geoms))


def test_within_the_delta_in_wgs84():
    geoms = shapely.union_all([shape(f["geometry"]) for f in load(CITIES)])
    minx, miny, maxx, maxy = geoms.bounds
    assert 114 < minx < maxx < 124 and 27 < miny < maxy < 36
