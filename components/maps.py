"""The one map: a choropleth of the 41 Delta cities (folium + streamlit-folium).

Rendering a folium map is slow (pure-Python bounds, Jinja templates per element) and `st_folium` redoes it on every
rerun. Here the whole component payload — script, header, links — is built once per (indicator, year, language, overlay)
and cached; each rerun only hands the cached strings to streamlit-folium's component. Pan and zoom are not among the
returned objects, so they never rerun the page; a click on a city does.

Cold start: the default view of every map (each pathway in both languages, and the city page's locator) is built ahead
by `python geo/build_maps.py` into geo/default_maps.json.xz. A map is looked up there by a hash of everything its
drawing depends on (the figures, names and colours of its features, this file, the geometry files, the library
versions), so a stale entry is never used: it simply misses and the map is drawn with folium as before. A hit needs
neither folium nor streamlit-folium (~0.5 s of imports and rendering on a fresh server).
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import lzma
import os
import re
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import streamlit as st

from components import classes, data
from components.data import memo
from components.i18n import display_unit, fmt_value, name_col, t
from components.vendor import leaflet_links

if TYPE_CHECKING:
    import folium

# folium and streamlit-folium are imported where a map is built or drawn, not at start-up: pages without a map
# (and the first page a visitor opens) do not pay their ~0.5 s import.

PALETTE = ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA = "#d9d9d9"
METRO_COLOR = "#c2185b"
POINT_COLOURS = {"port": "#ff9800", "airport": "#e040fb"}
CENTER, ZOOM = (31.2, 119.4), 6
BOUNDS = [[27.1, 115.0], [35.1, 122.9]]  # the 41 cities, so the map opens filled at any width
HEIGHT = 520
DECIMALS = 3
RETURNED = ["last_active_drawing", "last_object_clicked"]
# No basemap tiles: they come from a third-party host that many briefing rooms and schools cannot reach, and the
# 41 shapes with their shared borders (and the sea as background) carry the map on their own.
TILES = None
BACKGROUND = "<style>.leaflet-container{background:#eef3f7}</style>"



@memo(64)
def light(name: str, signature: tuple) -> dict:
    """The boundaries as the browser gets them: 3 decimals (~100 m) is finer than the ~1 km simplification, and
    shared borders round identically, so neighbours still meet. Cuts each map's payload by about a fifth."""
    def ring(coords):
        out = []
        for x, y in coords:
            pt = [round(x, DECIMALS), round(y, DECIMALS)]
            if not out or out[-1] != pt:
                out.append(pt)
        return out

    feats = []
    for f in data.geometry(name)["features"]:
        polys = [[ring(r) for r in poly] for poly in f["geometry"]["coordinates"]]
        polys = [p for p in polys if len(p[0]) >= 4]
        feats.append({"type": "Feature", "properties": f["properties"],
                      "geometry": {"type": "MultiPolygon", "coordinates": polys}})
    return {"type": "FeatureCollection", "features": feats}


def colours(n: int) -> list[str]:
    """Light to dark: on every map dark means more, whether more is better or worse (the legend says which)."""
    if n == 0:
        return []
    idx = np.linspace(1 if n < len(PALETTE) else 0, len(PALETTE) - 1, n).round().astype(int)
    return [PALETTE[i] for i in idx]


def class_labels(values, bins: list[float], decimals: int, factor: float = 1.0, extra: int = 0) -> list[str]:
    """One label per class, the range of the figures it holds at the indicator's precision ("4,530.2 – 9,550.1"), so
    neighbouring classes never share a bound; a class of one value (or few distinct values) shows just that value.
    factor/extra: the display unit's scale (English billions for 亿元), from i18n.display_unit."""
    values = np.asarray([v for v in values if v == v], dtype=float)
    decimals = min(max(decimals, extra), 2) if extra else decimals
    labels = []
    for i, upper in enumerate(bins):
        members = values[[_class_of(v, bins) == i for v in values]] if len(values) else values
        lo = (members.min() if len(members) else upper) * factor
        upper = upper * factor
        same = f"{lo:,.{decimals}f}" == f"{upper:,.{decimals}f}"
        labels.append(f"{upper:,.{decimals}f}" if same else f"{lo:,.{decimals}f} – {upper:,.{decimals}f}")
    return labels


