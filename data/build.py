"""Build the data package (data/*.csv + datapackage.json) from the curated inputs in data/raw/.

Re-runnable: `python data/build.py`. The app reads only what this writes.
Nothing here estimates a number: values are copied, converted by exact unit factors, or — for rows marked
`derived` — computed from two sourced inputs whose source ids are recorded in `derived_from`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd
import yearbook  # data/yearbook.py, beside this script

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))  # components.classes: the one rule for map classes, shared with the app
RAW = HERE / "raw"
PROBLEMS: list[str] = []
OUT = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else HERE  # tests build into a temp dir
LENIENT = "--lenient" in sys.argv  # while curating: skip facts of indicators not yet defined
ACCESSED = "2026-11-29"  # when the stored copies of the sources were read for this package

# Exact multiples only: (source unit, canonical unit) -> factor.
UNIT_FACTORS = {
    ("万亿元", "亿元"): 1e4,
    ("trillion yuan", "亿元"): 1e4,
    ("billion yuan", "亿元"): 10,
    ("million yuan", "亿元"): 0.01,
    ("万元", "亿元"): 1e-4,
    ("元", "亿元"): 1e-8,
    ("人", "万人"): 1e-4,
    ("million", "万人"): 100,
    ("million people", "万人"): 100,
    ("billion", "万人"): 1e5,
    ("billion people", "万人"): 1e5,
    ("亿人", "万人"): 1e4,
    ("million TEU", "万标准箱"): 100,
    ("10k TEU", "万标准箱"): 1,
    ("万TEU", "万标准箱"): 1,
    ("万标箱", "万标准箱"): 1,
    ("亿标准箱", "万标准箱"): 1e4,
    ("TEU", "万标准箱"): 1e-4,
    ("billion US dollars", "亿美元"): 10,
    ("billion USD", "亿美元"): 10,
    ("billion dollars", "亿美元"): 10,
    ("万亿美元", "亿美元"): 1e4,
    ("million USD", "亿美元"): 0.01,
    ("percent", "%"): 1,
    ("万个", "个"): 1e4,
    ("个", "万个"): 1e-4,
    ("万吨", "亿吨"): 1e-4,
    ("亿吨", "万吨"): 1e4,
    ("Mt", "万吨"): 100,
    ("million tonnes", "万吨"): 100,
    ("million tons", "万吨"): 100,
    ("吨", "万吨"): 1e-4,
    ("万人次", "亿人次"): 1e-4,
    ("亿人次", "万人次"): 1e4,
    ("million passengers", "万人次"): 100,
    ("人次", "万人次"): 1e-4,
    ("家", "个"): 1,
    ("个", "家"): 1,
    ("万张", "张"): 1e4,
    ("million", "个"): 1e6,
    ("million", "万个"): 100,
    ("million 吨", "万吨"): 100,
    ("million 人次", "万人次"): 100,
    ("trillion yuan", "万亿元"): 1,
    ("billion yuan", "万亿元"): 1e-3,
    ("亿元", "万亿元"): 1e-4,
    ("billion US$", "亿美元"): 10,
    ("万元", "元"): 1e4,
    ("万家", "家"): 1e4,
    ("万件", "件"): 1e4,
    ("万美元", "亿美元"): 1e-4,
    ("万千瓦时", "亿千瓦时"): 1e-4,
    ("Mt", "百万吨"): 1,
    ("个", "所"): 1,
}
# What the publisher is (sources.kind). A figure read where its publisher put it ranks above the same kind read
# elsewhere (read_at set). The yearbook comes first: it is the one official publication covering all 41 cities for
# 2018–2023, so a map of those years rests on one source and one vintage (a city's own bulletin stays as an alternative).
KINDS = ("government", "yearbook", "state_media", "press", "organisation", "dataset", "encyclopedia", "aggregator")
KIND_RANK = {"yearbook": 0, "government": 1, "state_media": 2, "organisation": 3, "press": 4, "dataset": 5,
             "encyclopedia": 7, "aggregator": 9}
READ_ELSEWHERE_PENALTY = 2.5  # a bureau's text on a mirror ranks below the yearbook and state media, above the press
# Exact before approximate: a published exact figure always beats a bound or a rounded one for the same key.
QUALIFIER_RANK = {"revised": 0, "": 1, "preliminary": 2, "approx": 3, "estimate": 4, "lower_bound": 5}
VINTAGES = ("ec3", "ec4", "ec5")  # economic-census basis of GDP-type figures: before the 4th, on the 4th, on the 5th
PROVINCES = ["310000", "320000", "330000", "340000"]
CITIES = pd.read_csv(HERE / "raw" / "cities.csv", dtype=str)["adcode"].tolist()
STUDY = "study"
YRD = "YRD"  # the four provincial units together; only for additive indicators
METRO = ["310000", "320500", "320200", "320400", "320600", "330400", "330200", "330900", "330500"]

CENSUS_SOURCE = {
    "source_id": "census_leiii",
    "publisher": "Lei Dong et al., China Census dataset (leiii/census, MIT licence), compiled from the 7th census bulletins",
    "title": "China Census: city-level data 2010-2020, v1 (data/census/census_city_2010-2020_v1.csv)",
    "url": "https://github.com/leiii/census",
    "kind": "dataset",
    "read_at": "",
}


def fail(msg: str) -> None:
    sys.exit(f"build: {msg}")


def source_id(url: str, publisher: str) -> str:
    return "s" + hashlib.sha1(f"{url.strip()}|{publisher.strip()}".encode()).hexdigest()[:10]


def read_csvs(folder: Path, pattern: str = "*.csv") -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False).assign(_file=p.name) for p in sorted(folder.glob(pattern))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def regions() -> pd.DataFrame:
    cities = pd.read_csv(RAW / "cities.csv", dtype=str)
    rows = [
        {"adcode": "100000", "name_zh": "全国", "name_en": "China", "level": "country", "parent": "", "province_level": False},
        {"adcode": YRD, "name_zh": "长三角三省一市", "name_en": "Yangtze River Delta (3 provinces + Shanghai)",
         "level": "region", "parent": "100000", "province_level": False},
    ]
    for code, zh, en in [("320000", "江苏省", "Jiangsu"), ("330000", "浙江省", "Zhejiang"), ("340000", "安徽省", "Anhui")]:
        rows.append({"adcode": code, "name_zh": zh, "name_en": en, "level": "province", "parent": "100000", "province_level": True})
    # Ningbo-Zhoushan Port spans two cities: its figures belong to the port, never to Ningbo alone.
    rows.append({"adcode": "NBZS", "name_zh": "宁波舟山港", "name_en": "Ningbo-Zhoushan Port", "level": "port",
                 "parent": "330000", "province_level": False})
    for c in cities.itertuples():
        shanghai = c.adcode == "310000"
        rows.append({"adcode": c.adcode, "name_zh": c.name_zh, "name_en": c.name_en, "level": "city",
                     "parent": "100000" if shanghai else c.province_adcode, "province_level": shanghai})
    df = pd.DataFrame(rows)
    df["metro_area"] = df["adcode"].isin(METRO)
    return df


def indicators() -> pd.DataFrame:
    df = read_csvs(RAW / "indicators").drop(columns="_file")
    if df["indicator_id"].duplicated().any():
        fail(f"indicator defined twice: {sorted(df.loc[df.indicator_id.duplicated(), 'indicator_id'])}")
    return df


def convert(row: pd.Series, unit: str) -> float:
    value = float(str(row["value"]).replace(",", ""))
    src = row["unit"].strip()
    if src == unit or not src:
        return value
    factor = UNIT_FACTORS.get((src, unit))
    if factor is None:
        PROBLEMS.append(f"no exact factor from {src!r} to {unit!r} ({row['indicator_id']} {row['adcode']} {row['year']}, "
                        f"{row['_file']})")
        return float("nan")
    return round(value * factor, 6)


def canonical_vintage(year: int) -> str:
    """The basis a year's GDP-type figure is shown on: the yearbook's for 2018–2023, the bulletins' after."""
    return "ec3" if year <= 2018 else ("ec4" if year <= 2023 else "ec5")


