"""The one chart helper: trends, rankings and target lines in Altair, each with a source caption and a CSV download."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from components.data import Package
from components.i18n import display_unit, fmt_value, has, name_col, qualifier_note, t


class _Altair:
    """Altair, imported when the first chart is built: its ~0.5 s import then comes after the page's title and map
    have been sent, not before (cold start straight to a map page)."""

    def __getattr__(self, name):
        import altair

        return getattr(altair, name)


alt = _Altair()

HIGHLIGHT = "#c2185b"
BASE = "#5b8db8"
SHANGHAI = "310000"
# One colour per place for the whole app and both languages (Okabe–Ito and Tol's muted scheme: colour-blind safe).
# Shanghai, China and the Delta have their own; each province shares its hue with its capital (they are never drawn
# together); every other city keeps one colour from the muted set, by its adcode, wherever it appears.
FIXED = {"310000": "#D55E00", "100000": "#000000", "YRD": "#56B4E9", "NBZS": "#44AA99",
         "320000": "#0072B2", "320100": "#0072B2", "330000": "#009E73", "330100": "#009E73",
         "340000": "#E69F00", "340100": "#E69F00"}
MUTED = ["#332288", "#CC6677", "#117733", "#882255", "#999933", "#AA4499", "#88CCEE", "#DDCC77", "#6F4E37", "#7F7F7F"]
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]  # several indicators of one place
BAR_PX = 22  # plot height per bar in a ranking: every label readable
MIN_TREND_YEARS = 3  # fewer years than this are compared as points, not drawn as a line over time


def place_colour(adcode: str) -> str:
    if adcode in FIXED:
        return FIXED[adcode]
    digits = "".join(c for c in str(adcode) if c.isdigit()) or "0"
    return MUTED[(int(digits) // 100) % len(MUTED)]


def colour_scale(table: pd.DataFrame) -> alt.Scale:
    """Series → colour: by place (fixed for the app) or, for several indicators of one place, by their order."""
    series = table.drop_duplicates("series")
    if table.indicator_id.nunique() > 1:
        return alt.Scale(domain=series.series.tolist(), range=SERIES[: len(series)] or SERIES)
    return alt.Scale(domain=series.series.tolist(), range=[place_colour(a) for a in series.adcode])
MAX_CAPTION = 4  # sources named under a figure; the rest are in its CSV and on the Data & sources page


def tidy(pkg: Package, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Observations -> the table a reader can download: place and indicator names, units, qualifiers and sources."""
    cols = ["indicator_id", "indicator", "adcode", "place", "series", "year", "value", "unit", "label", "qualifier",
            "vintage", "note", "source", "title", "read_at", "url"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    ind = pkg.indicators.loc[frame.indicator_id]
    zh = lang == "zh"
    names = pkg.regions[name_col(lang)]
    src = pkg.sources
    several = frame.indicator_id.nunique() > 1
    scale = np.array([display_unit(uz, ue, lang)[:2] for uz, ue in zip(ind.unit_zh, ind.unit_en, strict=True)],
                     dtype=object).reshape(-1, 2)
    out = pd.DataFrame({
        "indicator_id": frame.indicator_id.to_numpy(),
        "indicator": (ind.name_zh if zh else ind.name_en).to_numpy(),
        "adcode": frame.adcode.to_numpy(),
        "place": frame.adcode.map(names).fillna(frame.adcode).to_numpy(),
        "year": frame.year.astype(int).to_numpy(),
        "value": frame.value.to_numpy() * scale[:, 0].astype(float),
        "unit": scale[:, 1],
        "label": [fmt_value(v, uz, ue, int(d), q, lang) for v, uz, ue, d, q in
                  zip(frame.value, ind.unit_zh, ind.unit_en, ind.decimals, frame.qualifier, strict=True)],
        "qualifier": frame.qualifier.to_numpy(),
        "vintage": [t(f"vintage.{v}", lang) if v else "" for v in frame.get("vintage", pd.Series("", index=frame.index))],
        "note": frame.note.to_numpy(),
        "source": frame.source_id.map(src.publisher).fillna("").map(lambda p: publisher_name(p, lang)).to_numpy(),
        "title": frame.source_id.map(src.title).fillna("").map(lambda x: title_name(x, lang)).to_numpy(),
        "read_at": frame.source_id.map(src.read_at).fillna("").to_numpy(),
        "url": frame.source_id.map(src.url).fillna("").to_numpy(),
    })
    out["series"] = out.indicator if several else out.place
    return out[cols].sort_values(["series", "year"]).reset_index(drop=True)


def trend(table: pd.DataFrame, unit: str, target: dict | None = None, reverse: bool = False,
          highlight: str | None = None, bars: bool = False) -> alt.Chart:
    """Lines (or bars, for one place) over years; hollow points mark qualified figures (≥, ≈, preliminary, derived)."""
    table = table.assign(qualified=table.qualifier.ne(""), segment=_segments(table))
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0),
              scale=alt.Scale(zero=False, nice=False))
    zero = not zoomed(table, unit, bars, reverse)
    y = alt.Y("value:Q", title=unit, scale=alt.Scale(reverse=reverse, zero=bool(zero)))
    tooltip = [alt.Tooltip("series:N", title=""), alt.Tooltip("year:O", title=""), alt.Tooltip("label:N", title=""),
               alt.Tooltip("vintage:N", title="")]
    series = table.series.unique().tolist()
    scale = colour_scale(table)
    colour = alt.Color("series:N", title=None, scale=scale, sort=series,
                       legend=alt.Legend(orient="bottom", labelLimit=260, columns=2) if len(series) > 1 else None)
    if bars:
        chart = alt.Chart(table).mark_bar(color=place_colour(table.adcode.iloc[0])).encode(x=x, y=y, tooltip=tooltip)
    else:
        base = alt.Chart(table).encode(x=x, y=y, color=colour, tooltip=tooltip)
        line = base.mark_line(point=False, strokeWidth=2).encode(detail="segment:N")
        quiet = alt.Color("series:N", legend=None, sort=series, scale=scale)  # one legend (the lines'), not two
        points = base.mark_point(size=60, filled=True).encode(
            color=quiet, stroke=quiet, strokeWidth=alt.value(2),
            fill=alt.condition("datum.qualified", alt.value("white"), quiet))
        chart = line + points
    if target:
        rule = pd.DataFrame([target])
        layer = alt.Chart(rule).mark_rule(strokeDash=[6, 4], color=HIGHLIGHT).encode(y="value:Q")
        label = alt.Chart(rule).mark_text(align="left", dx=4, dy=-6, color=HIGHLIGHT).encode(
            y="value:Q", text="label:N", x=alt.value(0))
        chart = chart + layer + label
    return chart.properties(height=300)


