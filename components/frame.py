"""The app's frame, drawn on every script run: page setup, language switch, sidebar and navigation (app.py runs it)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import page, pins, state, telemetry, warm
from components.i18n import LANGS, t
from components.layout import stylesheet
from components.pathways import PATHWAYS
from components.search import search_box

SLIDES = {"", *PATHWAYS, "briefing"}  # pages with their own presenter view (slides and exit)
ICON = str(Path(__file__).parent / "icon.png")


def run() -> None:
    started = telemetry.start()
    st.set_page_config(page_title="Shanghai Pathways Explorer · 上海示范引领路径", page_icon=ICON, layout="wide")
    st.markdown(stylesheet(), unsafe_allow_html=True)
    lang = state.read_lang()
    presenting = state.read_flag("present")  # presenter mode: no sidebar, navigation or controls at all
    if not presenting:
        with st.sidebar:
            choice = st.segmented_control(t("app.language", lang), LANGS, default=lang,
                                          format_func=lambda code: {"zh": "中文", "en": "English"}[code])
        lang = choice if choice in LANGS else lang
    st.session_state["lang"] = lang
    state.write(lang=lang)
    state.clear_unknown(state.KNOWN)
    pins.sync(page.valid_pin)  # My briefing: from the link on a session's first run, then kept in every link

    nav = st.navigation(_pages(), position="hidden" if presenting else "sidebar", expanded=True)
    if not presenting:
        with st.sidebar:
            search_box(lang)
            state.write(present=st.toggle(t("present.toggle"), help=t("present.help")))
            st.caption(t("app.about"))

    if presenting and (nav.url_path or "") not in SLIDES:
        page.exit_bar()
    nav.run()
    warm.start()  # once per process, after the first page is drawn: slow imports happen while the visitor reads
    telemetry.record(nav.url_path or "home", started)


def _pages() -> dict[str, list]:
    """Reading order: the study's overview, its eight pathways (all visible), then exploring, then the data."""
    home = st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True)
    pathway_pages = [
        st.Page(f"pages/{pid}.py", title=f"{t(f'pathways.{pid}.number')} · {t(f'pathways.{pid}.title')}", icon=p.icon,
                url_path=pid)
        for pid, p in PATHWAYS.items()
    ]
    explore = [
        st.Page("pages/city.py", title=t("profile.nav"), icon=":material/location_city:", url_path="city"),
        st.Page("pages/compare.py", title=t("compare.nav"), icon=":material/compare_arrows:", url_path="compare"),
        st.Page("pages/upload.py", title=t("upload.nav"), icon=":material/upload_file:", url_path="upload"),
        st.Page("pages/briefing.py", title=t("pins.nav", n=len(pins.current())), icon=":material/push_pin:",
                url_path="briefing"),
    ]
    sources = st.Page("pages/sources.py", title=t("nav.sources"), icon=":material/dataset:", url_path="sources")
    return {t("nav.group_start"): [home], t("nav.group_pathways"): pathway_pages, t("nav.group_main"): explore,
            t("nav.group_data"): [sources]}