def _class_of(value: float, bins: list[float]) -> int:
    for i, upper in enumerate(bins):
        if value <= upper:
            return i
    return len(bins) - 1


@memo(128)
def payload(indicator_id: str, year: int | None, lang: str, overlay: str, points: tuple[str, ...], level: str,
            signature: tuple) -> dict:
    """Everything the browser needs for one map of a bundled indicator, built once."""
    pkg = data.package()
    ind = pkg.indicator(indicator_id)
    meta = {"unit_zh": ind.unit_zh, "unit_en": ind.unit_en, "decimals": int(ind.decimals),
            "lower_better": str(ind.higher_is_better) in ("0", "0.0", "False")}
    snap = pkg.snapshot(indicator_id, year, level)
    bins = pkg.classes.get((indicator_id, level, year)) if year is not None else []
    return _choropleth(pkg, snap, meta, year, lang, overlay, points, level, bins)


@st.cache_data(show_spinner=False, max_entries=16)
def payload_for(snap: pd.DataFrame, meta: dict, year: int | None, lang: str, signature: tuple) -> dict:
    """The same map for figures that are not in the package (a user's upload): same classes, legend, tooltips."""
    return _choropleth(data.package(), snap, meta, year, lang, "", (), "city", classes.breaks(snap.value.dropna()))


def _choropleth(pkg: data.Package, snap: pd.DataFrame, meta: dict, year: int | None, lang: str, overlay: str,
                points: tuple[str, ...], level: str, bins: list[float] | None) -> dict:
    bins = bins if bins is not None else classes.breaks(snap.value.dropna())
    cols = colours(len(bins))
    name = name_col(lang)
    unit_zh, unit_en, dec = meta["unit_zh"], meta["unit_en"], meta["decimals"]
    metro = set(pkg.regions.index[pkg.regions.metro_area.astype(str) == "True"]) if overlay == "metro" else set()
    props = []
    geometry = "provinces" if level == "province" else "cities"
    for feat in data.geometry(geometry)["features"]:
        code = feat["properties"]["adcode"]
        row = snap.loc[code] if code in snap.index else None
        has = row is not None and not np.isnan(row.value)
        value_text = fmt_value(row.value, unit_zh, unit_en, dec, row.qualifier, lang) if has else t("common.no_data", lang)
        fill = cols[_class_of(row.value, bins)] if has else NO_DATA
        props.append({
            "adcode": code,
            "name": html.escape(str(pkg.regions.loc[code, name]) if code in pkg.regions.index else code),
            "value": html.escape(value_text),
            "fill": fill,
            "nodata": 0 if has else 1,
            "metro": 1 if code in metro else 0,
            # The map's iframe is sandboxed without top navigation, so the profile opens in a new tab.
            "link": (f'<a href="/city?city={code}&lang={lang}" target="_blank" rel="noopener">{html.escape(t("map.open_profile", lang))}'
                     f' · {html.escape(str(pkg.regions.loc[code, name]))}</a>') if level == "city" else "",
        })
    marks = _point_rows(pkg, points, lang)
    # Everything the drawing depends on besides this file, the geometry files and the libraries (see _fingerprint).
    spec = {"kind": "choropleth", "geometry": geometry, "props": props, "popup": level == "city",
            "aliases": [html.escape(t("map.city", lang)), html.escape(f"{t('map.value', lang)} ({year or '—'})")],
            "provinces": level == "city", "points": marks}
    return _drawn(spec) | {
        "legend": {"bins": bins, "colours": cols, "unit": display_unit(unit_zh, unit_en, lang)[1],
                   "labels": class_labels(snap.value.dropna(), bins, dec, *display_unit(unit_zh, unit_en, lang)[::2]),
                   "decimals": dec, "metro": bool(metro), "lower_better": bool(meta.get("lower_better")),
                   "n": int(snap.value.notna().sum()), "of": len(snap),
                   "points": [kind for kind, _ in marks]},
    }


