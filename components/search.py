"""Search: find a city, an indicator or a pathway by name in either language and go there."""

from __future__ import annotations

from functools import cache

import streamlit as st

from components import data
from components.data import memo
from components.i18n import catalog, t
from components.pathways import PATHWAYS


@cache
def _pathway_of_map_indicator() -> dict[str, str]:
    return {i: pid for pid, p in PATHWAYS.items() if p.map for i in p.map.indicators}


@memo(64)
def entries(lang: str, signature: tuple) -> list[tuple[str, str, str]]:
    """(kind, id, label) — labels carry both languages, so typing either finds the entry."""
    pkg = data.package()
    with_data = set(pkg.observations.indicator_id)
    out = []
    for code, r in pkg.cities.iterrows():
        prov = pkg.regions.loc[r.parent] if r.parent in pkg.regions.index and r.parent != "100000" else None
        where = f" ({prov.name_zh} {prov.name_en})" if prov is not None else ""
        out.append(("city", code, f"{t('search.city', lang)} · {r.name_zh} · {r.name_en}{where}"))
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


MAX_HITS = 8


def matches(items: list[tuple[str, str, str]], query: str) -> list[tuple[str, str, str]]:
    """Entries whose label contains every word of the query (either language, case-insensitive)."""
    words = query.casefold().split()
    return [it for it in items if all(w in it[2].casefold() for w in words)][:MAX_HITS] if words else []


def search_box(lang: str) -> None:
    """A text box; typing lists matching cities, indicators and pathways as links (nothing is sent until you type)."""
    query = st.text_input(t("search.label", lang), key="search-q", placeholder=t("search.placeholder", lang),
                          max_chars=40)
    if not query.strip():
        return
    try:
        pkg = data.package()
    except data.DataError:
        return  # the page itself explains a broken data file
    hits = matches(entries(lang, data._signature()), query)
    if not hits:
        st.caption(t("search.none", lang))
    for kind, key, label in hits:
        target, params = destination(pkg, kind, key)
        st.page_link(target, label=label, query_params={"lang": lang, **params})
