"""The one cached loader of the data package (data/) and the geometry (geo/)."""

from __future__ import annotations

import functools
import json
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GEO = ROOT / "geo"
TABLES = {
    "regions": ["adcode", "name_zh", "name_en", "level", "parent", "province_level", "metro_area"],
    "indicators": ["indicator_id", "pathway", "name_zh", "name_en", "unit", "unit_zh", "unit_en", "decimals",
                   "definition_zh", "definition_en", "higher_is_better"],
    "observations": ["indicator_id", "adcode", "year", "value", "qualifier", "vintage", "source_id", "derived_from", "note"],
    "sources": ["source_id", "publisher", "title", "url", "kind", "read_at", "accessed"],
    "targets": ["target_id", "indicator_id", "adcode", "year", "value", "kind", "baseline_year", "name_zh", "name_en",
                "source_id"],
    "places": ["place_id", "kind", "name_zh", "name_en", "adcode", "lat", "lon", "source_url"],
    "classes": ["indicator_id", "level", "year", "breaks"],
}
GEOMETRY = {"cities": "yrd_cities.geojson", "provinces": "yrd_provinces.geojson"}
PROVINCES = ["310000", "320000", "330000", "340000"]


def memo(size: int):
    """Process-wide memo for functions of plain hashable arguments (ids, years, languages, the data signature).

    Used instead of st.cache_*: a hit costs a dict lookup, where st.cache_data hashes its arguments and unpickles the
    value on every rerun (for a 200 KB map payload, most of a rerun's cost). Values are shared: never modify them.
    """
    return lru_cache(maxsize=size)


class DataError(Exception):
    """A data or geometry file is missing or unreadable; the message names the file."""


@dataclass(frozen=True)
class Package:
    regions: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    sources: pd.DataFrame
    targets: pd.DataFrame
    places: pd.DataFrame
    classes: dict  # (indicator_id, level, year) -> class upper bounds, precomputed by data/build.py

    # Lookups a page makes dozens of times are computed once per package; each call returns its own (copy-on-write)
    # frame, so a caller that modifies one never changes the package.
    @functools.cached_property
    def _cities(self) -> pd.DataFrame:
        return self.regions[self.regions.level == "city"]

    @functools.cached_property
    def _provinces(self) -> pd.DataFrame:
        return self.regions[self.regions.province_level.astype(str) == "True"]

    @functools.cached_property
    def _rows(self) -> dict:
        """indicator_id -> positions of its observations (in file order): a lookup instead of a scan per series."""
        return {k: np.asarray(v) for k, v in self.observations.groupby("indicator_id", sort=False).indices.items()}

    @functools.cached_property
    def _series(self) -> dict:
        return {}  # indicator_id -> its observations, filled as asked for (at most one more copy of them, ~4 MB)

    @property
    def cities(self) -> pd.DataFrame:
        return self._cities.copy(deep=False)

    def units(self, level: str = "city") -> pd.DataFrame:
        """The places a map of this level colours: the 41 cities, or the four provincial units."""
        if level == "province":
            return self._provinces.copy(deep=False)
        return self.cities

    def indicator(self, indicator_id: str) -> pd.Series:
        return self.indicators.loc[indicator_id]

    def series(self, indicator_id: str, adcodes=None) -> pd.DataFrame:
        obs = self._series.get(indicator_id)
        if obs is None:
            obs = self._series[indicator_id] = self.observations.take(
                self._rows.get(indicator_id, np.empty(0, dtype=np.intp)))
        obs = obs.copy(deep=False)
        if adcodes is not None:
            obs = obs[obs.adcode.isin(list(adcodes))]
        return obs

    def years(self, indicator_id: str, level: str | None = None) -> list[int]:
        obs = self.series(indicator_id)
        if level:
            obs = obs[obs.adcode.isin(self.regions.index[self.regions.level == level])]
        return sorted(obs.year.unique().tolist())

    def snapshot(self, indicator_id: str, year: int, level: str = "city") -> pd.DataFrame:
        """Every place of a level (41 cities by default) for one year, with NaN where there is no figure."""
        obs = self.series(indicator_id)
        obs = obs[obs.year == year].set_index("adcode")
        out = self.units(level)[["name_zh", "name_en"]].join(
            obs[["value", "qualifier", "vintage", "source_id", "derived_from", "note"]])
        return out.assign(year=year)

    def sources_of(self, frame: pd.DataFrame) -> pd.DataFrame:
        ids: list[str] = []
        for col in ("source_id", "derived_from"):
            if col in frame:
                for cell in frame[col].dropna():
                    ids.extend(str(cell).split())
        ids = list(dict.fromkeys(i for i in ids if i in self.sources.index))
        return self.sources.loc[ids]