def _draw_choropleth(spec: dict) -> folium.Map:
    import folium

    sig = data._signature()
    shapes = {f["properties"]["adcode"]: f["geometry"] for f in light(spec["geometry"], sig)["features"]}
    features = [{"type": "Feature", "properties": p, "geometry": shapes[p["adcode"]]} for p in spec["props"]]
    m = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=TILES, min_zoom=5, max_zoom=11, control_scale=True,
                   prefer_canvas=False, zoom_snap=0.25)
    m.get_root().header.add_child(folium.Element(BACKGROUND))
    m.fit_bounds(BOUNDS)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=spec["geometry"],
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "fillOpacity": 0.55 if f["properties"]["nodata"] else 0.85,
            "color": METRO_COLOR if f["properties"]["metro"] else ("#9e9e9e" if f["properties"]["nodata"] else "#ffffff"),
            "weight": 2.5 if f["properties"]["metro"] else 0.8,
            "dashArray": "4 3" if f["properties"]["nodata"] and not f["properties"]["metro"] else None,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#212121"},
        tooltip=folium.GeoJsonTooltip(fields=["name", "value"], aliases=spec["aliases"], sticky=True),
        popup=folium.GeoJsonPopup(fields=["link"], labels=False) if spec["popup"] else None,
    ).add_to(m)
    provinces = light("provinces", sig) if spec["provinces"] else {"features": []}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": f["geometry"]}
                                                  for f in provinces["features"]]},
        name="provinces",
        style_function=lambda f: {"fill": False, "color": "#424242", "weight": 1.6},
        interactive=False,
    ).add_to(m)
    for kind, rows in spec["points"]:
        group = folium.FeatureGroup(name=kind)
        for lat, lon, tip in rows:
            folium.CircleMarker(
                (lat, lon), radius=5, weight=1.5, color="#212121", fill=True,
                fill_color=POINT_COLOURS.get(kind, "#ff9800"), fill_opacity=0.95, tooltip=tip,
            ).add_to(group)
        group.add_to(m)
    return m


@memo(96)
def locator(adcode: str, lang: str, signature: tuple) -> dict:
    """A small map with one city outlined among its neighbours."""
    pkg = data.package()
    name = name_col(lang)
    props = [{"adcode": f["properties"]["adcode"], "name": html.escape(str(pkg.regions.loc[f["properties"]["adcode"], name])),
              "on": int(f["properties"]["adcode"] == adcode)} for f in data.geometry("cities")["features"]]
    box = shape_bounds(adcode)
    spec = {"kind": "locator", "props": props,
            "bounds": [[float(box[1]) - 0.8, float(box[0]) - 0.8], [float(box[3]) + 0.8, float(box[2]) + 0.8]]}
    return _drawn(spec) | {"legend": {}}


def _draw_locator(spec: dict) -> folium.Map:
    import folium

    shapes = {f["properties"]["adcode"]: f["geometry"] for f in data.geometry("cities")["features"]}
    features = [{"type": "Feature", "geometry": shapes[p["adcode"]], "properties": p} for p in spec["props"]]
    m = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=TILES, min_zoom=5, max_zoom=11,
                   zoom_snap=0.25)
    m.get_root().header.add_child(folium.Element(BACKGROUND))
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {"fillColor": METRO_COLOR if f["properties"]["on"] else NO_DATA,
                                  "fillOpacity": 0.8 if f["properties"]["on"] else 0.35,
                                  "color": "#212121" if f["properties"]["on"] else "#ffffff",
                                  "weight": 2.5 if f["properties"]["on"] else 0.8},
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    ).add_to(m)
    m.fit_bounds(spec["bounds"])
    return m