def zoomed(table: pd.DataFrame, unit: str, bars: bool = False, reverse: bool = False) -> bool:
    """Whether a trend's value axis leaves out zero. Bars and shares (%) always start at zero, so a 15.3–16.3 %
    share does not look like a swing; a level that moves little (life expectancy) zooms in, and the caption says so."""
    lo, hi = table.value.min(), table.value.max()
    if bars or unit.startswith("%") or lo <= 0 or hi <= 0:
        return False
    return reverse or (hi - lo) / hi < 0.2


def _segments(table: pd.DataFrame) -> pd.Series:
    """A new segment wherever a series skips a year or changes statistical vintage (an economic-census revision):
    lines never bridge a gap, so nothing looks interpolated, and a revision never looks like growth."""
    ordered = table.sort_values(["series", "year"])
    vintage = ordered.vintage if "vintage" in ordered else pd.Series("", index=ordered.index)
    changed = vintage.ne(vintage.groupby(ordered.series).shift()) & ordered.series.duplicated()
    gap = ordered.groupby("series").year.diff().fillna(1).ne(1) | changed
    seg = gap.groupby(ordered.series).cumsum()
    return (ordered.series + "#" + seg.astype(str)).reindex(table.index)


def ranking(table: pd.DataFrame, unit: str, selected: list[str], reverse: bool = False) -> alt.Chart:
    """All places with a figure, sorted, every one labelled, the value at the bar's end; the plot grows with the
    number of places. Selected places and Shanghai stand out."""
    table = table.assign(pick=table.adcode.isin(set(selected) | {SHANGHAI}))
    order = "ascending" if reverse else "descending"
    y = alt.Y("place:N", sort=alt.EncodingSortField("value", order=order), title=None,
              axis=alt.Axis(labelOverlap=False, labelLimit=160, labelFontSize=12))
    counts = table.unit.iloc[0] in COUNT_UNITS if "unit" in table and len(table) else False
    axis = alt.Axis(tickMinStep=1, format=",d", grid=True) if counts else alt.Axis(format=",~r", grid=True)
    x = alt.X("value:Q", title=unit, scale=alt.Scale(zero=True, nice=True), axis=axis)
    base = alt.Chart(table).encode(y=y, tooltip=[alt.Tooltip("place:N", title=""), alt.Tooltip("label:N", title="")])
    bars = base.mark_bar().encode(x=x, color=alt.condition("datum.pick", alt.value(HIGHLIGHT), alt.value(BASE)))
    text = base.mark_text(align="left", dx=3, fontSize=11, color="#424242").encode(x="value:Q", text="label:N")
    return (bars + text).properties(height=BAR_PX * max(len(table), 3))