def _signature() -> tuple:
    """File sizes and times: a changed file invalidates the cache without a restart (noticed within a second)."""
    return _signature_at(int(time.monotonic()), DATA, GEO)


@lru_cache(maxsize=4)
def _signature_at(second: int, data_dir: Path, geo_dir: Path) -> tuple:
    paths = [data_dir / f"{n}.csv" for n in TABLES] + [geo_dir / g for g in GEOMETRY.values()]
    return (str(data_dir), str(geo_dir), *(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (p.name, None) for p in paths))


def _read(name: str) -> pd.DataFrame:
    path = DATA / f"{name}.csv"
    if not path.exists():
        raise DataError(f"data/{name}.csv")
    try:
        df = pd.read_csv(path, dtype={"adcode": str, "parent": str, "source_id": str, "derived_from": str},
                         keep_default_na=False, na_values=[""])
    except Exception as exc:  # any parser error is one message to the user, never a traceback
        raise DataError(f"data/{name}.csv ({type(exc).__name__})") from exc
    missing = [c for c in TABLES[name] if c not in df.columns]
    if missing:
        raise DataError(f"data/{name}.csv (missing columns: {', '.join(missing)})")
    return df


@memo(64)
def _load(signature: tuple) -> Package:
    frames = {name: _read(name) for name in TABLES}
    obs = frames["observations"]
    try:
        obs["year"] = obs["year"].astype(int)
        obs["value"] = pd.to_numeric(obs["value"], errors="raise").astype(float)
    except Exception as exc:
        raise DataError("data/observations.csv (a year or value is not a number)") from exc
    for col in ("qualifier", "vintage", "derived_from", "note"):
        obs[col] = obs[col].fillna("")
    frames["sources"]["read_at"] = frames["sources"]["read_at"].fillna("")
    frames["indicators"]["decimals"] = pd.to_numeric(frames["indicators"]["decimals"], errors="coerce").fillna(1).astype(int)
    frames["indicators"]["higher_is_better"] = frames["indicators"]["higher_is_better"].fillna(1)
    regions = frames["regions"].fillna({"parent": ""}).set_index("adcode", drop=False)
    return Package(
        regions=regions,
        indicators=frames["indicators"].set_index("indicator_id", drop=False),
        observations=obs,
        sources=frames["sources"].set_index("source_id", drop=False),
        targets=frames["targets"],
        places=frames["places"],
        classes={(r.indicator_id, r.level, int(r.year)): [float(b) for b in str(r.breaks).split()]
                 for r in frames["classes"].itertuples()},
    )


def package() -> Package:
    """The data package; raises DataError naming the broken file."""
    return _load(_signature())


@memo(64)
def _geometry(name: str, signature: tuple) -> dict:
    path = GEO / GEOMETRY[name]
    if not path.exists():
        raise DataError(f"geo/{path.name}")
    try:
        geo = json.loads(path.read_text(encoding="utf-8"))
        features = geo["features"]
        for f in features:
            f["properties"]["adcode"] = str(f["properties"]["adcode"])
            _ = f["geometry"]["coordinates"]
    except Exception as exc:
        raise DataError(f"geo/{path.name} ({type(exc).__name__})") from exc
    return geo


def geometry(name: str = "cities") -> dict:
    """Simplified boundaries as GeoJSON (read-only: callers must not modify it)."""
    return _geometry(name, _signature())
