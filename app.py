"""Shanghai Pathways Explorer — entry point: page setup, language switch, navigation."""

from pathlib import Path

import streamlit as st

from components import state
from components.i18n import LANGS, t
from components.pathways import PATHWAYS

st.set_page_config(page_title="Shanghai Pathways Explorer · 上海示范引领路径", page_icon=str(Path(__file__).parent / "components" / "icon.png"),
                   layout="wide")

st.markdown(f"<style>{(Path(__file__).parent / 'components' / 'style.css').read_text(encoding='utf-8')}</style>",
            unsafe_allow_html=True)
lang = state.read_lang()
with st.sidebar:
    choice = st.segmented_control(t("app.language", lang), LANGS, default=lang,
                                  format_func=lambda code: {"zh": "中文", "en": "English"}[code])
lang = choice if choice in LANGS else lang
st.session_state["lang"] = lang
state.write(lang=lang)
state.clear_unknown(state.KNOWN)

home = st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True)
pathway_pages = [
    st.Page(f"pages/{pid}.py", title=f"{t(f'pathways.{pid}.number')} · {t(f'pathways.{pid}.title')}", icon=p.icon,
            url_path=pid)
    for pid, p in PATHWAYS.items()
]
sources = st.Page("pages/sources.py", title=t("nav.sources"), icon=":material/dataset:", url_path="sources")
nav = st.navigation({t("nav.group_main"): [home], t("nav.group_pathways"): pathway_pages, "": [sources]})

with st.sidebar:
    st.caption(t("app.about"))

nav.run()
