"""The one chart helper: trends, rankings and target lines in Altair, each with a source caption and a CSV download."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components.data import Package
from components.i18n import fmt_value, name_col, t

HIGHLIGHT = "#c2185b"
BASE = "#5b8db8"
SHANGHAI = "310000"


def tidy(pkg: Package, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Observations -> the table a reader can download: place names, units, qualifiers and sources spelled out."""
    if frame.empty:
        return pd.DataFrame(columns=["indicator_id", "indicator", "adcode", "place", "year", "value", "unit", "label",
                                     "qualifier", "note", "source", "url"])
    ind = pkg.indicators.loc[frame.indicator_id.iloc[0]]
    unit = ind.unit_zh if lang == "zh" else ind.unit_en
    names = pkg.regions[name_col(lang)]
    src = pkg.sources
    out = pd.DataFrame({
        "indicator_id": frame.indicator_id,
        "indicator": ind.name_zh if lang == "zh" else ind.name_en,
        "adcode": frame.adcode,
        "place": frame.adcode.map(names).fillna(frame.adcode),
        "year": frame.year.astype(int),
        "value": frame.value,
        "unit": unit,
        "label": [fmt_value(v, ind.unit_zh, ind.unit_en, int(ind.decimals), q, lang)
                  for v, q in zip(frame.value, frame.qualifier, strict=False)],
        "qualifier": frame.qualifier,
        "note": frame.note,
        "source": frame.source_id.map(src.publisher).fillna(""),
        "url": frame.source_id.map(src.url).fillna(""),
    })
    return out.sort_values(["place", "year"]).reset_index(drop=True)


def trend(table: pd.DataFrame, unit: str, target: dict | None = None, reverse: bool = False,
          highlight: str | None = None, bars: bool = False) -> alt.Chart:
    """Lines (or bars, for one place) over years; hollow points mark qualified figures (≥, ≈, preliminary, derived)."""
    table = table.assign(qualified=table.qualifier.ne(""))
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=unit, scale=alt.Scale(reverse=reverse, zero=not reverse))
    tooltip = [alt.Tooltip("place:N", title=""), alt.Tooltip("year:O", title=""), alt.Tooltip("label:N", title="")]
    places = table.place.unique().tolist()
    colour = alt.Color("place:N", title=None, legend=alt.Legend(orient="bottom") if len(places) > 1 else None,
                       sort=places)
    if bars:
        chart = alt.Chart(table).mark_bar(color=BASE).encode(x=x, y=y, tooltip=tooltip)
    else:
        base = alt.Chart(table).encode(x=x, y=y, color=colour, tooltip=tooltip)
        line = base.mark_line(point=False, strokeWidth=2)
        points = base.mark_point(size=60, filled=True).encode(
            fill=alt.condition("datum.qualified", alt.value("white"), colour),
            strokeWidth=alt.value(2))
        chart = line + points
    if target:
        rule = pd.DataFrame([target])
        layer = alt.Chart(rule).mark_rule(strokeDash=[6, 4], color=HIGHLIGHT).encode(y="value:Q")
        label = alt.Chart(rule).mark_text(align="left", dx=4, dy=-6, color=HIGHLIGHT).encode(
            y="value:Q", text="label:N", x=alt.value(0))
        chart = chart + layer + label
    return chart.properties(height=300).configure_view(strokeWidth=0) if False else chart.properties(height=300)


def ranking(table: pd.DataFrame, unit: str, selected: list[str], reverse: bool = False) -> alt.Chart:
    """All places with a figure, sorted; selected ones and Shanghai stand out."""
    table = table.assign(pick=table.adcode.isin(set(selected) | {SHANGHAI}))
    order = "ascending" if reverse else "descending"
    return alt.Chart(table).mark_bar().encode(
        y=alt.Y("place:N", sort=alt.EncodingSortField("value", order=order), title=None),
        x=alt.X("value:Q", title=unit),
        color=alt.condition("datum.pick", alt.value(HIGHLIGHT), alt.value(BASE)),
        tooltip=[alt.Tooltip("place:N", title=""), alt.Tooltip("label:N", title="")],
    ).properties(height=max(120, 16 * len(table)))


def caption(pkg: Package, frame: pd.DataFrame, lang: str) -> str:
    """'Source: publisher, title' lines with links, as Markdown."""
    srcs = pkg.sources_of(frame)
    if srcs.empty:
        return ""
    parts = [f"[{_md(s.publisher)} — {_md(s.title)}]({s.url})" for s in srcs.itertuples()]
    label = t("chart.source", lang) if len(parts) == 1 else t("chart.sources", lang)
    return f"{label}: " + "; ".join(parts)


def _md(text: str) -> str:
    """Text from data files, made inert in Markdown (no links, HTML or emphasis injected)."""
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+!|~" else c for c in str(text))


def show(chart: alt.Chart, table: pd.DataFrame, pkg: Package, frame: pd.DataFrame, lang: str, key: str,
         notes: str = "") -> None:
    st.altair_chart(chart, width="stretch")
    cap = caption(pkg, frame, lang)
    if notes:
        cap = f"{notes}  \n{cap}"
    if cap:
        st.caption(cap)
    st.download_button(t("chart.download", lang), table.to_csv(index=False).encode("utf-8-sig"),
                       file_name=f"{key}.csv", mime="text/csv", key=f"dl-{key}")