def shape_bounds(adcode: str) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a city's outline."""
    for feat in data.geometry("cities")["features"]:
        if feat["properties"]["adcode"] == adcode:
            coords = np.array([pt for poly in feat["geometry"]["coordinates"] for ring in poly for pt in ring])
            return (*coords.min(axis=0), *coords.max(axis=0))
    return (BOUNDS[0][1], BOUNDS[0][0], BOUNDS[1][1], BOUNDS[1][0])


def _point_rows(pkg: data.Package, kinds: tuple[str, ...], lang: str) -> list:
    """Ports, airports … as [kind, [[lat, lon, tooltip], …]] for the kinds that have places: drawn as small circles
    (no icon images, so nothing to fetch)."""
    out = []
    for kind in kinds:
        rows = pkg.places[pkg.places.kind == kind]
        if rows.empty:
            continue
        out.append([kind, [[float(r.lat), float(r.lon),
                            html.escape(f"{getattr(r, name_col(lang))} · {t(f'map.kind.{kind}', lang)}")]
                           for r in rows.itertuples()]])
    return out


DRAW = {"choropleth": _draw_choropleth, "locator": _draw_locator}
BUILT = data.GEO / "default_maps.json.xz"  # written by geo/build_maps.py


def _drawn(spec: dict) -> dict:
    """The component's arguments for a map spec: from the built file when it holds this exact spec, else drawn."""
    hit = _built(spec_key(spec), *_file_id(BUILT))
    return dict(hit["args"]) if hit else _component_args(DRAW[spec["kind"]](spec))