def vintage_of(row: pd.Series) -> str:
    """Facts say `first`, `final` or a census basis; the package stores the basis (ec3/ec4/ec5)."""
    v = row["vintage"].strip()
    if row["indicator_id"] not in GDP_TYPE:
        return ""
    if v in VINTAGES:
        return v
    if v not in ("", "first", "final"):
        PROBLEMS.append(f"unknown vintage {v!r} ({row['indicator_id']} {row['adcode']} {row['year']}, {row['_file']})")
    return canonical_vintage(int(row["year"]))


ROUNDED_UNITS = {"万亿元", "trillion yuan", "万亿美元", "trillion US dollars"}


def qualifier_of(row: pd.Series) -> str:
    """The source's qualifier, plus two that follow from the figure itself.

    - "4.72万亿元" is rounded to 100 亿元: a trillion-scale figure with fewer than four decimals is approximate.
    - A GDP-type figure for 2024 on is a first release unless its row says it was revised or finally verified.
    """
    q = row["qualifier"].strip()
    if q:
        return q
    decimals = len(row["value"].split(".")[1]) if "." in row["value"] else 0
    if row["unit"].strip() in ROUNDED_UNITS and decimals < 4:
        return "approx"
    if row["indicator_id"] in GDP_TYPE and int(row["year"]) >= 2024 and row["vintage"].strip() != "final":
        return "preliminary"
    return q


