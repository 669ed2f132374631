"""A city profile: every indicator the package holds for one city, its rank among places of its level, a small
trend, how old the figure is, sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts, data, goals, maps, page, state
from components.data import memo
from components.i18n import fmt_value, name_col, t

DEFAULT_CITY = "310000"
MIN_RANKED = 10  # a rank among fewer places with a figure that year means little ("1 of 2")
NO_RANK_UNITS = {"年", "位"}  # calendar years (an approval year) and ranks are not quantities to rank places by
OLD_YEARS = 3  # a latest figure more than this many years before the package's latest year says so
# Column widths (px) that fit the main area at a 1,400 px window with the sidebar open (about 930 px); on a phone
# the table keeps them and scrolls sideways (a pinned column would leave the rest no room there).
WIDTHS = {"indicator": 275, "latest": 145, "year": 50, "rank": 85, "note": 130, "trend": 80, "source": 105, "url": 60}


def rankable(ind: pd.Series) -> bool:
    """Whether places can be ranked by this indicator: not a date, a rank or an identifier."""
    return str(ind.unit_zh) not in NO_RANK_UNITS and not str(ind.indicator_id).endswith(("_year", "_id", "_code"))


@memo(128)
def profile_table(adcode: str, lang: str, signature: tuple) -> pd.DataFrame:
    """One row per indicator with a figure for this place: latest value and year, rank that year among places of the
    same level (when at least MIN_RANKED have a figure and the indicator is a quantity), trend, age, source."""
    pkg = data.package()
    obs_all = pkg.observations
    level = pkg.regions.loc[adcode, "level"] if adcode in pkg.regions.index else "city"
    peers = set(pkg.regions.index[pkg.regions.level == level])
    latest_year = int(obs_all.year.max()) if len(obs_all) else 0
    obs = obs_all[obs_all.adcode == adcode]
    rows = []
    for ind_id, grp in obs.groupby("indicator_id", sort=False):
        if ind_id not in pkg.indicators.index:
            continue
        ind = pkg.indicators.loc[ind_id]
        grp = grp.sort_values("year")
        last = grp.iloc[-1]
        rank = "—"
        if rankable(ind):
            same_year = obs_all[(obs_all.indicator_id == ind_id) & (obs_all.year == last.year) & obs_all.adcode.isin(peers)]
            if len(same_year) >= MIN_RANKED:
                higher = str(ind.higher_is_better) not in ("0", "0.0")
                ahead = (same_year.value > last.value) if higher else (same_year.value < last.value)
                rank = t("profile.rank", lang, rank=int(ahead.sum() + 1), n=len(same_year))
        age = latest_year - int(last.year)
        src = pkg.sources.loc[last.source_id] if last.source_id in pkg.sources.index else None
        rows.append({
            "indicator_id": ind_id,
            "pathway": ind.pathway,
            "indicator": ind.name_zh if lang == "zh" else ind.name_en,
            "latest": fmt_value(last.value, ind.unit_zh, ind.unit_en, int(ind.decimals), last.qualifier, lang),
            "year": int(last.year),
            "rank": rank,
            "note": t("explore.profile_old", lang, years=age, latest=latest_year) if age > OLD_YEARS else "",
            "trend": [float(v) for v in grp.value] if len(grp) > 1 else [],
            "source": str(src.publisher) if src is not None else "",
            "url": charts.md_url(src.url) if src is not None else "",
        })
    columns = ["indicator_id", "pathway", "indicator", "latest", "year", "rank", "note", "trend", "source", "url"]
    return pd.DataFrame(rows, columns=columns)


def column_config(lang: str, latest: int) -> dict:
    w = WIDTHS
    return {
        "indicator": st.column_config.TextColumn(t("sources.col_indicator", lang), width=w["indicator"]),
        "latest": st.column_config.TextColumn(t("profile.latest", lang), width=w["latest"]),
        "year": st.column_config.NumberColumn(t("common.year", lang), width=w["year"], format="%d"),
        "rank": st.column_config.TextColumn(t("profile.rank_col", lang), width=w["rank"], help=t("profile.help", lang)),
        "note": st.column_config.TextColumn(t("explore.profile_note", lang), width=w["note"],
                                            help=t("explore.profile_old_help", lang, latest=latest)),
        "trend": st.column_config.LineChartColumn(t("profile.trend", lang), width=w["trend"]),
        "source": st.column_config.TextColumn(t("sources.col_publisher", lang), width=w["source"]),
        "url": st.column_config.LinkColumn(t("sources.col_link", lang), width=w["url"],
                                           display_text=t("explore.profile_source_link", lang)),
    }


def profile_csv(table: pd.DataFrame, lang: str) -> bytes:
    """The table as the reader sees it, headed in their language, without the build's ids or the sparkline."""
    cols = [c for c in WIDTHS if c != "trend"]
    heads = {c: column_config(lang, 0)[c]["label"] for c in cols}
    return table[cols].rename(columns=heads).to_csv(index=False).encode("utf-8-sig")


@page.data_page
def render_profile(lang: str) -> None:
    pkg = data.package()
    names = pkg.regions[name_col(lang)]
    codes = pkg.cities.index.tolist()
    code = st.selectbox(t("profile.pick"), codes, format_func=lambda c: names[c],
                        **state.bind("profile-city", "city", state.read_choice("city", codes, None), DEFAULT_CITY,
                                     valid=lambda v: v in codes))
    state.write(city=code)
    region = pkg.regions.loc[code]
    parent = names.get(region.parent, "") if region.parent != "100000" else ""
    st.title(names[code])
    if parent:
        st.caption(t("profile.in_province", province=parent))
    table = profile_table(code, lang, data._signature())
    left, right = st.columns([2, 3], gap="large")
    with left:
        try:
            maps.show(maps.locator(code, lang, data._signature()), key="locator")
        except data.DataError as exc:
            page.data_error(exc)
    with right:
        st.subheader(t("profile.figures"))
        st.caption(t("profile.help"))
        st.download_button(t("chart.download"), profile_csv(table, lang), file_name=f"profile-{code}.csv",
                           mime="text/csv")
    # The table under both columns: the full width of the page, so every column fits at 1,400 px.
    st.dataframe(table[list(WIDTHS)], hide_index=True, width="stretch",
                 column_config=column_config(lang, int(pkg.observations.year.max())),
                 placeholder=t("explore.no_value", lang))
    if code == "310000":
        goals.render_tracker()