def spec_key(spec: dict) -> str:
    """A hash of everything a drawing depends on: the spec and the fingerprint of code, geometry and libraries."""
    text = json.dumps([_fingerprint(data._signature()), spec], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@memo(8)
def _fingerprint(signature: tuple) -> list:
    """This file (how maps are drawn), the geometry files, Leaflet's links and the versions of the libraries that
    write the script: a change to any of them makes every built map miss."""
    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""

    files = [Path(__file__), *(data.GEO / g for g in data.GEOMETRY.values())]
    versions = []
    for dist in ("folium", "streamlit-folium", "branca", "jinja2"):
        try:
            versions.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            versions.append("")
    return [[digest(p) for p in files], versions, list(leaflet_links())]


def _file_id(path: Path) -> tuple:
    try:
        stat = path.stat()
        return str(path), stat.st_mtime_ns, stat.st_size
    except OSError:
        return str(path), None, None


@memo(4)
def _built_file(path: str, mtime: int | None, size: int | None) -> dict:
    """The prebuilt maps file ({"maps": key -> {"view", "args"}, "shapes": token -> GeoJSON text}), read once per
    process; empty when missing or unreadable."""
    if mtime is None:
        return {}
    try:
        return json.loads(lzma.decompress(Path(path).read_bytes()))
    except (OSError, ValueError, lzma.LZMAError):
        return {}


SHAPE = re.compile(r"@@shape:([\w@]+:\w+)@@")  # where the build took a shape's GeoJSON out of a script (stored once)


@memo(64)
def _built(key: str, path: str, mtime: int | None, size: int | None) -> dict | None:
    """One prebuilt map ({"view", "args"}) with its shapes put back into the script, or None."""
    built = _built_file(path, mtime, size)
    hit = built.get("maps", {}).get(key)
    if hit is None:
        return None
    shapes = built.get("shapes", {})
    try:
        script = SHAPE.sub(lambda m: shapes[m[1]], hit["args"]["script"])
    except KeyError:
        return None
    return {**hit, "args": {**hit["args"], "script": script}}


def _component_args(m: folium.Map) -> dict:
    """What st_folium would compute on every rerun, done once (same helpers, so the frontend gets the same shape)."""
    import streamlit_folium as stf

    m.get_root().render()
    html_part = stf._get_html(m)
    header = stf._get_header(m)
    script = stf._get_map_string(m)
    js, css, _local = leaflet_links()
    return {"script": script, "header": header, "html": html_part, "id": stf.get_full_id(m),
            "hash": stf.generate_js_hash(script, "pathways"), "js_links": js, "css_links": css,
            "bytes": len(script) + len(header) + len(html_part)}


COMPONENT = "streamlit_folium.st_folium"


def _component():
    """streamlit-folium's frontend, declared here under its own name and path (what `import streamlit_folium` would
    register), so drawing a prebuilt map does not import streamlit-folium and with it folium and its plugins."""
    from streamlit.runtime import exists, get_instance

    if "streamlit_folium" in sys.modules:  # imported (maybe by the warm-up, outside a script run): the same component
        # An import statement, not sys.modules[...]: while the warm-up thread is still importing it, the module is
        # already in sys.modules but only half initialised, and the import waits for it to finish.
        import streamlit_folium

        component = streamlit_folium._component_func
    else:
        component = _declared()
    if exists():
        registry = get_instance().component_registry
        if registry.get_component_path(COMPONENT) is None:  # once per runtime, as the import would
            registry.register_component(component)
    return component


@memo(1)
def _declared():
    from streamlit import config
    from streamlit.components.v1.custom_component import CustomComponent

    path = os.path.join(os.path.dirname(importlib.util.find_spec("streamlit_folium").origin), "frontend", "build")
    base = config.get_option("server.customComponentBaseUrlPath")
    return CustomComponent(name=COMPONENT, path=path, url=f"{base}/{COMPONENT}/" if base else None,
                           module_name="streamlit_folium")


# The value the frontend sends when the map has loaded, in its key order: equal to this default, so loading a map
# does not rerun the page (in another order the JSON differs and every first draw costs a full rerun).
DEFAULT = {"last_object_clicked": None, "last_active_drawing": None}


def show(args: dict, key: str) -> str | None:
    """Draw a cached map; return the adcode of a city the user just clicked, else None."""
    value = _component()(
        script=args["script"], header=args["header"], html=args["html"], id=args["id"], key=f"{key}-{args['hash']}",
        height=HEIGHT, width=None, returned_objects=RETURNED, default=dict(DEFAULT),
        zoom=None, center=None, feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=args["css_links"], js_links=args["js_links"], wrap_longitude=False,
    )
    if not isinstance(value, dict):
        return None
    drawing, click = value.get("last_active_drawing"), value.get("last_object_clicked")
    if not isinstance(drawing, dict) or not click:
        return None
    stamp = json.dumps(click, sort_keys=True)
    seen = f"_map_click_{key}"
    if st.session_state.get(seen) == stamp:
        return None  # the same click, seen again on a later rerun
    st.session_state[seen] = stamp
    code = (drawing.get("properties") or {}).get("adcode")
    return str(code) if code else None


def legend(args: dict, lang: str, note: str = "") -> str:
    """The legend as HTML (escaped): one swatch per class, the unit, and the no-data style."""
    lg = args["legend"]
    items = []
    for label, col in zip(lg["labels"], lg["colours"], strict=False):
        items.append(f'<span class="lg-item"><i style="background:{col}"></i>{html.escape(label)}</span>')
    items.append(f'<span class="lg-item"><i style="background:{NO_DATA};border:1px dashed #757575"></i>'
                 f'{html.escape(t("common.no_data", lang))}</span>')
    for kind in lg.get("points", []):
        items.append(f'<span class="lg-item"><i style="background:{POINT_COLOURS.get(kind, "#ff9800")};border-radius:50%;'
                     f'border:1px solid #212121"></i>{html.escape(t(f"map.kind.{kind}", lang))}</span>')
    if lg["metro"]:
        items.append(f'<span class="lg-item"><i style="background:none;border:2px solid {METRO_COLOR}"></i>'
                     f'{html.escape(t("map.metro", lang))}</span>')
    if lg.get("lower_better"):
        items.append(f'<span class="lg-item lg-lower">{html.escape(t("map.lower_better", lang))}</span>')
    unit = html.escape(f"{t('map.unit', lang)}: {lg['unit']}")
    help_text = f'<div class="map-help">{html.escape(note)}</div>' if note else ""
    return (f'<div class="map-legend" data-testid="map-legend"><b>{unit}</b> '
            + " ".join(items) + "</div>" + help_text)