COUNT_UNITS = {"家", "个", "件", "所", "张", "人", "位", "firms", "enterprises", "patents", "museums", "hospitals", "beds",
               "doctors", "institutions"}


def points(table: pd.DataFrame, unit: str) -> alt.Chart:
    """One or two years per place: a dot per year on one row per place (a dumbbell when two), never a line over time."""
    table = table.assign(year_label=table.year.astype(str))
    years = sorted(table.year_label.unique())
    y = alt.Y("series:N", title=None, sort=table.drop_duplicates("series").series.tolist(),
              axis=alt.Axis(labelOverlap=False, labelLimit=160))
    x = alt.X("value:Q", title=unit, scale=alt.Scale(zero=bool((table.value >= 0).all() and unit in ("%",))))
    tooltip = [alt.Tooltip("series:N", title=""), alt.Tooltip("year_label:N", title=""),
               alt.Tooltip("label:N", title="")]
    link = alt.Chart(table).mark_rule(color="#9e9e9e", strokeWidth=2).encode(
        y=y, x="min(value):Q", x2="max(value):Q")
    dots = alt.Chart(table).mark_point(filled=True, size=110, opacity=1).encode(
        y=y, x=x, tooltip=tooltip, shape=alt.Shape("year_label:N", title=None, sort=years,
                                                    legend=alt.Legend(orient="bottom")),
        color=alt.Color("series:N", scale=colour_scale(table), legend=None))
    layers = (link + dots) if len(years) > 1 else dots
    return layers.properties(height=BAR_PX * max(table.series.nunique(), 3) + 20)


YEARBOOK_TITLE = re.compile(r"^中国城市统计年鉴(\d{4})$")


def publisher_name(publisher: str, lang: str) -> str:
    """The publisher in the reader's language where it has its own English name (locales: publisher_en)."""
    return t(f"publisher_en.{publisher}", lang) if lang == "en" and has(f"publisher_en.{publisher}", lang) else \
        str(publisher)


def title_name(title: str, lang: str) -> str:
    """A source's title in the reader's language where the source has one: the yearbook's cover gives its own."""
    m = YEARBOOK_TITLE.match(str(title)) if lang == "en" else None
    return f"China City Statistical Yearbook {m.group(1)} ({title})" if m else str(title)


def cite(source, lang: str, title: bool = True) -> str:
    """A source as a reader should see it: the publisher and title first, then where the text was read.

    Plain text (PDF, CSV): "上海市统计局《2024年上海市统计公报》 · 读取于 example.com"."""
    publisher = publisher_name(source.publisher, lang)
    text = f"{publisher}《{source.title}》" if title and lang == "zh" else (
        f"{publisher}, “{title_name(source.title, lang)}”" if title else publisher)
    if str(source.read_at or "").strip():
        text += " · " + t("chart.read_at", lang, host=source.read_at)
    return text


def caption(pkg: Package, frame: pd.DataFrame, lang: str) -> str:
    """'Source: publisher, title · read at host' with links, as Markdown."""
    srcs = pkg.sources_of(frame)
    if srcs.empty:
        return ""
    if len(srcs) == 1:
        s = srcs.iloc[0]
        return f"{t('chart.source', lang)}: [{md_text(cite(s, lang))}]({md_url(s.url)})"
    # One entry per publisher (the yearbook's six editions are one publisher): its titles as links, then where read.
    parts = []
    for (publisher, read_at), grp in srcs.groupby(["publisher", "read_at"], sort=False):
        if len(grp) == 1:
            parts.append(f"[{md_text(cite(grp.iloc[0], lang, title=False))}]({md_url(grp.iloc[0].url)})")
            continue
        links = ", ".join(f"[{md_text(title_name(s.title, lang))}]({md_url(s.url)})"
                          for s in grp.head(MAX_CAPTION + 2).itertuples())
        where = f" · {md_text(t('chart.read_at', lang, host=read_at))}" if str(read_at).strip() else ""
        parts.append(f"{md_text(publisher_name(publisher, lang))}: {links}{where}")
    more = len(parts) - MAX_CAPTION
    tail = t("chart.more_sources", lang, n=more) if more > 0 else ""
    return f"{t('chart.sources', lang)}: " + "; ".join(parts[:MAX_CAPTION]) + tail


