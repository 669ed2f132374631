"""The goal tracker: each of the study's quantified 2025 goals against the latest sourced figure.

Status rules (computed from data/targets.csv and data/observations.csv, never typed in):
- level_at_least: met when the latest figure reaches the goal; otherwise on track when the straight line through the
  latest two figures reaches it by the goal year, else behind.
- multiple_of_baseline: the same, against baseline-year figure × multiple; no baseline figure means no data.
- rising: on track when the latest figure is above the one before it, else behind.
- growth_in_step: met when income growth is no more than 0.5 points below GDP growth in the latest year both exist.
Any goal without the figures its rule needs is "no data".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import charts, data, figures, shell
from components.data import memo
from components.i18n import current, fmt_value, t

IN_STEP_TOLERANCE = 0.5  # percentage points: "基本同步" read as growth within half a point
IN_STEP_PAIRS = (("disposable_income_growth", "gdp_growth"),  # real
                 ("disposable_income_growth_nominal", "gdp_growth_nominal"))  # current prices


@dataclass
class Goal:
    target: pd.Series
    status: str  # met | on_track | behind | no_data
    latest: pd.Series | None = None
    goal_value: float | None = None
    progress: float | None = None  # latest / goal, for a progress bar
    compare: pd.Series | None = None  # growth_in_step: the GDP growth figure compared against


def _series(pkg: data.Package, indicator: str, adcode: str) -> pd.DataFrame:
    return pkg.series(indicator, [adcode]).sort_values("year")


def assess(pkg: data.Package, target: pd.Series) -> Goal:
    obs = _series(pkg, target.indicator_id, target.adcode)
    if target.kind == "growth_in_step":
        # Real against real, or current prices against current prices: the latest year either pair has.
        pairs = []
        for income, gdp_id in IN_STEP_PAIRS:
            inc = _series(pkg, income, target.adcode)
            gdp = _series(pkg, gdp_id, target.adcode).set_index("year")
            both = inc[inc.year.isin(gdp.index)]
            if not both.empty:
                pairs.append((both.iloc[-1], gdp.loc[both.iloc[-1].year]))
        if not pairs:
            return Goal(target, "no_data")
        inc, g = max(pairs, key=lambda p: p[0].year)
        ok = inc.value >= g.value - IN_STEP_TOLERANCE
        return Goal(target, "met" if ok else "behind", inc, compare=g)
    if obs.empty:
        return Goal(target, "no_data")
    latest = obs.iloc[-1]
    if target.kind == "rising":
        if len(obs) < 2:
            return Goal(target, "no_data", latest)
        return Goal(target, "on_track" if latest.value > obs.iloc[-2].value else "behind", latest)
    goal = float(target.value)
    if target.kind == "multiple_of_baseline":
        base = obs[obs.year == int(target.baseline_year)]
        if base.empty:
            return Goal(target, "no_data", latest)
        goal = goal * float(base.iloc[0].value)
    elif target.kind != "level_at_least":
        return Goal(target, "no_data", latest)
    progress = latest.value / goal if goal else None
    if latest.value >= goal:
        return Goal(target, "met", latest, goal, progress)
    if len(obs) >= 2 and latest.year < int(target.year):
        prev = obs.iloc[-2]
        slope = (latest.value - prev.value) / max(latest.year - prev.year, 1)
        if latest.value + slope * (int(target.year) - latest.year) >= goal:
            return Goal(target, "on_track", latest, goal, progress)
    return Goal(target, "behind", latest, goal, progress)


def study_goals(pkg: data.Package) -> list[Goal]:
    tg = pkg.targets[pkg.targets.study_goal.astype(str).isin(["1", "1.0", "True"])]
    return [assess(pkg, row) for _, row in tg.iterrows()]


@memo(64)
def cards(lang: str, signature: tuple) -> list[dict]:
    """What each goal card shows, as plain text: computed once per language and data version."""
    pkg = data.package()
    out = []
    for g in study_goals(pkg):
        shown = [o for o in (g.latest, g.compare) if o is not None]
        srcs = [charts.caption(pkg, pd.DataFrame(shown), lang)] if shown else []
        srcs.append(t("goals.goal_source", lang, source=figures.target_source(pkg, g.target.target_id, lang)))
        out.append({
            "id": g.target.target_id, "status": g.status,
            "name": g.target.name_zh if lang == "zh" else g.target.name_en,
            "year": int(g.latest.year) if g.latest is not None else None,
            "figure": _figure(pkg, g.latest, lang) if g.latest is not None else t("common.no_data", lang),
            "compare": t("goals.compare", lang, indicator=figures.ind_label(pkg, g.compare.indicator_id, lang),
                         gdp=_figure(pkg, g.compare, lang)) if g.compare is not None else None,
            "progress": g.progress if g.goal_value is not None else None,
            "sources": "  \n".join(s for s in srcs if s),
        })
    return out


def _figure(pkg: data.Package, obs: pd.Series, lang: str) -> str:
    ind = pkg.indicators.loc[obs.indicator_id]
    return fmt_value(obs.value, ind.unit_zh, ind.unit_en, int(ind.decimals), obs.qualifier, lang)


def render_tracker() -> None:
    lang = current()
    st.header(t("goals.tracker"))
    st.caption(t("goals.tracker_help"))
    try:
        pkg = data.package()
    except data.DataError as exc:
        shell.data_error(exc)
        return
    items = cards(lang, data._signature())
    del pkg
    for col, c in zip(st.columns(len(items) or 1), items, strict=False):
        with col, st.container(border=True):
            card(c)


def card(c: dict, lang: str | None = None) -> None:
    """One goal: name, status, the latest figure (and what it is compared with), progress, sources."""
    st.markdown(f"**{c['name']}**")
    st.markdown(f'<span class="goal-status goal-{c["status"]}">{t("goals.status." + c["status"], lang)}</span>',
                unsafe_allow_html=True)
    st.caption(t("goals.latest", lang, year=c["year"]) if c["year"] else t("goals.latest_none", lang))
    st.markdown(f"### {c['figure']}")
    if c["compare"]:
        st.caption(c["compare"])
    if c["progress"] is not None:
        st.progress(min(max(c["progress"], 0.0), 1.0), text=t("goals.progress", lang, pct=round(100 * c["progress"])))
    st.caption(c["sources"])
