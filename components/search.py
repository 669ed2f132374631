"""Search: find a city, an indicator or a pathway by name in either language and go there."""

from __future__ import annotations

from functools import cache

import streamlit as st

from components import data
from components.i18n import catalog, t
from components.pathways import PATHWAYS


@cache
def _pathway_of_map_indicator() -> dict[str, str]:
    return {i: pid for pid, p in PATHWAYS.items() if p.map for i in p.map.indicators}


@st.cache_data(show_spinner=False)
def entries(lang: str, signature: tuple) -> list[tuple[str, str, str]]:
    """(kind, id, label) — labels carry both languages, so typing either finds the entry."""
    pkg = data.package()
    with_data = set(pkg.observations.indicator_id)
    out = []
    for code, r in pkg.cities.iterrows():
        out.append(("city", code, f"{t('search.city', lang)} · {r.name_zh} · {r.name_en}"))
    for iid, r in pkg.indicators.iterrows():
        if iid in with_data:
            out.append(("indicator", iid, f"{t('search.indicator', lang)} · {r.name_zh} · {r.name_en}"))
    zh, en = catalog("zh"), catalog("en")
    for pid in PATHWAYS:
        out.append(("pathway", pid, f"{t('search.pathway', lang)} · {zh[f'pathways.{pid}.title']} · "
                                    f"{en[f'pathways.{pid}.title']}"))
    return out


def destination(pkg: data.Package, kind: str, key: str) -> tuple[str, dict]:
    """The page file and query parameters an entry leads to."""
    if kind == "city":
        return "pages/city.py", {"city": key}
    if kind == "pathway":
        return f"pages/{key}.py", {}
    pid = _pathway_of_map_indicator().get(key)
    if pid:
        return f"pages/{pid}.py", {"indicator": key}
    return f"pages/{pkg.indicators.loc[key].pathway}.py", {}


def search_box(lang: str) -> None:
    try:
        pkg = data.package()
    except data.DataError:
        return  # the page itself explains a broken data file
    items = entries(lang, data._signature())
    choice = st.selectbox(t("search.label", lang), range(len(items)), index=None, key=f"search-{lang}",
                          format_func=lambda i: items[i][2], placeholder=t("search.placeholder", lang))
    if choice is not None:
        kind, key, _ = items[choice]
        target, params = destination(pkg, kind, key)
        del st.session_state[f"search-{lang}"]
        st.switch_page(target, query_params={"lang": lang, **params})
