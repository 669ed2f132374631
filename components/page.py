"""The one template: turns a Pathway declaration into a page (study text, map, figures, sources)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import charts, data, maps, state
from components.i18n import current, name_col, t
from components.pathways import Pathway, Ranking

DEFAULT_COMPARE = ("310000", "320100", "330100", "340100")  # Shanghai and the three provincial capitals


def notes_area():
    """A slot at the top of the page for URL fallback notes, filled once the page has read its state."""
    _ensure_shell()
    return st.empty()


def _ensure_shell() -> None:
    """Run inside app.py's navigation, even on a server's very first request.

    Because a `pages/` folder exists, Streamlit starts in its legacy multipage mode and runs a deep-linked page file
    on its own (no language switch, a raw file list as navigation) until app.py has called st.navigation once.
    Switching the flag and rerunning hands the same URL to app.py.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def show_notes(slot) -> None:
    notes = state.take_notes()
    if notes:
        slot.info("\n\n".join(t(k, **kw) for k, kw in notes), icon=":material/info:")


def data_error(exc: data.DataError) -> None:
    st.error(t("error.data", file=str(exc)), icon=":material/error:")


def ind_label(pkg: data.Package, indicator_id: str, lang: str) -> str:
    row = pkg.indicators.loc[indicator_id]
    return row.name_zh if lang == "zh" else row.name_en


def study_text(p: Pathway, lang: str) -> None:
    k = p.text
    st.title(f"{t(k + '.number')} · {t(k + '.title')}")
    st.markdown(f"**{t(k + '.tagline')}**")
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("page.argument"))
        st.markdown(t(k + ".argument"))
    with right:
        st.subheader(t("page.measures"))
        st.markdown("\n".join(f"- {m}" for m in t(k + ".measures")))
    st.caption(t("page.study_credit", citation=t("study.citation")))


def best_year(pkg: data.Package, indicator_id: str, level: str = "city") -> int | None:
    """The year with the most places covered (latest on a tie): the fullest map to open on."""
    obs = pkg.series(indicator_id, pkg.units(level).index)
    if obs.empty:
        return None
    counts = obs.groupby("year").size()
    return int(counts[counts == counts.max()].index.max())


def map_section(pkg: data.Package, p: Pathway, lang: str) -> dict:
    spec = p.map
    codes = pkg.units(spec.level).index.tolist()
    inds = [i for i in spec.indicators if i in pkg.indicators.index and not pkg.series(i, codes).empty]
    if not inds:
        st.info(t("common.no_data"))
        return {}
    ind = state.read_choice("indicator", inds, inds[0])
    col_i, col_y = st.columns([3, 1])
    ind = col_i.selectbox(t("map.indicator"), inds, index=inds.index(ind), format_func=lambda i: ind_label(pkg, i, lang))
    years = sorted(pkg.series(ind, codes).year.unique().tolist(), reverse=True)
    year = state.read_year(years, best_year(pkg, ind, spec.level))
    year = col_y.selectbox(t("map.year"), years, index=years.index(year))
    city_codes = pkg.cities.index.tolist()
    cities = state.read_cities(set(city_codes))
    args = maps.payload(ind, year, lang, spec.overlay, spec.points, spec.level, data._signature())
    st.markdown(f"#### {ind_label(pkg, ind, lang)} · {year}")
    clicked = maps.show(args, key=p.id)
    if clicked and clicked in city_codes and clicked not in cities:
        cities = [*cities, clicked][-state.MAX_CITIES:]
        state.write(indicator=ind, year=year, cities=cities)
        st.rerun()
    st.markdown(maps.legend(args, lang), unsafe_allow_html=True)
    st.caption(t("map.help" if spec.level == "city" else "map.help_province", n=args["legend"]["n"],
                 of=args["legend"]["of"]))
    names = pkg.regions[name_col(lang)]
    cities = st.multiselect(t("map.selection"), city_codes, default=cities, format_func=lambda c: names[c],
                            max_selections=state.MAX_CITIES, placeholder=t("map.selection_placeholder"))
    state.write(indicator=ind, year=year, cities=cities)
    snap = pkg.snapshot(ind, year, spec.level).dropna(subset=["value"]).reset_index().assign(indicator_id=ind)
    download(pkg, snap, lang, f"{p.id}-map-{ind}-{year}", f"dl-map-{p.id}")
    return {"indicator": ind, "year": year, "cities": cities, "level": spec.level}


