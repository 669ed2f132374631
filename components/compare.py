"""Compare: two to six cities or provinces side by side on any indicator (table and chart), kept in the link."""

from __future__ import annotations

import streamlit as st

from components import charts, data, page, state
from components.data import memo
from components.i18n import display_unit, name_col, t

MIN_PLACES, MAX_PLACES = 2, 6
DEFAULT = ["310000", "320500", "330100", "340100"]


@memo(256)
def shared_indicators(chosen: tuple[str, ...], signature: tuple) -> list[str]:
    """Indicators with a figure for any chosen place, those most of them share first."""
    pkg = data.package()
    counts = pkg.observations[pkg.observations.adcode.isin(chosen)].groupby("indicator_id").adcode.nunique()
    return sorted((i for i in pkg.indicators.index if counts.get(i, 0) >= 1), key=lambda i: -counts[i])


@memo(256)
def comparison(chosen: tuple[str, ...], ind: str, lang: str, signature: tuple) -> dict:
    """The comparison table, chart spec, caption and CSV, built once per selection."""
    pkg = data.package()
    frame = pkg.series(ind, chosen)
    table = charts.tidy(pkg, frame, lang)
    row = pkg.indicators.loc[ind]
    unit = display_unit(row.unit_zh, row.unit_en, lang)[1]
    chart = charts.trend(table, unit, reverse=str(row.higher_is_better) in ("0", "0.0"))
    wide = table.pivot_table(index="year", columns="place", values="label", aggfunc="first").sort_index(ascending=False)
    return {"spec": charts.to_spec(chart), "csv": charts.csv_bytes(table, lang), "caption": charts.caption(pkg, frame, lang),
            "wide": wide, "present": sorted(set(frame.adcode))}


@page.data_page
def render_compare(lang: str) -> None:
    st.title(t("compare.title"))
    st.markdown(t("compare.intro", min=MIN_PLACES, max=MAX_PLACES))
    pkg = data.package()
    names = pkg.regions[name_col(lang)]
    options = [c for c in pkg.regions.index if c != "YRD"]
    chosen = state.read_cities(set(options)) or DEFAULT
    chosen = st.multiselect(t("compare.places"), options, default=chosen[:MAX_PLACES], max_selections=MAX_PLACES,
                            format_func=lambda c: names[c], placeholder=t("map.selection_placeholder"))
    inds = shared_indicators(tuple(chosen), data._signature())
    if len(chosen) < MIN_PLACES or not inds:
        st.info(t("compare.need", min=MIN_PLACES))
        state.write(cities=chosen)
        return
    ind = state.read_choice("indicator", inds, inds[0])
    ind = st.selectbox(t("map.indicator"), inds, index=inds.index(ind), format_func=lambda i: page.ind_label(pkg, i, lang))
    state.write(cities=chosen, indicator=ind)
    view = comparison(tuple(chosen), ind, lang, data._signature())
    missing = [names[c] for c in chosen if c not in set(view["present"])]
    if missing:
        st.caption(t("compare.missing", places="、".join(missing) if lang == "zh" else ", ".join(missing)))
    st.markdown(f"#### {page.ind_label(pkg, ind, lang)}")
    st.dataframe(view["wide"], width="stretch")
    charts.show_spec(view, lang, key=f"compare-{ind}")