def md_url(url: str) -> str:
    """Only http(s) links, with the characters that would end a Markdown link escaped."""
    url = str(url).strip()
    if not url.lower().startswith(("http://", "https://")):
        return "#"
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def md_text(text: str) -> str:
    """Text from data files, made inert in Markdown (no links, HTML or emphasis injected)."""
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+!|~" else c for c in str(text))


def titled(chart: alt.Chart, title: str) -> alt.Chart:
    """The figure's title drawn by Vega-Lite, left-aligned like a heading (one element fewer per figure)."""
    return chart.properties(title=alt.TitleParams(title, anchor="start", fontSize=17, fontWeight=600, offset=12,
                                                  limit=0))


def to_spec(chart: alt.Chart) -> dict:
    """A chart as a Vega-Lite dict with its datasets already in Arrow IPC bytes.

    Streamlit converts inline datasets to Arrow on every rerun unless they are bytes already; a cached figure does
    that work once.
    """
    spec = chart.to_dict()
    try:
        from streamlit import dataframe_util

        spec["datasets"] = {name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(rows))
                            for name, rows in spec.get("datasets", {}).items()}
    except (ImportError, AttributeError):  # an older/newer Streamlit without this helper: let it convert per run
        pass
    return spec


CSV_COLUMNS = ["indicator", "place", "adcode", "year", "value", "unit", "qualifier", "vintage", "source", "title",
               "read_at", "url"]


def reader_table(table: pd.DataFrame, lang: str, columns: list[str] = CSV_COLUMNS) -> pd.DataFrame:
    """The figures with unit, qualifier, vintage and source, headed in the reader's language (the on-screen table
    and the CSV are the same table); missing text is empty, never "None" or "nan"."""
    out = table.reindex(columns=columns).copy()
    if "qualifier" in out:
        out["qualifier"] = [qualifier_label(q, lang) for q in out.qualifier.fillna("")]
    text = [c for c in out.columns if c not in ("value", "year")]
    out[text] = out[text].fillna("").astype(str).replace({"None": "", "nan": ""})
    out.columns = [t(f"csv.{c}", lang) for c in columns]
    return out


SCREEN_COLUMNS = ["place", "indicator", "year", "value", "unit", "qualifier", "vintage", "source", "title", "url"]


def csv_bytes(table: pd.DataFrame, lang: str) -> bytes:
    """What a reader downloads: the figures with unit, qualifier, vintage and source, headed in their language, and
    nothing from the build (no internal notes or ids). UTF-8 with a BOM, so Excel opens Chinese text correctly."""
    return reader_table(table, lang).to_csv(index=False).encode("utf-8-sig")


def qualifier_label(qualifier: str, lang: str) -> str:
    kind = qualifier.split(":")[0]
    if not kind:
        return ""
    if kind in ("lower_bound", "approx"):
        return t(f"csv.q_{kind}", lang)
    return qualifier_note(qualifier, lang).strip(" （）()")


PRESENTER_CONFIG = {"axis": {"labelFontSize": 18, "titleFontSize": 18}, "legend": {"labelFontSize": 17},
                    "title": {"fontSize": 26}, "text": {"fontSize": 16}}


def presenter(spec: dict, height: int = 520) -> dict:
    """A figure for a room: the same spec with large axis, legend and title text."""
    config = {k: {**v, **PRESENTER_CONFIG.get(k, {})} for k, v in spec.get("config", {}).items()}
    return {**spec, "height": height, "config": {**PRESENTER_CONFIG, **config}}


def show_spec(spec: dict, lang: str, key: str, **extras) -> None:
    """A built figure in the app's one frame (chart · table, sentence, sources, downloads): see grapher.show."""
    from components import grapher  # the frame uses this module's tables; imported late to keep one direction

    grapher.show(spec, lang, key, **extras)
