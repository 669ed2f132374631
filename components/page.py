"""The one template: turns a Pathway declaration into a page (study text, map, figures, sources)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import charts, data, fonts, maps, state
from components.data import memo
from components.i18n import current, display_unit, name_col, t
from components.pathways import PATHWAYS, Pathway, Ranking

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


def data_page(body):
    """For page renderers `body(lang)`: URL notes on top, and a missing or broken data file explained in place of the
    part that needs it (the body just calls data.package()); notes are shown however the body ends."""

    @functools.wraps(body)
    def run() -> None:
        slot = notes_area()
        try:
            body(current())
        except data.DataError as exc:
            data_error(exc)
        show_notes(slot)

    return run


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
    # One Markdown block per column (heading and text together): fewer elements to resend on every rerun.
    left.markdown(f"### {t('page.argument')}\n\n{t(k + '.argument')}")
    right.markdown(f"### {t('page.measures')}\n\n" + "\n".join(f"- {m}" for m in t(k + ".measures")))
    st.caption(t("page.study_credit", citation=t("study.citation")))


MIN_MAP_SHARE = 40 / 41  # a map offers a year only when (nearly) every place has a figure: no half-empty maps


def full_years(pkg: data.Package, indicator_id: str, level: str = "city") -> dict[int, int]:
    """Years in which at least 40 of the 41 cities (or all four provincial units) have a figure -> places covered."""
    units = pkg.units(level).index
    counts = pkg.series(indicator_id, units).groupby("year").size()
    need = int(-(-len(units) * MIN_MAP_SHARE // 1))
    return {int(y): int(n) for y, n in counts.items() if n >= need}


def best_year(pkg: data.Package, indicator_id: str, level: str = "city") -> int | None:
    """The latest year with the most places covered: the fullest map to open on (a full year when there is one)."""
    full = full_years(pkg, indicator_id, level)
    if not full:
        counts = pkg.series(indicator_id, pkg.units(level).index).groupby("year").size()
        full = {int(y): int(n) for y, n in counts.items()}
    if not full:
        return None
    top = max(full.values())
    return max(y for y, n in full.items() if n == top)


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


def map_section(pkg: data.Package, p: Pathway, lang: str, controls: bool = True) -> dict:
    """Pickers, the map, its legend, selection and download; without controls (presenter mode) only map and legend."""
    spec = p.map
    opts = map_options(p.id, data._signature())
    inds = list(opts)
    if not inds:
        st.info(t("common.no_data"))
        return {}
    ind = state.read_choice("indicator", inds, inds[0])
    col_i, col_y = st.columns([3, 1]) if controls else (None, None)
    if controls:
        ind = col_i.selectbox(t("map.indicator"), inds, index=inds.index(ind),
                              format_func=lambda i: ind_label(pkg, i, lang))
    years, best = opts[ind]
    year = state.read_year(years, best)
    if controls:
        year = col_y.selectbox(t("map.year"), years, index=years.index(year))
    city_codes = pkg.cities.index.tolist()
    cities = state.read_cities(set(city_codes))
    args = maps.payload(ind, year, lang, spec.overlay, spec.points, spec.level, data._signature())
    st.markdown(f"#### {ind_label(pkg, ind, lang)} · {year}")
    clicked = maps.show(args, key=p.id)
    if clicked and clicked in city_codes:
        st.session_state[f"last-city-{p.id}"] = clicked
        if clicked not in cities:
            cities = [*cities, clicked][-state.MAX_CITIES:]
            state.write(indicator=ind, year=year, cities=cities)
            st.rerun()
    last = st.session_state.get(f"last-city-{p.id}")
    if last in city_codes:
        st.page_link("pages/city.py", label=t("map.profile_of", city=pkg.regions.loc[last, name_col(lang)]),
                     icon=":material/location_city:", query_params={"city": last, "lang": lang})
    note = t("map.help" if spec.level == "city" else "map.help_province", n=args["legend"]["n"], of=args["legend"]["of"])
    st.markdown(maps.legend(args, lang, note if controls else ""), unsafe_allow_html=True)
    if not controls:
        return {"indicator": ind, "year": year, "cities": cities, "level": spec.level}
    names = pkg.regions[name_col(lang)]
    cities = st.multiselect(t("map.selection"), city_codes, default=cities, format_func=lambda c: names[c],
                            max_selections=state.MAX_CITIES, placeholder=t("map.selection_placeholder"))
    state.write(indicator=ind, year=year, cities=cities)
    cap, csv = map_table(ind, year, spec.level, lang, data._signature())
    if cap:
        st.caption(cap)
    st.download_button(t("chart.download"), csv, file_name=f"{p.id}-map-{ind}-{year}.csv", mime="text/csv",
                       key=f"dl-map-{p.id}")
    return {"indicator": ind, "year": year, "cities": cities, "level": spec.level}


@memo(256)
def map_table(ind: str, year: int, level: str, lang: str, signature: tuple) -> tuple[str, bytes]:
    """The map's sources caption and its data as CSV."""
    pkg = data.package()
    snap = pkg.snapshot(ind, year, level).dropna(subset=["value"]).reset_index().assign(indicator_id=ind)
    return charts.caption(pkg, snap, lang), charts.csv_bytes(charts.tidy(pkg, snap, lang), lang)


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
        total = len(pkg.units(ctx.get("level", "city") if not fig.indicator else "city"))
        if total - len(frame):
            notes.append(t("chart.missing", lang, n=total - len(frame), of=total))
    else:
        title = " · ".join(ind_label(pkg, i, lang) for i in dict.fromkeys(frame.indicator_id)) if fig.also else \
            ind_label(pkg, ind, lang)
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
    return Figure(title, chart, table, frame, notes)


