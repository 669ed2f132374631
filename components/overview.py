"""The home page: the study in a paragraph, its principles, horizons, goal tracker and the eight pathways."""

from __future__ import annotations

import streamlit as st

from components import data, goals, page, state
from components.i18n import current, t
from components.pathways import PATHWAYS

PRINCIPLES = ("reform", "innovation", "overall", "regional", "people")
HORIZONS = ("y2025", "y2035", "y2050")


def render_slides(lang: str) -> None:
    """Presenter mode on the home page: the study in a sentence, then each 2025 goal, then the eight pathways."""
    items = goals.cards(lang, data._signature())
    st.title(t("app.title"))
    i = page.slide_controls("slide-home", len(items) + 2)
    if i == 0:
        st.markdown(f"### {t('app.subtitle')}")
        st.markdown(t("study.summary"))
    elif i <= len(items):
        st.header(t("goals.tracker"))
        with st.container(border=True):
            goals.card(items[i - 1], lang)
    else:
        st.header(t("home.pathways"))
        st.markdown("\n".join(f"- **{t(f'pathways.{pid}.number')} · {t(f'pathways.{pid}.title')}** — "
                              f"{t(f'pathways.{pid}.tagline')}" for pid in PATHWAYS))


def render_home() -> None:
    slot = page.notes_area()
    if state.read_flag("present"):
        try:
            render_slides(current())
        except data.DataError as exc:
            page.data_error(exc)
        page.show_notes(slot)
        return
    st.title(t("app.title"))
    st.markdown(f"*{t('app.subtitle')}*")
    st.markdown(t("study.summary"))
    st.caption(t("page.study_credit", citation=t("study.citation")))

    st.header(t("home.principles"))
    for col, key in zip(st.columns(len(PRINCIPLES)), PRINCIPLES, strict=False):
        with col:
            st.markdown(f"**{t(f'principles.{key}.title')}**")
            st.caption(t(f"principles.{key}.text"))

    st.header(t("home.horizons"))
    st.markdown(t("study.horizons_intro"))
    for col, key in zip(st.columns(len(HORIZONS)), HORIZONS, strict=False):
        with col, st.container(border=True):
            st.subheader(t(f"goals.{key}.title"))
            st.markdown("\n".join(f"- {item}" for item in t(f"goals.{key}.items")))

    goals.render_tracker()

    st.header(t("home.pathways"))
    cols = st.columns(4)
    for i, (pid, p) in enumerate(PATHWAYS.items()):
        with cols[i % 4], st.container(border=True):
            st.markdown(f"**{t(f'pathways.{pid}.number')} · {t(f'pathways.{pid}.title')}**")
            st.caption(t(f"pathways.{pid}.tagline"))
            st.page_link(f"pages/{pid}.py", label=t("home.open"), icon=p.icon)
    page.show_notes(slot)
