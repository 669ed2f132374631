"""The one template: turns a Pathway declaration into a page (study text, map, figures, sources)."""

from __future__ import annotations

import streamlit as st

from components import charts, data, fonts, grapher, maps, pins, state, telemetry
from components.figures import (  # noqa: F401  (re-exported: the page's builders are figures.py's)
    DEFAULT_COMPARE,
    Figure,
    _ctx,
    _ctx_key,
    best_year,
    build_figure,
    figure_frame,
    figure_spec,
    full_csv,
    full_years,
    ind_label,
    is_ratio,
    map_options,
    map_sentence,
    map_table,
    target_line,
    target_source,
)
from components.i18n import current, name_col, t
from components.pathways import PATHWAYS, Pathway, Ranking
from components.shell import data_error, data_page, notes_area, show_notes  # noqa: F401  (re-exported)


def study_text(p: Pathway, lang: str) -> None:
    k = p.text
    st.title(f"{t(k + '.number')} · {t(k + '.title')}")
    st.markdown(f"**{t(k + '.tagline')}**")
    left, right = st.columns([3, 2], gap="large")
    # One Markdown block per column (heading and text together): fewer elements to resend on every rerun.
    left.markdown(f"### {t('page.argument')}\n\n{t(k + '.argument')}")
    right.markdown(f"### {t('page.measures')}\n\n" + "\n".join(f"- {m}" for m in t(k + ".measures")))
    st.caption(t("page.study_credit", citation=t("study.citation")))


PLAY_SECONDS = 1.6  # one year per step when the timeline plays


def _year_control(p: Pathway, years: list[int], linked: int | None, best: int, lang: str) -> int:
    """A year slider (oldest → latest) with play: playing steps the map through the years it has, then stops."""
    key = f"play-{p.id}"
    ordered = sorted(years)
    playing = st.session_state.get(key, False)
    col_s, col_p = st.columns([5, 1], vertical_alignment="bottom")
    year = col_s.select_slider(t("map.year"), ordered, disabled=playing or len(ordered) < 2,
                               **state.bind(f"map-year-{p.id}", "year", linked, best, lambda v: v in ordered))

    def toggle() -> None:
        starting = not st.session_state.get(key, False)
        st.session_state[key] = starting
        if starting and year == ordered[-1]:  # play from the start when the latest year is on screen
            state.write(year=ordered[0])
        st.session_state[f"{key}-at"] = None

    col_p.button(t("map.pause" if playing else "map.play"), key=f"play-btn-{p.id}", on_click=toggle,
                 icon=":material/pause:" if playing else ":material/play_arrow:", disabled=len(ordered) < 2,
                 width="stretch")
    if playing:
        _ticker(p.id, tuple(ordered), year)
    return year


@st.fragment(run_every=PLAY_SECONDS)
def _ticker(pid: str, years: tuple[int, ...], year: int) -> None:
    """While playing: after each interval, the next year (the whole page reruns, so figures follow the map)."""
    key = f"play-{pid}"
    if not st.session_state.get(key):
        return
    seen = st.session_state.get(f"{key}-at")
    st.session_state[f"{key}-at"] = year
    if seen != year:  # the page has just drawn this year: show it for one interval first
        return
    later = [y for y in years if y > year]
    if later:
        state.write(year=later[0])
    if len(later) <= 1:
        st.session_state[key] = False
    st.rerun(scope="app")


