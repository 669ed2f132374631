"""The home page: the study in a paragraph, its principles, horizons, goal tracker and the eight pathways."""

from __future__ import annotations

import streamlit as st

from components import goals, page
from components.i18n import t
from components.pathways import PATHWAYS

PRINCIPLES = ("reform", "innovation", "overall", "regional", "people")
HORIZONS = ("y2025", "y2035", "y2050")


def render_home() -> None:
    slot = page.notes_area()
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
