"""Search: find a city, an indicator or a pathway by name in either language, as you type, and go there."""

from __future__ import annotations

from functools import cache

import streamlit as st

from components import data, page
from components.data import memo
from components.i18n import catalog, t
from components.pathways import PATHWAYS

MAX_HITS = 8
LIVE = "250ms"  # results follow the typing after this pause (no Enter needed)


@cache
def _pathways_mapping(indicator_id: str) -> tuple[str, ...]:
    """The pathways whose map offers this indicator, in the order of PATHWAYS."""
    return tuple(pid for pid, p in PATHWAYS.items() if p.map and indicator_id in p.map.indicators)


@memo(64)
def entries(lang: str, signature: tuple) -> list[tuple[str, str, str]]:
    """(kind, id, label) — labels carry both languages, so typing either finds the entry."""
    return [(kind, key, label) for kind, key, label, _ in named_entries(lang, signature)]


@memo(64)
def named_entries(lang: str, signature: tuple) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(kind, id, label, names): `names` are what a query is ranked against (the zh and en names)."""
    pkg = data.package()
    with_data = set(pkg.observations.indicator_id)
    out = []
    for code, r in pkg.cities.iterrows():
        prov = pkg.regions.loc[r.parent] if r.parent in pkg.regions.index and r.parent != "100000" else None
        where = f" ({prov.name_zh} {prov.name_en})" if prov is not None else ""
        out.append(("city", code, f"{t('search.city', lang)} · {r.name_zh} · {r.name_en}{where}",
                    (str(r.name_zh), str(r.name_zh).removesuffix("市"), str(r.name_en))))
    for iid, r in pkg.indicators.iterrows():
        if iid in with_data:
            out.append(("indicator", iid, f"{t('search.indicator', lang)} · {r.name_zh} · {r.name_en}",
                        (str(r.name_zh), str(r.name_en))))
    zh, en = catalog("zh"), catalog("en")
    for pid in PATHWAYS:
        names = (zh[f"pathways.{pid}.title"], en[f"pathways.{pid}.title"])
        out.append(("pathway", pid, f"{t('search.pathway', lang)} · {names[0]} · {names[1]}", names))
    return out


def destination(pkg: data.Package, kind: str, key: str) -> tuple[str, dict]:
    """The page file and query parameters an entry leads to: an indicator that a pathway's map offers opens that map
    on it, in its best year (its own pathway's map first); any other indicator opens its pathway's page."""
    if kind == "city":
        return "pages/city.py", {"city": key}
    if kind == "pathway":
        return f"pages/{key}.py", {}
    own = pkg.indicators.loc[key].pathway if key in pkg.indicators.index else None
    maps_of = sorted(_pathways_mapping(key), key=lambda pid: pid != own)
    for pid in maps_of:
        opts = page.map_options(pid, data._signature())  # the map's own years: the link names one it offers
        if key in opts:
            return f"pages/{pid}.py", {"indicator": key, "year": str(opts[key][1])}
    return (f"pages/{own}.py" if own in PATHWAYS else "pages/home.py"), {}


def _rank(names: tuple[str, ...], label: str, query: str) -> int | None:
    """0: a name is the query; 1: a name starts with it; 2: every word of the query is in the label; None: no match."""
    q = query.casefold().strip()
    folded = [n.casefold() for n in names]
    if q in folded:
        return 0
    if any(n.startswith(q) for n in folded):
        return 1
    words = q.split()
    text = label.casefold()
    return 2 if words and all(w in text for w in words) else None


def matches(items: list[tuple], query: str) -> list[tuple[str, str, str]]:
    """Entries matching the query (either language, case-insensitive): exact names first, then names that start with
    the query, then the rest; shorter names first within each group, then the catalogue's order."""
    if not query.strip():
        return []
    scored = []
    for order, item in enumerate(items):
        kind, key, label = item[:3]
        names = item[3] if len(item) > 3 else (label,)
        rank = _rank(names, label, query)
        if rank is not None:
            scored.append((rank, min(len(n) for n in names), order, (kind, key, label)))
    return [it for *_, it in sorted(scored)[:MAX_HITS]]


GO = "_search_go"  # the entry chosen, kept for the one run that opens its page


def _chosen(key: str) -> None:
    """on_change of the results: remember the pick and clear the list's choice (the box shows on every page, so a
    kept choice would open the page again on every run)."""
    picked = st.session_state.get(key)
    st.session_state[key] = None
    st.session_state["search-q"] = ""  # the next page opens with an empty box, not a stale list
    if picked:
        st.session_state[GO] = picked


@st.fragment
def search_box(lang: str) -> None:
    """A search field that ranks matching cities, indicators and pathways while you type (a fragment: typing reruns
    only this box); choosing one opens its page, an indicator on its map in its best year."""
    go = st.session_state.pop(GO, None)
    if go:
        kind, _, key = go.partition(":")
        try:
            target, params = destination(data.package(), kind, key)
        except (data.DataError, KeyError):
            target = None
        if target:
            st.switch_page(target, query_params={"lang": lang, **params})
    query = st.text_input(t("search.label", lang), key="search-q", placeholder=t("search.placeholder", lang),
                          max_chars=40, live=LIVE, type="search")
    if not query.strip():
        return
    try:
        hits = matches(named_entries(lang, data._signature()), query)
    except data.DataError:
        return  # the page itself explains a broken data file
    if not hits:
        st.caption(t("search.none", lang))
        return
    labels = {f"{kind}:{key}": label for kind, key, label in hits}
    # A list of results whose labels wrap in the narrow sidebar (a link's label is cut off); picking one opens it.
    st.radio(t("explore.search_results", lang), list(labels), index=None, format_func=labels.get, key="search-hits",
             label_visibility="collapsed", on_change=_chosen, args=("search-hits",))