def map_section(pkg: data.Package, p: Pathway, lang: str, controls: bool = True) -> dict:
    """Pickers and timeline, the map · table, legend, selection, downloads and pin; without controls (presenter mode)
    only map and legend."""
    spec = p.map
    opts = map_options(p.id, data._signature())
    inds = list(opts)
    if not inds:
        st.info(t("common.no_data"))
        return {}
    linked = state.read_choice("indicator", inds, None)
    ind = linked or inds[0]
    if controls:
        # Keyed widgets (state.bind): every pick stays, and a changed link (search, shared link) moves them.
        kwargs = state.bind(f"map-ind-{p.id}", "indicator", linked, inds[0], lambda v: v in inds)
        key = kwargs["key"]
        # A new indicator opens on its own best year: the old year may not exist for it.
        kwargs.update(on_change=lambda: state.write(indicator=st.session_state[key], year=None), args=())
        ind = st.selectbox(t("map.indicator"), inds, format_func=lambda i: ind_label(pkg, i, lang), **kwargs)
    years, best = opts[ind]
    year = state.read_year(years, best)
    if controls:
        year = _year_control(p, years, state.read_year(years, None), best, lang)
    city_codes = pkg.cities.index.tolist()
    cities = state.read_cities(set(city_codes))
    args = maps.payload(ind, year, lang, spec.overlay, spec.points, spec.level, data._signature())
    st.markdown(f"#### {ind_label(pkg, ind, lang)} · {year}")
    if controls:
        map_tab, table_tab = grapher.tabs([t("fig.map", lang), t("fig.table", lang)], f"{p.id}-map")
    else:
        map_tab, table_tab = st.container(), None
    clicked = None
    if getattr(map_tab, "open", True) is not False:
        with map_tab:
            clicked = maps.show(args, key=p.id)
    cap, csv, table = map_table(ind, year, spec.level, lang, data._signature())  # after the map: it goes out first
    if table_tab is not None and table_tab.open:
        with table_tab:
            grapher.table_view(table, lang)
    if clicked and clicked in city_codes:
        st.session_state[f"last-city-{p.id}"] = clicked
        if clicked not in cities:
            cities = [*cities, clicked][-state.MAX_CITIES:]
            state.write(indicator=ind, year=year, cities=cities)
            st.rerun()
    note = t("map.help" if spec.level == "city" else "map.help_province", n=args["legend"]["n"], of=args["legend"]["of"])
    st.markdown(maps.legend(args, lang, note if controls else ""), unsafe_allow_html=True)
    sentence = map_sentence(ind, year, spec.level, lang, data._signature())
    if sentence:
        st.markdown(sentence)
    view = {"indicator": ind, "year": year, "cities": cities, "level": spec.level}
    if not controls:
        return view
    last = st.session_state.get(f"last-city-{p.id}")
    if last in city_codes:
        st.page_link("pages/city.py", label=t("map.profile_of", city=pkg.regions.loc[last, name_col(lang)]),
                     icon=":material/location_city:", query_params={"city": last, "lang": lang})
    names = pkg.regions[name_col(lang)]
    cities = st.multiselect(t("map.selection"), city_codes, format_func=lambda c: names[c],
                            max_selections=state.MAX_CITIES, placeholder=t("map.selection_placeholder"),
                            **state.bind(f"map-cities-{p.id}", "cities", cities, [],
                                         lambda v: isinstance(v, list) and set(v) <= set(city_codes)))
    state.write(indicator=ind, year=year, cities=cities)
    view["cities"] = cities
    if cap:
        st.caption(cap)
    grapher.actions(lang, f"{p.id}-map-{ind}-{year}", csv, full=lambda: full_csv((ind,), lang, data._signature()),
                    image=lambda fmt: figure_image(p.id, "map", view, lang, fmt),
                    pin=pins.of_view(p.id, "map", {"indicator": ind, "year": year}), pin_key=f"{p.id}-map")
    return view


def figure_image(pid: str, slot: str, ctx: dict, lang: str, fmt: str) -> bytes:
    """A figure (or the map) as PNG or SVG, drawn by vl-convert with the CJK font, on request only."""
    from components import briefing  # vl-convert loads on the first request only

    return briefing.image(pid, slot, ctx, lang, fmt)


def figure(pid: str, index: int, ctx: dict, lang: str) -> bool:
    """One declared figure on the page; returns False (and draws nothing) when there is no data behind it."""
    spec = figure_spec(pid, index, _ctx_key(ctx), lang, data._signature())
    if spec is None:
        return False
    inds = spec["indicators"]
    view = _pin_ctx(PATHWAYS[pid].figures[index], ctx)
    grapher.show(spec, lang, key=f"{pid}-{index}", pin=pins.of_view(pid, str(index), view),
                 full=lambda: full_csv(inds, lang, data._signature()),
                 image=lambda fmt: figure_image(pid, str(index), view, lang, fmt))
    return True


def _pin_ctx(fig, ctx: dict) -> dict:
    """The part of the view a figure follows: a ranking the map's indicator and year, a selection chart the cities."""
    if isinstance(fig, Ranking) and not fig.indicator:
        return {k: ctx.get(k) for k in ("indicator", "year", "cities", "level")}
    return {"cities": list(ctx.get("cities") or [])} if getattr(fig, "places", None) == "selection" else {}


