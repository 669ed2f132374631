"""Prebuild the maps a visitor sees first: `python geo/build_maps.py` writes geo/default_maps.json.xz.

For every pathway with a map, in Chinese and English, the map of its default view (the indicator and year a page
opens on with nothing in the link), and the city page's locator for its default city: the component arguments
(script, header, links …) that components/maps.py would otherwise render with folium on a fresh server. Each entry
is stored under the hash of everything its drawing depends on (components.maps.spec_key), so the app uses an entry
only while it is exactly what it would draw itself; after a change to the data, geometry, maps.py or the libraries,
the map is drawn as before until this is run again (tests/test_coldstart.py says so).

Re-runnable and deterministic: the same inputs give the same file. Run it after data/build.py or geo/build_geo.py.
"""

from __future__ import annotations

import json
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def default_views() -> list[tuple]:
    """(pathway, language, indicator, year, overlay, points, level) of each pathway map's default view."""
    from components import data, page
    from components.pathways import PATHWAYS

    views = []
    for pid, p in PATHWAYS.items():
        if not p.map:
            continue
        opts = page.map_options(pid, data._signature())
        if not opts:
            continue
        ind = next(iter(opts))  # what page.map_section opens on: the first indicator, at its best year
        year = opts[ind][1]
        views += [(pid, lang, ind, year, p.map.overlay, p.map.points, p.map.level) for lang in ("zh", "en")]
    return views


def build() -> dict:
    from components import data, maps, profile

    entries: dict = {}
    label = [""]

    def draw(spec: dict) -> dict:  # always draw with folium (never from an older file), and keep what was drawn
        args = maps._component_args(maps.DRAW[spec["kind"]](spec))
        entries[maps.spec_key(spec)] = {"view": label[0], "args": args}
        return args

    maps._drawn = draw
    sig = data._signature()
    for pid, lang, ind, year, overlay, points, level in default_views():
        label[0] = f"{pid} {lang} {ind} {year}"
        maps.payload.__wrapped__(ind, year, lang, overlay, points, level, sig)
    for lang in ("zh", "en"):
        label[0] = f"locator {profile.DEFAULT_CITY} {lang}"
        maps.locator.__wrapped__(profile.DEFAULT_CITY, lang, sig)
    return entries


def factor_shapes(entries: dict) -> dict:
    """Take every shape's GeoJSON text out of the scripts, to be stored once: each map repeats the same ~190 KB of
    boundaries, so the file stays small and the app parses only what it uses. Checked by putting them back."""
    from components import data, maps

    sig = data._signature()
    sources = {"cities@3": maps.light("cities", sig), "provinces@3": maps.light("provinces", sig),
               "cities": data.geometry("cities")}
    texts = {f"{tag}:{f['properties']['adcode']}": json.dumps(f["geometry"], sort_keys=True)
             for tag, fc in sources.items() for f in fc["features"]}
    used: dict = {}
    for entry in entries.values():
        script = original = entry["args"]["script"]
        for token, text in texts.items():
            if text in script:
                script = script.replace(text, f"@@shape:{token}@@")
                used[token] = text
        if maps.SHAPE.sub(lambda m: used[m[1]], script) != original:
            raise SystemExit(f"{entry['view']}: the script does not round-trip; not written")
        entry["args"] = {**entry["args"], "script": script}
    return dict(sorted(used.items()))


def main() -> None:
    from components import maps

    entries = build()
    shapes = factor_shapes(entries)
    text = json.dumps({"about": "Prebuilt map components (geo/build_maps.py); keys: components.maps.spec_key",
                       "maps": dict(sorted(entries.items())), "shapes": shapes}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    blob = lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME)
    out = maps.BUILT
    if out.exists() and out.read_bytes() == blob:
        print(f"{out.relative_to(ROOT)}: unchanged ({len(entries)} maps, {len(blob):,} bytes)")
        return
    out.write_bytes(blob)
    print(f"{out.relative_to(ROOT)}: {len(entries)} maps and {len(shapes)} shapes, {len(text):,} bytes of JSON, "
          f"{len(blob):,} bytes written")
    for e in sorted(entries.values(), key=lambda e: e["view"]):
        print(f"  {e['view']}: {e['args']['bytes'] / 1000:.0f} KB")


if __name__ == "__main__":
    main()
