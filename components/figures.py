"""The figure builders: what a declared map or chart shows, as data (observations, Vega-Lite spec, sentence, table,
caption, CSV). One builder for the page, presenter mode, My briefing and the PDF; nothing here draws on the page, so
the page template, the goals and the briefing all import it and none imports another.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts, data, describe
from components.data import memo
from components.i18n import display_unit, t
from components.pathways import PATHWAYS, Ranking

DEFAULT_COMPARE = ("310000", "320100", "330100", "340100")  # Shanghai and the three provincial capitals


def ind_label(pkg: data.Package, indicator_id: str, lang: str) -> str:
    row = pkg.indicators.loc[indicator_id]
    return row.name_zh if lang == "zh" else row.name_en


MIN_MAP_SHARE = 40 / 41  # a map offers a year only when (nearly) every place has a figure: no half-empty maps


def full_years(pkg: data.Package, indicator_id: str, level: str = "city") -> dict[int, int]:
    """Years in which at least 40 of the 41 cities (or all four provincial units) have a figure -> places covered."""
    units = pkg.units(level).index
    counts = pkg.series(indicator_id, units).groupby("year").size()
    need = int(-(-len(units) * MIN_MAP_SHARE // 1))
    return {int(y): int(n) for y, n in counts.items() if n >= need}


def best_year(pkg: data.Package, indicator_id: str, level: str = "city") -> int | None:
    """The year a map opens on: the latest full year (at least 40 of 41 cities), as a reader expects the newest
    figures; without a full year, the latest year with the most places covered."""
    full = full_years(pkg, indicator_id, level)
    if full:
        return max(full)
    counts = pkg.series(indicator_id, pkg.units(level).index).groupby("year").size()
    if counts.empty:
        return None
    top = counts.max()
    return int(max(y for y, n in counts.items() if n == top))


@memo(64)
def map_options(pid: str, signature: tuple) -> dict[str, tuple[list[int], int]]:
    """Per map indicator: the years its map is full (latest first) and the year to open on. Sparse indicators stay
    in the charts; a map never offers a year where most places would read "no data"."""
    pkg = data.package()
    spec = PATHWAYS[pid].map
    out = {}
    for i in spec.indicators:
        if i in pkg.indicators.index:
            full = full_years(pkg, i, spec.level)
            if full:
                out[i] = (sorted(full, reverse=True), best_year(pkg, i, spec.level))
    return out


@memo(256)
def map_table(ind: str, year: int, level: str, lang: str, signature: tuple) -> tuple[str, bytes, pd.DataFrame]:
    """The map's sources caption, its data as CSV and as the on-screen table."""
    pkg = data.package()
    snap = pkg.snapshot(ind, year, level).dropna(subset=["value"]).reset_index().assign(indicator_id=ind)
    tidy = charts.tidy(pkg, snap, lang)
    return (charts.caption(pkg, snap, lang), charts.csv_bytes(tidy, lang),
            charts.reader_table(tidy, lang, charts.SCREEN_COLUMNS))


@memo(256)
def map_sentence(ind: str, year: int, level: str, lang: str, signature: tuple) -> str:
    pkg = data.package()
    snap = pkg.snapshot(ind, year, level).dropna(subset=["value"]).reset_index().assign(indicator_id=ind)
    reverse = str(pkg.indicators.loc[ind].higher_is_better) in ("0", "0.0")
    return describe.ranking(charts.tidy(pkg, snap, lang), lang, [], reverse, level)


def figure_frame(pkg: data.Package, fig, ctx: dict) -> tuple[pd.DataFrame, str | None, int | None]:
    """The observations a declared figure draws (maybe empty), its main indicator and, for rankings, the year."""
    if isinstance(fig, Ranking):
        ind = fig.indicator or ctx.get("indicator")
        if not ind or ind not in pkg.indicators.index:
            return pd.DataFrame(), None, None
        level = ctx.get("level", "city") if not fig.indicator else "city"
        year = ctx.get("year") if not fig.indicator else best_year(pkg, ind)
        if year is None:
            return pd.DataFrame(), ind, None
        frame = pkg.snapshot(ind, year, level).dropna(subset=["value"]).reset_index().assign(indicator_id=ind)
        return frame, ind, year
    inds = [i for i in (fig.indicator, *fig.also) if i in pkg.indicators.index]
    if not inds:
        return pd.DataFrame(), None, None
    places = fig.places
    if places == "selection":
        places = (*dict.fromkeys(("310000", *(ctx.get("cities") or DEFAULT_COMPARE[1:]))),
                  *(("YRD",) if fig.with_yrd else ()))
    elif fig.also:
        places = places[:1]
    frame = pd.concat([pkg.series(i, places) for i in inds])
    if not is_ratio(pkg, inds[0]) and frame.adcode.nunique() > 1:
        # A national total on one axis with Shanghai flattens Shanghai to zero: totals compare like with like.
        frame = frame[frame.adcode != "100000"]
    return frame, inds[0], None


RATIO_WORDS = ("per", "share", "rate", "intensity", "rank", "growth", "relative", "ratio", "life expectancy",
               "per capita", "size")


def is_ratio(pkg: data.Package, indicator_id: str) -> bool:
    """Shares, rates, per-head figures and ranks compare across places of any size; totals (levels) do not."""
    row = pkg.indicators.loc[indicator_id]
    return row.unit.startswith("%") or row.unit in ("岁", "位", "吨/万元") or any(
        w in row.name_en.lower() for w in RATIO_WORDS)