def valid_pin(pin: pins.Pin) -> bool:
    """A pin from a link names a pathway, one of its figures (or its map) and, if any, a map view it offers."""
    p = PATHWAYS.get(pin.pathway)
    if p is None or not (pin.slot == "map" and p.map or pin.slot.isdigit() and int(pin.slot) < len(p.figures)):
        return False
    if pin.indicator or pin.slot == "map":
        years = map_options(p.id, data._signature()).get(pin.indicator, ([], None))[0]
        if pin.year not in years:
            return False
    return set(pin.cities) <= set(data.package().cities.index)


PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
.block-container {max-width: 1400px; padding-top: 1rem;}
.block-container p, .block-container li {font-size: 1.35rem; line-height: 1.6;}
.block-container h1 {font-size: 3rem;} .block-container h4 {font-size: 1.9rem;}
</style>"""


def slide_controls(key: str, n: int) -> int:
    """Previous / next / exit for any presenter view, with the keyboard's ← → and Esc; returns the slide shown."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    i = max(0, min(st.session_state.get(key, 0), n - 1))
    nav = st.columns([1, 1, 3, 1], vertical_alignment="center")
    nav[0].button(t("present.previous"), icon=":material/arrow_back:", disabled=i == 0, key="prev", shortcut="Left",
                  on_click=lambda: st.session_state.__setitem__(key, i - 1))
    nav[1].button(t("present.next"), icon=":material/arrow_forward:", disabled=i >= n - 1, key="next",
                  shortcut="Right", on_click=lambda: st.session_state.__setitem__(key, i + 1))
    nav[2].markdown(t("present.slide", i=i + 1, n=n))
    exit_button(nav[3])
    return i


def exit_bar() -> None:
    """Presenter mode on a page without slides: the page as it is, large, with the way out on top."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    exit_button()


def exit_button(where=st) -> None:
    where.button(t("present.exit"), key="exit-present", icon=":material/close:", shortcut="Esc", type="primary",
                 on_click=lambda: state.write(present=None))


def show_slide_spec(spec: dict | None, lang: str) -> None:
    """A figure for a room: large text, its sentence, its notes and sources."""
    if spec is None:
        st.info(t("common.no_data", lang))
        return
    st.vega_lite_chart(charts.presenter(spec["spec"]), width="stretch")
    if spec.get("sentence"):
        st.markdown(f"**{spec['sentence']}**")
    st.caption(spec["caption"])


def render_slides(pkg: data.Package, p: Pathway, lang: str) -> None:
    """Presenter mode: no sidebar or pickers, large type, one key figure at a time."""
    k = p.text
    slides = ["overview"] + (["map"] if p.map else []) + [i for i, _ in enumerate(p.figures)]
    st.title(f"{t(k + '.number')} · {t(k + '.title')}")
    i = slide_controls(f"slide-{p.id}", len(slides))
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
        show_slide_spec(figure_spec(p.id, slide, _ctx_key(ctx), lang, data._signature()), lang)


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
    base = state.base_url()  # read now: the file is made later, outside this run

    def make() -> bytes:
        from components import briefing  # vl-convert and fpdf2 load on the first request only

        return briefing.briefing_pdf(pid, lang, _ctx(key), data._signature(), base)

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
    # On a phone the evidence (map first) comes before the long study text: style.css reorders these two blocks.
    with st.container(key="study-text"):
        study_text(p, lang)
        st.divider()
    evidence = st.container(key="evidence")
    evidence.markdown(f"## {t('page.evidence')}\n\n{t(p.text + '.evidence_intro')}")
    with evidence:
        _evidence(p, lang, slot)


def _evidence(p: Pathway, lang: str, slot) -> None:
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
    if p.map and p.figures and _charts_wait():
        wait = st.empty()
        wait.caption(t("page.charts_follow"))
        telemetry.pause(CHARTS_AFTER_S)  # the map goes out now; the charts once it has had its head start
        wait.empty()
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


CHARTS_AFTER_S = 1.2  # the map's head start: 0.8 s left it still drawing in a fresh browser, 1.6 s gained nothing


def _charts_wait() -> bool:
    """Whether the charts wait for the map: only on the first pathway page a browser opens.

    On that view the browser is still loading Streamlit's element code, the map component and Leaflet, and the
    map's iframe shares the page's main thread: charts drawn at the same time delayed the map by about a second
    (bench/coldmap.py). So the map goes out first and the run pauses (no CPU, the GIL free for the server to send
    Leaflet) before building the charts. AppTest has no browser (no request headers): it never waits.
    """
    if "charts-follow" in st.session_state:
        return False
    st.session_state["charts-follow"] = True  # asked once per session: st.context is not free (AppTest mocks it)
    return bool(st.context.headers)
