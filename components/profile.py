"""A city profile: every indicator the package holds for one city, its rank among the 41, a small trend, sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts, data, goals, maps, page, state
from components.data import memo
from components.i18n import fmt_value, name_col, t

DEFAULT_CITY = "310000"


@memo(128)
def profile_table(adcode: str, lang: str, signature: tuple) -> pd.DataFrame:
    """One row per indicator with a figure for this city: latest value and year, rank that year, trend, source."""
    pkg = data.package()
    city_codes = set(pkg.cities.index)
    obs = pkg.observations[pkg.observations.adcode == adcode]
    rows = []
    for ind_id, grp in obs.groupby("indicator_id", sort=False):
        ind = pkg.indicators.loc[ind_id]
        grp = grp.sort_values("year")
        last = grp.iloc[-1]
        same_year = pkg.observations[(pkg.observations.indicator_id == ind_id) & (pkg.observations.year == last.year)
                                     & pkg.observations.adcode.isin(city_codes)]
        higher = str(ind.higher_is_better) not in ("0", "0.0")
        rank = int((same_year.value > last.value).sum() + 1) if higher else int((same_year.value < last.value).sum() + 1)
        src = pkg.sources.loc[last.source_id] if last.source_id in pkg.sources.index else None
        rows.append({
            "indicator_id": ind_id,
            "pathway": ind.pathway,
            "indicator": ind.name_zh if lang == "zh" else ind.name_en,
            "latest": fmt_value(last.value, ind.unit_zh, ind.unit_en, int(ind.decimals), last.qualifier, lang),
            "year": int(last.year),
            "rank": t("profile.rank", rank=rank, n=len(same_year)) if len(same_year) > 1 else "—",
            "trend": grp.value.tolist() if len(grp) > 1 else None,
            "source": src.publisher if src is not None else "",
            "url": charts.md_url(src.url) if src is not None else "",
        })
    return pd.DataFrame(rows)


@page.data_page
def render_profile(lang: str) -> None:
    pkg = data.package()
    names = pkg.regions[name_col(lang)]
    codes = pkg.cities.index.tolist()
    code = state.read_choice("city", codes, DEFAULT_CITY)
    code = st.selectbox(t("profile.pick"), codes, index=codes.index(code), format_func=lambda c: names[c])
    state.write(city=code)
    region = pkg.regions.loc[code]
    parent = names.get(region.parent, "") if region.parent != "100000" else ""
    st.title(names[code])
    if parent:
        st.caption(t("profile.in_province", province=parent))
    left, right = st.columns([2, 3], gap="large")
    with left:
        try:
            maps.show(maps.locator(code, lang, data._signature()), key="locator")
        except data.DataError as exc:
            page.data_error(exc)
    table = profile_table(code, lang, data._signature())
    with right:
        st.subheader(t("profile.figures"))
        st.caption(t("profile.help"))
        st.dataframe(
            table[["indicator", "latest", "year", "rank", "trend", "source", "url"]], hide_index=True, width="stretch",
            column_config={
                "indicator": t("sources.col_indicator"), "latest": t("profile.latest"), "year": t("common.year"),
                "rank": t("profile.rank_col"), "trend": st.column_config.LineChartColumn(t("profile.trend")),
                "source": t("sources.col_publisher"), "url": st.column_config.LinkColumn(t("sources.col_link")),
            })
        st.download_button(t("chart.download"), table.drop(columns=["trend"]).to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"profile-{code}.csv", mime="text/csv")
    if code == "310000":
        goals.render_tracker()
