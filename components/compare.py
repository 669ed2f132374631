"""Compare: one to six cities or provinces side by side on any indicator (table and chart), kept in the link."""

from __future__ import annotations

import streamlit as st

from components import charts, data, page, state
from components.data import memo
from components.i18n import display_unit, name_col, t

MIN_PLACES, MAX_PLACES = 2, 6
DEFAULT = ["310000", "320100", "330100", "340100"]  # Shanghai and the three provincial capitals
DEFAULT_INDICATOR = "gdp"  # recent and covered for every city: what a first visit shows


@memo(256)
def shared_indicators(chosen: tuple[str, ...], signature: tuple) -> list[str]:
    """Indicators with a figure for any chosen place: those most of them share first, then those with the most
    recent year all of those places share, then the longest series (so a recent annual figure comes before a
    census count of the same places)."""
    pkg = data.package()
    obs = pkg.observations[pkg.observations.adcode.isin(chosen)]
    if obs.empty:
        return []
    counts = obs.groupby("indicator_id").adcode.nunique()
    per_year = obs.groupby(["indicator_id", "year"]).adcode.nunique()
    years = obs.groupby("indicator_id").year.nunique()

    def key(i: str) -> tuple:
        covered = per_year.loc[i]
        recent = int(covered[covered >= counts[i]].index.max()) if (covered >= counts[i]).any() else 0
        return -counts[i], -recent, -years[i], i

    return sorted((i for i in counts.index if i in pkg.indicators.index), key=key)


def chart_kind(n_years: int) -> str:
    """One year: bars (a ranking of the places); two: points per place; three or more: lines over time."""
    if n_years <= 1:
        return "bars"
    return "points" if n_years < charts.MIN_TREND_YEARS else "lines"


@memo(256)
def comparison(chosen: tuple[str, ...], ind: str, lang: str, signature: tuple) -> dict:
    """The comparison table, chart spec, caption and CSV, built once per selection."""
    pkg = data.package()
    frame = pkg.series(ind, chosen)
    table = charts.tidy(pkg, frame, lang)
    row = pkg.indicators.loc[ind]
    unit = display_unit(row.unit_zh, row.unit_en, lang)[1]
    reverse = str(row.higher_is_better) in ("0", "0.0")
    kind = chart_kind(table.year.nunique())
    notes = []
    if kind == "bars":
        chart = charts.ranking(table, unit, [], reverse)
    elif kind == "points":
        chart = charts.points(table, unit)
    else:
        chart = charts.trend(table, unit, reverse=reverse)
        if charts.zoomed(table, unit, False, reverse):
            notes.append(t("chart.zoomed", lang))
        if (table.groupby("series").vintage.nunique() > 1).any():
            notes.append(t("chart.vintage_break", lang))
    if (table.qualifier != "").any():
        notes.append(t("chart.qualified", lang))
    names = pkg.regions[name_col(lang)]
    wide = table.pivot_table(index="year", columns="adcode", values="label", aggfunc="first")
    wide = wide.reindex(columns=[c for c in chosen if c in wide.columns]).sort_index(ascending=False)
    wide = wide.fillna(t("explore.no_value", lang)).rename(columns=names)
    wide.columns.name = None
    wide.index.name = t("common.year", lang)
    wide.index = wide.index.astype(str)
    return {"spec": charts.to_spec(chart), "csv": charts.csv_bytes(table, lang), "kind": kind,
            "caption": "  \n".join([*notes, charts.caption(pkg, frame, lang)]), "wide": wide,
            "present": sorted(set(frame.adcode))}


@page.data_page
def render_compare(lang: str) -> None:
    st.title(t("compare.title"))
    st.markdown(t("compare.intro", min=MIN_PLACES, max=MAX_PLACES))
    pkg = data.package()
    names = pkg.regions[name_col(lang)]
    options = [c for c in pkg.regions.index if c != "YRD"]
    allowed = set(options)
    from_link = state.read_cities(allowed)[:MAX_PLACES] or None
    chosen = st.multiselect(
        t("compare.places"), options, max_selections=MAX_PLACES, format_func=lambda c: names[c],
        placeholder=t("map.selection_placeholder"),
        **state.bind("compare-places", "cities", from_link, DEFAULT,
                     valid=lambda v: isinstance(v, list) and set(v) <= allowed and len(v) <= MAX_PLACES))
    inds = shared_indicators(tuple(chosen), data._signature())
    if not chosen or not inds:
        st.info(t("compare.need", min=MIN_PLACES))
        state.write(cities=chosen, indicator=None)
        return
    start = DEFAULT_INDICATOR if DEFAULT_INDICATOR in inds else inds[0]
    linked = state.read_choice("indicator", pkg.indicators.index.tolist(), None)  # a note only if no indicator at all
    ind = st.selectbox(t("map.indicator"), inds, format_func=lambda i: page.ind_label(pkg, i, lang),
                       **state.bind("compare-indicator", "indicator", linked if linked in inds else None, start,
                                    valid=lambda v: v in inds))
    state.write(cities=chosen, indicator=ind)
    if len(chosen) < MIN_PLACES:
        st.info(t("explore.compare_add", min=MIN_PLACES), icon=":material/add_circle:")
    view = comparison(tuple(chosen), ind, lang, data._signature())
    missing = [names[c] for c in chosen if c not in set(view["present"])]
    if missing:
        st.caption(t("compare.missing", places="、".join(missing) if lang == "zh" else ", ".join(missing)))
    st.markdown(f"#### {page.ind_label(pkg, ind, lang)}")
    st.dataframe(view["wide"], width="stretch", placeholder=t("explore.no_value", lang))
    charts.show_spec(view, lang, key=f"compare-{ind}")
