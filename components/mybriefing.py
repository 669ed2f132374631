"""The My briefing page: the pinned figures, in order, to reorder, remove, present and download as one PDF."""

from __future__ import annotations

import streamlit as st

from components import data, fonts, maps, page, pins, state
from components.i18n import t
from components.pathways import PATHWAYS


def pin_title(pin: pins.Pin, lang: str) -> str:
    """'④ Carbon · CO2 emissions: the cities ranked, 2016' — what the pin shows, from its figure's own title."""
    pkg = data.package()
    p = PATHWAYS[pin.pathway]
    where = f"{t(p.text + '.number', lang)} · {t(p.text + '.title', lang)}"
    if pin.slot == "map":
        what = f"{t('fig.map', lang)}: {page.ind_label(pkg, pin.indicator, lang)} · {pin.year}"
    else:
        spec = page.figure_spec(pin.pathway, int(pin.slot), page._ctx_key(pin.ctx), lang, data._signature())
        what = spec["title"] if spec else t("common.no_data", lang)
    return f"{where} — {what}"


def show_pin(pin: pins.Pin, lang: str, presenting: bool = False) -> None:
    """A pinned figure as its page draws it. A map is the page's folium map when presenting; in the list, where it
    sits folded among others, the same choropleth drawn by Vega (it lays itself out when unfolded)."""
    p = PATHWAYS[pin.pathway]
    if pin.slot == "map":
        spec = p.map
        if presenting:
            args = maps.payload(pin.indicator, pin.year, lang, spec.overlay, spec.points, spec.level,
                                data._signature())
            maps.show(args, key=f"pin-map-{pin.code}")
            st.markdown(maps.legend(args, lang), unsafe_allow_html=True)
        else:
            from components import briefing  # the Vega choropleth (and vl-convert) load on this page only

            drawn = briefing.map_chart(data.package(), {**pin.ctx, "level": spec.level}, lang, spec.overlay,
                                       spec.points)
            if drawn is not None:
                st.altair_chart(drawn[0], width="content")
        sentence = page.map_sentence(pin.indicator, pin.year, spec.level, lang, data._signature())
        if sentence:
            st.markdown(f"**{sentence}**" if presenting else sentence)
        cap = page.map_table(pin.indicator, pin.year, spec.level, lang, data._signature())[0]
        if cap:
            st.caption(cap)
        return
    spec = page.figure_spec(pin.pathway, int(pin.slot), page._ctx_key(pin.ctx), lang, data._signature())
    if presenting:
        page.show_slide_spec(spec, lang)
    elif spec is None:
        st.info(t("common.no_data", lang))
    else:
        st.vega_lite_chart(dict(spec["spec"]), width="stretch")
        st.markdown(spec["sentence"])
        st.caption(spec["caption"])


def _present(items: list[pins.Pin], lang: str) -> None:
    st.title(t("pins.title", lang))
    i = page.slide_controls("slide-briefing", len(items))
    st.markdown(f"#### {pin_title(items[i], lang)}")
    show_pin(items[i], lang, presenting=True)


def _pdf_button(items: list[pins.Pin], lang: str) -> None:
    codes = tuple(p.code for p in items)
    base = state.base_url()

    def make() -> bytes:
        from components import briefing  # vl-convert and fpdf2 load on the first request only

        return briefing.pins_pdf(codes, lang, data._signature(), base)

    if not fonts.available():
        st.button(t("pins.pdf", lang), disabled=True, help=t("briefing.error", lang), icon=":material/picture_as_pdf:")
        return
    st.download_button(t("pins.pdf", lang), make, file_name=f"shanghai-pathways-briefing-{lang}.pdf",
                       mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key="pins-pdf")


@page.data_page
def render_briefing(lang: str) -> None:
    items = pins.current()
    if state.read_flag("present"):
        if items:
            _present(items, lang)
            return
        page.exit_bar()
    st.title(t("pins.title", lang))
    st.markdown(t("pins.intro", lang, n=pins.MAX_PINS))
    if not items:
        st.info(t("pins.empty", lang))
        return
    top = st.columns([2, 2, 2, 3])
    top[0].button(t("pins.present", lang), icon=":material/slideshow:", type="primary",
                  on_click=lambda: state.write(present=True))
    with top[1]:
        _pdf_button(items, lang)
    top[2].button(t("pins.clear", lang), icon=":material/delete_sweep:", on_click=pins.clear)
    link = state.base_url().rstrip("/") + "/briefing?" + "&".join(
        f"{k}={v}" for k, v in (("lang", lang), ("pins", ",".join(p.code for p in items))))
    st.caption(t("pins.link", lang))
    st.code(link, language=None, wrap_lines=True)
    for n, pin in enumerate(items):
        with st.container(border=True):
            head, up, down, drop = st.columns([8, 1, 1, 1], vertical_alignment="center")
            head.markdown(f"**{n + 1}. {pin_title(pin, lang)}**")
            up.button("", icon=":material/arrow_upward:", key=f"up-{n}", disabled=n == 0, help=t("pins.up", lang),
                      on_click=pins.move, args=(n, -1))
            down.button("", icon=":material/arrow_downward:", key=f"down-{n}", disabled=n == len(items) - 1,
                        help=t("pins.down", lang), on_click=pins.move, args=(n, 1))
            drop.button("", icon=":material/close:", key=f"remove-{n}", help=t("pins.remove", lang),
                        on_click=pins.remove, args=(n,))
            # Lazy: a folded pin's figure is not built or sent on every rerun of this page.
            shown = st.expander(t("pins.show", lang), expanded=n == 0, key=f"show-{pin.code}", on_change="rerun")
            if shown.open is not False:
                with shown:
                    show_pin(pin, lang)