@dataclass
class Figure:
    """A declared figure, built: what both the page and the briefing PDF draw."""
    title: str
    chart: object  # an Altair chart
    table: pd.DataFrame  # the tidy, downloadable data
    frame: pd.DataFrame  # the observations (for sources)
    notes: list[str]
    sentence: str = ""  # what it shows, in words (describe.py)
    indicators: tuple[str, ...] = ()


def build_figure(pkg: data.Package, fig, ctx: dict, lang: str) -> Figure | None:
    """Turn a declaration into a chart, or None when there is no data behind it."""
    frame, ind, year = figure_frame(pkg, fig, ctx)
    if frame.empty:
        return None
    row = pkg.indicators.loc[ind]
    unit = display_unit(row.unit_zh, row.unit_en, lang)[1]
    table = charts.tidy(pkg, frame, lang)
    reverse = str(row.higher_is_better) in ("0", "0.0")
    notes = []
    if isinstance(fig, Ranking):
        level = ctx.get("level", "city") if not fig.indicator else "city"
        title = t("chart.ranking" if level == "city" else "chart.ranking_province", lang,
                  indicator=ind_label(pkg, ind, lang), year=year)
        chart = charts.ranking(table, unit, ctx.get("cities") or [], reverse)
        sentence = describe.ranking(table, lang, ctx.get("cities") or [], reverse, level)
        total = len(pkg.units(ctx.get("level", "city") if not fig.indicator else "city"))
        if total - len(frame):
            notes.append(t("chart.missing", lang, n=total - len(frame), of=total))
    else:
        title = " · ".join(ind_label(pkg, i, lang) for i in dict.fromkeys(frame.indicator_id)) if fig.also else \
            ind_label(pkg, ind, lang)
        sentence = describe.trend(table, lang, ctx.get("cities") or [])
        if table.year.nunique() < charts.MIN_TREND_YEARS and not fig.bars:
            chart = charts.points(table, unit)  # one or two years: compared as points, never a line over time
        else:
            chart = charts.trend(table, unit, target_line(pkg, fig.target, lang), fig.reverse, bars=fig.bars)
            if charts.zoomed(table, unit, fig.bars, fig.reverse):
                notes.append(t("chart.zoomed", lang))
        if fig.places == "selection" and not ctx.get("cities"):
            notes.append(t("chart.default_places", lang))
        if fig.target and target_line(pkg, fig.target, lang):
            notes.append(t("chart.target_note", lang, source=target_source(pkg, fig.target, lang)))
    if (table.qualifier != "").any():
        notes.append(t("chart.qualified", lang))
    if not isinstance(fig, Ranking) and (table.groupby("series").vintage.nunique() > 1).any():
        notes.append(t("chart.vintage_break", lang))
    return Figure(title, chart, table, frame, notes, sentence, tuple(dict.fromkeys(frame.indicator_id)))


@memo(1024)
def figure_spec(pid: str, index: int, ctx_key: tuple, lang: str, signature: tuple) -> dict | None:
    """A figure as plain data (Vega-Lite spec, sentence, table, caption, CSV): built once per view, so reruns only
    resend it. Shared, not copied, between reruns and sessions: readers must not modify it.
    """
    built = build_figure(data.package(), PATHWAYS[pid].figures[index], _ctx(ctx_key), lang)
    if built is None:
        return None
    spec = charts.to_spec(charts.titled(built.chart, built.title))
    spec["description"] = built.sentence  # the chart's alt text (Vega sets it as the graphic's ARIA label)
    return {"title": built.title, "spec": spec, "csv": charts.csv_bytes(built.table, lang),
            "table": charts.reader_table(built.table, lang, charts.SCREEN_COLUMNS), "sentence": built.sentence,
            "indicators": built.indicators,
            "caption": "  \n".join([*built.notes, charts.caption(data.package(), built.frame, lang)])}


@memo(256)
def full_csv(indicators: tuple[str, ...], lang: str, signature: tuple) -> bytes:
    """Every figure of these indicators, for every place and year: "download the full series"."""
    pkg = data.package()
    obs = pkg.observations[pkg.observations.indicator_id.isin(indicators)]
    return charts.csv_bytes(charts.tidy(pkg, obs.reset_index(drop=True), lang), lang)


def _ctx_key(ctx: dict) -> tuple:
    return (ctx.get("indicator"), ctx.get("year"), tuple(ctx.get("cities") or ()), ctx.get("level", "city"))


def _ctx(key: tuple) -> dict:
    return {"indicator": key[0], "year": key[1], "cities": list(key[2]), "level": key[3]} if key[0] else \
        {"cities": list(key[2])}


def target_line(pkg: data.Package, target_id: str, lang: str) -> dict | None:
    if not target_id:
        return None
    rows = pkg.targets[pkg.targets.target_id == target_id]
    if rows.empty or pd.isna(rows.iloc[0].value) or rows.iloc[0].kind != "level_at_least":
        return None
    r = rows.iloc[0]
    return {"value": float(r.value), "label": f"{r.name_zh if lang == 'zh' else r.name_en}"}


def target_source(pkg: data.Package, target_id: str, lang: str) -> str:
    sid = pkg.targets.set_index("target_id").source_id.get(target_id)
    if sid in pkg.sources.index:
        s = pkg.sources.loc[sid]
        return f"[{charts.md_text(s.publisher)}]({charts.md_url(s.url)})"
    return t("study.citation", lang)