def download(pkg: data.Package, frame: pd.DataFrame, lang: str, name: str, key: str) -> None:
    """Caption with sources, and the figure's data as CSV."""
    table = charts.tidy(pkg, frame, lang)
    cap = charts.caption(pkg, frame, lang)
    if cap:
        st.caption(cap)
    st.download_button(t("chart.download"), table.to_csv(index=False).encode("utf-8-sig"), file_name=f"{name}.csv",
                       mime="text/csv", key=key)


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
        places = (*dict.fromkeys(("310000", *(ctx.get("cities") or DEFAULT_COMPARE[1:]))), "YRD")
    elif fig.also:
        places = places[:1]
    frame = pd.concat([pkg.series(i, places) for i in inds])
    return frame, inds[0], None


@dataclass
class Figure:
    """A declared figure, built: what both the page and the briefing PDF draw."""
    title: str
    chart: object  # an Altair chart
    table: pd.DataFrame  # the tidy, downloadable data
    frame: pd.DataFrame  # the observations (for sources)
    notes: list[str]


def build_figure(pkg: data.Package, fig, ctx: dict, lang: str) -> Figure | None:
    """Turn a declaration into a chart, or None when there is no data behind it."""
    frame, ind, year = figure_frame(pkg, fig, ctx)
    if frame.empty:
        return None
    row = pkg.indicators.loc[ind]
    unit = row.unit_zh if lang == "zh" else row.unit_en
    table = charts.tidy(pkg, frame, lang)
    reverse = str(row.higher_is_better) in ("0", "0.0")
    notes = []
    if isinstance(fig, Ranking):
        title = t("chart.ranking", indicator=ind_label(pkg, ind, lang), year=year)
        chart = charts.ranking(table, unit, ctx.get("cities") or [], reverse)
        total = len(pkg.units(ctx.get("level", "city") if not fig.indicator else "city"))
        if total - len(frame):
            notes.append(t("chart.missing", n=total - len(frame), of=total))
    else:
        title = " · ".join(ind_label(pkg, i, lang) for i in dict.fromkeys(frame.indicator_id)) if fig.also else \
            ind_label(pkg, ind, lang)
        chart = charts.trend(table, unit, target_line(pkg, fig.target, lang), fig.reverse, bars=fig.bars)
        if fig.places == "selection" and not ctx.get("cities"):
            notes.append(t("chart.default_places"))
        if fig.target and target_line(pkg, fig.target, lang):
            notes.append(t("chart.target_note", source=target_source(pkg, fig.target, lang)))
    if (table.qualifier != "").any():
        notes.append(t("chart.qualified"))
    return Figure(title, chart, table, frame, notes)


def figure(pkg: data.Package, fig, ctx: dict, lang: str, key: str) -> bool:
    """One declared figure on the page; returns False (and draws nothing) when there is no data behind it."""
    built = build_figure(pkg, fig, ctx, lang)
    if built is None:
        return False
    st.markdown(f"#### {built.title}")
    charts.show(built.chart, built.table, pkg, built.frame, lang, key, "  \n".join(built.notes))
    return True


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
    return t("study.citation")


def render_pathway(p: Pathway) -> None:
    lang = current()
    slot = notes_area()
    study_text(p, lang)
    st.divider()
    st.header(t("page.evidence"))
    st.markdown(t(p.text + ".evidence_intro"))
    try:
        pkg = data.package()
        ctx = map_section(pkg, p, lang) if p.map else {}
        drawn = 0
        cols = st.columns(2, gap="large")
        for i, fig in enumerate(p.figures):
            with cols[drawn % 2]:
                drawn += figure(pkg, fig, ctx, lang, key=f"{p.id}-{i}")
        if not p.map and not drawn:
            st.info(t("page.no_evidence"))
    except data.DataError as exc:
        data_error(exc)
    show_notes(slot)