@memo(1024)
def figure_spec(pid: str, index: int, ctx_key: tuple, lang: str, signature: tuple) -> dict | None:
    """A figure as plain data (Vega-Lite spec, caption, CSV): built once per view, so reruns only resend it.

    Shared, not copied, between reruns and sessions: readers must not modify it (charts.show_spec copies the spec).
    """
    built = build_figure(data.package(), PATHWAYS[pid].figures[index], _ctx(ctx_key), lang)
    if built is None:
        return None
    return {"title": built.title, "spec": charts.to_spec(charts.titled(built.chart, built.title)), "csv": charts.csv_bytes(built.table, lang),
            "caption": "  \n".join([*built.notes, charts.caption(data.package(), built.frame, lang)])}


def _ctx_key(ctx: dict) -> tuple:
    return (ctx.get("indicator"), ctx.get("year"), tuple(ctx.get("cities") or ()), ctx.get("level", "city"))


def _ctx(key: tuple) -> dict:
    return {"indicator": key[0], "year": key[1], "cities": list(key[2]), "level": key[3]} if key[0] else \
        {"cities": list(key[2])}


def figure(pid: str, index: int, ctx: dict, lang: str) -> bool:
    """One declared figure on the page; returns False (and draws nothing) when there is no data behind it."""
    spec = figure_spec(pid, index, _ctx_key(ctx), lang, data._signature())
    if spec is None:
        return False
    charts.show_spec(spec, lang, key=f"{pid}-{index}")
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
    return t("study.citation", lang)


PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
.block-container {max-width: 1400px; padding-top: 1rem;}
.block-container p, .block-container li {font-size: 1.35rem; line-height: 1.6;}
.block-container h1 {font-size: 3rem;} .block-container h4 {font-size: 1.9rem;}
</style>"""


def render_slides(pkg: data.Package, p: Pathway, lang: str) -> None:
    """Presenter mode: no sidebar or pickers, large type, one key figure at a time."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    k = p.text
    slides = ["overview"] + (["map"] if p.map else []) + [i for i, _ in enumerate(p.figures)]
    key = f"slide-{p.id}"
    i = min(st.session_state.get(key, 0), len(slides) - 1)
    st.title(f"{t(k + '.number')} · {t(k + '.title')}")
    nav = st.columns([1, 1, 4, 1])
    nav[0].button(t("present.previous"), icon=":material/arrow_back:", disabled=i == 0, key="prev",
                  on_click=lambda: st.session_state.__setitem__(key, i - 1))
    nav[1].button(t("present.next"), icon=":material/arrow_forward:", disabled=i >= len(slides) - 1, key="next",
                  on_click=lambda: st.session_state.__setitem__(key, i + 1))
    nav[2].markdown(t("present.slide", i=i + 1, n=len(slides)))
    nav[3].button(t("present.exit"), key="exit-present", on_click=lambda: state.write(present=None))
    slide = slides[i]
    ctx = {}
    if slide == "overview":
        st.markdown(f"**{t(k + '.tagline')}**")
        st.markdown("\n".join(f"- {m}" for m in t(k + ".measures")))
    elif slide == "map" or p.map:
        # Figures that follow the map (rankings) need its state even when the map is not on screen.
        holder = st.container() if slide == "map" else st.empty()
        with holder:
            ctx = map_section(pkg, p, lang, controls=False) if slide == "map" else _map_state(pkg, p)
    if isinstance(slide, int):
        spec = figure_spec(p.id, slide, _ctx_key(ctx), lang, data._signature())
        if spec is None:
            st.info(t("common.no_data"))
        else:
            st.vega_lite_chart({**spec["spec"], "height": 520}, width="stretch")
            st.caption(spec["caption"])


def _map_state(pkg: data.Package, p: Pathway) -> dict:
    """The map's indicator and year from the link, without drawing anything."""
    opts = map_options(p.id, data._signature())
    if not opts:
        return {}
    ind = state.read_choice("indicator", list(opts), next(iter(opts)))
    years, best = opts[ind]
    year = state.read_year(years, best)
    return {"indicator": ind, "year": year, "cities": state.read_cities(set(pkg.cities.index)), "level": p.map.level}


def briefing_button(pid: str, lang: str, ctx: dict) -> None:
    """The pathway's PDF briefing for the current view, made only when asked for (it takes a few seconds)."""
    key = _ctx_key(ctx)

    def make() -> bytes:
        from components import briefing  # vl-convert and fpdf2 load on the first request only

        return briefing.briefing_pdf(pid, lang, _ctx(key), data._signature())

    if not fonts.available():
        st.button(t("briefing.download"), disabled=True, help=t("briefing.error"), icon=":material/picture_as_pdf:")
        return
    st.download_button(t("briefing.download"), make, file_name=f"shanghai-pathways-{pid}-{lang}.pdf",
                       mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                       key=f"pdf-{pid}")


def render_pathway(p: Pathway) -> None:
    lang = current()
    slot = notes_area()
    if state.read_flag("present"):
        try:
            render_slides(data.package(), p, lang)
        except data.DataError as exc:
            data_error(exc)
        show_notes(slot)
        return
    study_text(p, lang)
    st.divider()
    st.markdown(f"## {t('page.evidence')}\n\n{t(p.text + '.evidence_intro')}")
    pdf_slot = st.container()
    try:
        pkg = data.package()
    except data.DataError as exc:
        data_error(exc)
        show_notes(slot)
        return
    ctx = {}
    if p.map:
        try:
            ctx = map_section(pkg, p, lang)
        except data.DataError as exc:  # broken boundaries: say so where the map would be; the charts still work
            data_error(exc)
            ctx = _map_state(pkg, p)
    with pdf_slot:
        briefing_button(p.id, lang, ctx)
    try:
        drawn = 0
        cols = st.columns(2, gap="large")
        for i in range(len(p.figures)):
            with cols[drawn % 2]:
                drawn += figure(p.id, i, ctx, lang)
        if not p.map and not drawn:
            st.info(t("page.no_evidence"))
    except data.DataError as exc:
        data_error(exc)
    show_notes(slot)