def facts(ind: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Sourced facts -> (observations, alternatives, sources)."""
    raw = read_csvs(RAW / "facts")
    if raw.empty:
        fail("no facts in data/raw/facts/")
    book = pd.concat([yearbook.yearbook_facts(), yearbook.ceads_facts()], ignore_index=True).assign(_file="ccsy")
    raw = pd.concat([raw, book], ignore_index=True).fillna("")
    raw = raw[raw["value"].str.strip() != ""].copy()
    unknown = set(raw["indicator_id"]) - set(ind["indicator_id"])
    if unknown and not LENIENT:
        fail(f"facts name undefined indicators: {sorted(unknown)}")
    bad_kind = set(raw["source_kind"]) - set(KINDS)
    if bad_kind:
        fail(f"unknown source kinds: {sorted(bad_kind)}")
    raw = raw[raw["indicator_id"].isin(ind["indicator_id"])]
    # An aggregator's number ships only when an official or state-media page confirms it.
    unconfirmed = (raw["source_kind"] == "aggregator") & ~raw["note"].str.contains(r"confirmed:\s*https?://", regex=True)
    raw = raw[~unconfirmed].copy()
    units = ind.set_index("indicator_id")["unit"]
    raw["value_num"] = [convert(r, units[r["indicator_id"]]) for _, r in raw.iterrows()]
    raw["qualifier"] = [qualifier_of(r) for _, r in raw.iterrows()]
    raw["vintage"] = [vintage_of(r) for _, r in raw.iterrows()]
    if PROBLEMS:
        fail("\n".join(PROBLEMS))
    raw["source_id"] = [source_id(u, p) for u, p in zip(raw["source_url"], raw["source_publisher"], strict=False)]
    raw["qualifier"] = raw["qualifier"].str.strip()
    raw["year"] = raw["year"].astype(int)
    # One figure per key: the year's canonical vintage first, then exact before bounds, then the best publisher.
    raw["_v"] = [0 if not v or v == canonical_vintage(y) else 1 for v, y in zip(raw["vintage"], raw["year"], strict=True)]
    raw["_q"] = raw["qualifier"].map(lambda q: QUALIFIER_RANK.get(q.split(":")[0], 5))
    raw["_k"] = [KIND_RANK[k] + (READ_ELSEWHERE_PENALTY if r.strip() and k not in ("yearbook", "dataset") else 0)
                 for k, r in zip(raw["source_kind"], raw["read_at"], strict=True)]
    raw = raw.sort_values(["indicator_id", "adcode", "year", "_v", "_q", "_k"], kind="stable")
    key = ["indicator_id", "adcode", "year"]
    first = ~raw.duplicated(key)
    cols = ["indicator_id", "adcode", "year", "value", "qualifier", "vintage", "source_id", "derived_from", "excerpt", "note"]
    # A fact computed by its curator (a count from a list, a subtraction) names its inputs in its note; they come from
    # the row's own source, which derived_from records so every computed figure resolves to what it was computed from.
    computed = raw["qualifier"].eq("derived")
    unexplained = raw[computed & ~raw["note"].str.contains("derived", case=False)]
    if not unexplained.empty:
        fail(f"derived facts without a note naming their inputs: {unexplained[key].values.tolist()}")
    pick = raw.assign(value=raw["value_num"], derived_from=raw["source_id"].where(computed, ""))
    obs, alt = pick[first][cols], pick[~first][cols]
    src = raw.drop_duplicates("source_id").rename(
        columns={"source_publisher": "publisher", "source_title": "title", "source_url": "url", "source_kind": "kind"}
    )[["source_id", "publisher", "title", "url", "kind", "read_at"]]
    return obs, alt, src


def census() -> pd.DataFrame:
    c = pd.read_csv(RAW / "census_2010_2020_yrd_cities.csv", dtype={"city_code": str})
    c["adcode"] = c["city_code"].where(c["city_code"] != "310100", "310000")
    rows = []

    def add(ind, year, value, qualifier="", note=""):
        if pd.isna(value):
            return  # an empty cell in the census table stays missing
        rows.append({"indicator_id": ind, "adcode": a, "year": year, "value": round(float(value), 6), "qualifier": qualifier,
                     "vintage": "", "source_id": CENSUS_SOURCE["source_id"],
                     "derived_from": CENSUS_SOURCE["source_id"] if qualifier == "derived" else "", "excerpt": "",
                     "note": note})

    for r in c.itertuples():
        a = r.adcode
        for y in (2010, 2020):
            pop, urban = getattr(r, f"popu_{y}"), getattr(r, f"popu_urban_{y}")
            add("census_population", y, pop / 1e4, note="persons / 10,000 (exact unit change)")
            add("urbanisation_rate", y, round(100 * urban / pop, 2), "derived", "urban residents / residents × 100")
            add("household_size", y, getattr(r, f"household_{y}"))
            for age in ("0_14", "60", "65"):
                add(f"age_{age}_share", y, getattr(r, f"age_{age}_{y}"))
        add("population_change_2010_2020", 2020, round(100 * (r.popu_2020 / r.popu_2010 - 1), 2), "derived",
            "(2020 residents / 2010 residents − 1) × 100; 2010 on 2020 boundaries")
    return pd.DataFrame(rows)


GDP_TYPE = yearbook.GDP_TYPE
EXACT = {"", "revised", "preliminary"}  # a ratio of a bound or an approximation would look more exact than it is

# Ratios of two sourced figures of the same place and year: (output, numerator, denominator, factor, decimals, note).
RATIOS = [
    ("gdp_per_resident", "gdp", "resident_population", 1e4, 0,
     "GDP ÷ year-end resident population (official per-capita figures use the annual average population)"),
    ("st_share_budget", "fiscal_st_expenditure", "budget_expenditure", 100, 2, "S&T expenditure ÷ budget expenditure × 100"),
    ("invention_patents_per_10k_res", "invention_patents_granted", "resident_population", 1, 2,
     "invention patents granted ÷ resident population (万人)"),
    ("beds_per_1000_res", "hospital_beds", "resident_population", 0.1, 2, "hospital beds ÷ resident population × 1,000"),
    ("doctors_per_1000_res", "licensed_doctors", "resident_population", 0.1, 2,
     "licensed doctors ÷ resident population × 1,000"),
    ("co2_per_gdp", "co2_city", "gdp", 100, 3, "CEADs CO2 (Mt) ÷ GDP (亿元): tonnes per 10,000 yuan"),
    ("telecom_to_gdp", "telecom_revenue", "gdp", 100, 2, "telecommunications revenue ÷ GDP × 100"),
]


def _row(ind, adcode, year, value, qualifier, vintage, inputs, note, excerpt=""):
    ids = " ".join(dict.fromkeys(s for i in inputs for s in str(i.derived_from or i.source_id).split()))
    return {"indicator_id": ind, "adcode": adcode, "year": year, "value": value, "qualifier": qualifier,
            "vintage": vintage, "source_id": inputs[0].source_id, "derived_from": ids, "excerpt": excerpt, "note": note}


def _vintage(inputs) -> str | None:
    """The one vintage of the inputs, or None when they mix two (never computed across vintages)."""
    found = {i.vintage for i in inputs if i.vintage}
    return None if len(found) > 1 else (found.pop() if found else "")


def derived(obs: pd.DataFrame) -> pd.DataFrame:
    """Ratios and totals computed from sourced inputs of one place, year and vintage, recording every input's source."""
    out = []
    by = {i: g.set_index(["adcode", "year"]) for i, g in obs.groupby("indicator_id")}
    empty = obs.iloc[:0].set_index(["adcode", "year"])
    for name, num, den, factor, decimals, note in RATIOS:
        a, b = by.get(num, empty), by.get(den, empty)
        for key in a.index.intersection(b.index):
            x, y = a.loc[key], b.loc[key]
            v = _vintage([x, y])
            if x.qualifier not in EXACT or y.qualifier not in EXACT or v is None or not y.value:
                continue
            out.append(_row(name, key[0], key[1], round(x.value / y.value * factor, decimals), "derived", v, [x, y], note))
    a, b = by.get("goods_imports", empty), by.get("goods_exports", empty)
    for key in a.index.intersection(b.index):
        x, y = a.loc[key], b.loc[key]
        if x.source_id == y.source_id:  # same yearbook edition
            out.append(_row("goods_trade", key[0], key[1], round(x.value + y.value, 6), "derived", "", [x, y],
                            "goods imports + goods exports"))
    trade = {(r["adcode"], r["year"]): r for r in out if r["indicator_id"] == "goods_trade"}
    gdp = by.get("gdp", empty)
    for key in gdp.index.intersection(pd.MultiIndex.from_tuples(list(trade) or [("", 0)])):
        x, y = pd.Series(trade[key]), gdp.loc[key]
        if y.qualifier in EXACT and y.value:
            out.append(_row("trade_to_gdp", key[0], key[1], round(100 * x.value / y.value, 1), "derived", y.vintage,
                            [x, y], "goods trade ÷ GDP × 100"))
    cities = set(CITIES)
    for ind in ("gdp", "resident_population"):
        frame = obs[(obs.indicator_id == ind) & obs.adcode.isin(cities)]
        for year, grp in frame.groupby("year"):
            rows = list(grp.itertuples())
            v = _vintage(rows)
            if len(grp) != len(cities) or set(grp.qualifier) - EXACT or v is None:
                continue  # a Delta total needs all 41 cities, exact and on one vintage
            total = round(grp.value.sum(), 6)
            out.append(_row(ind, YRD, year, total, "derived", v, rows, "sum of the 41 cities"))
            if ind == "gdp":
                sh = grp[grp.adcode == "310000"].iloc[0]
                out.append(_row("shanghai_share_yrd_gdp", "310000", year, round(100 * sh.value / total, 2), "derived", v,
                                rows, "Shanghai GDP ÷ the sum of the 41 cities' GDP × 100"))
    return pd.DataFrame(out)


def nominal_growth(obs: pd.DataFrame, alt: pd.DataFrame) -> pd.DataFrame:
    """GDP growth at current prices, year on year, from two GDP figures of one place on one vintage.

    The earlier year may be the other vintage kept in the alternatives (e.g. 2023 revised after the 5th census, so
    2024's growth is not a revision). Needed to compare with nominal income growth (the study's "in step" goal)."""
    gdp = obs[obs.indicator_id == "gdp"]
    pool = pd.concat([gdp, alt[alt.indicator_id == "gdp"]])
    pool = pool[pool.qualifier.isin(EXACT) & pool.vintage.ne("")]
    out = []
    for r in gdp[gdp.qualifier.isin(EXACT)].itertuples():
        prev = pool[(pool.adcode == r.adcode) & (pool.year == r.year - 1) & (pool.vintage == r.vintage)]
        if not prev.empty and r.vintage:
            p = prev.iloc[0]
            out.append(_row("gdp_growth_nominal", r.adcode, r.year, round(100 * (r.value / p.value - 1), 2), "derived",
                            r.vintage, [r, p], "GDP at current prices ÷ the previous year's GDP on the same vintage − 1"))
    return pd.DataFrame(out)


def targets(src: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    t = read_csvs(RAW, "targets*.csv")
    if t.empty:
        return t, src
    t = t.drop(columns="_file")
    # A goal only the study states has no public URL: it points at the study itself (cited on every page), not sources.csv.
    t["source_id"] = [source_id(u, p) if u.strip() else STUDY for u, p in zip(t["source_url"], t["source_publisher"], strict=False)]
    extra = t.loc[t.source_id != STUDY, ["source_id", "source_publisher", "source_title", "source_url", "source_kind",
                                         "read_at"]]
    extra.columns = ["source_id", "publisher", "title", "url", "kind", "read_at"]
    if set(extra["kind"]) - set(KINDS):
        fail(f"targets: unknown source kinds {sorted(set(extra['kind']) - set(KINDS))}")
    src = pd.concat([src, extra]).drop_duplicates("source_id")
    cols = ["target_id", "indicator_id", "adcode", "year", "value", "kind", "baseline_year", "study_goal", "name_zh",
            "name_en", "source_id", "excerpt", "note"]
    return t[cols], src


def classes(obs: pd.DataFrame, reg: pd.DataFrame) -> pd.DataFrame:
    """Map class breaks per indicator, level and year, precomputed so the app need not import mapclassify."""
    from components.classes import breaks

    city = set(reg.adcode[reg.level == "city"])
    province = set(reg.adcode[reg.province_level])
    rows = []
    for level, codes in (("city", city), ("province", province)):
        sub = obs[obs.adcode.isin(codes)]
        for (ind, year), grp in sub.groupby(["indicator_id", "year"]):
            rows.append({"indicator_id": ind, "level": level, "year": int(year),
                         "breaks": " ".join(repr(round(b, 6)) for b in breaks(grp.value.to_numpy()))})
    return pd.DataFrame(rows)


def coverage(obs: pd.DataFrame, reg: pd.DataFrame) -> pd.DataFrame:
    level = obs["adcode"].map(reg.set_index("adcode")["level"])
    g = obs.assign(level=level).groupby(["indicator_id", "level"])
    return g.agg(places=("adcode", "nunique"), first_year=("year", "min"), last_year=("year", "max"),
                 observations=("value", "size")).reset_index()


def field(name: str, typ: str, desc: str = "") -> dict:
    f = {"name": name, "type": typ}
    if desc:
        f["description"] = desc
    return f


def schema_for(df: pd.DataFrame, keys: dict | None = None) -> dict:
    types = {"int64": "integer", "float64": "number", "bool": "boolean"}
    fields = [field(c, types.get(str(df[c].dtype), "string")) for c in df.columns]
    s = {"fields": fields}
    if keys:
        s.update(keys)
    return s


def write(name: str, df: pd.DataFrame) -> None:
    df.to_csv(OUT / name, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def main() -> None:
    reg = regions()
    ind = indicators()
    obs, alt, src = facts(ind)
    obs = pd.concat([obs, census()], ignore_index=True)
    obs = pd.concat([obs, derived(obs), nominal_growth(obs, alt)], ignore_index=True)
    obs = obs[obs.indicator_id.isin(ind.indicator_id)]
    obs = obs.sort_values(["indicator_id", "adcode", "year"], kind="stable").reset_index(drop=True)
    obs["year"] = obs["year"].astype(int)
    src = pd.concat([src, pd.DataFrame([CENSUS_SOURCE])], ignore_index=True)
    tgt, src = targets(src)
    src = src.assign(accessed=ACCESSED).sort_values("source_id").reset_index(drop=True)
    missing = set(obs.adcode) - set(reg.adcode)
    if LENIENT:
        obs, missing = obs[obs.adcode.isin(reg.adcode)], set()
    if missing:
        fail(f"observations for unknown adcodes: {sorted(missing)}")
    places = pd.read_csv(RAW / "places.csv", dtype=str) if (RAW / "places.csv").exists() else pd.DataFrame(
        columns=["place_id", "kind", "name_zh", "name_en", "adcode", "lat", "lon", "source_url", "note"])
    cov = coverage(obs, reg)
    tables = {"classes.csv": classes(obs, reg), "regions.csv": reg, "indicators.csv": ind, "observations.csv": obs, "observations_alternatives.csv": alt,
              "sources.csv": src, "targets.csv": tgt, "places.csv": places, "coverage.csv": cov}
    for name, df in tables.items():
        write(name, df)
    fk = {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}
    keys = {
        "observations": {"primaryKey": ["indicator_id", "adcode", "year"], "foreignKeys": [
            fk, {"fields": "indicator_id", "reference": {"resource": "indicators", "fields": "indicator_id"}},
            {"fields": "adcode", "reference": {"resource": "regions", "fields": "adcode"}}]},
        "regions": {"primaryKey": ["adcode"]},
        "indicators": {"primaryKey": ["indicator_id"]},
        "sources": {"primaryKey": ["source_id"]},
        "targets": {"primaryKey": ["target_id"]},
    }
    resources = []
    for name, df in tables.items():
        rid = name.removesuffix(".csv")
        df = pd.read_csv(OUT / name, dtype={"adcode": str, "parent": str})
        resources.append({"name": rid, "path": name, "profile": "tabular-data-resource", "format": "csv",
                          "encoding": "utf-8", "schema": schema_for(df, keys.get(rid))})
    package = {
        "name": "shanghai-pathways-explorer",
        "title": "Shanghai Pathways Explorer — sourced figures for Shanghai and the Yangtze River Delta",
        "profile": "tabular-data-package",
        "licenses": [{"name": "CC-BY-4.0", "title": "Compilation: CC BY 4.0; figures remain their publishers'; census data MIT (leiii/census)"}],
        "resources": resources,
    }
    (OUT / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"built: {len(obs)} observations, {len(src)} sources, {len(ind)} indicators, {len(tgt)} targets, "
          f"{len(alt)} alternatives")


if __name__ == "__main__":
    main()
