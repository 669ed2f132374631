"""The one parser of URL state (st.query_params): lang, indicator, year, cities, present, city.

Every reader validates what it gets, falls back to a default and records a note the page shows,
so a hand-edited or stale link never raises.
"""

from __future__ import annotations

import re

import streamlit as st

from components.i18n import DEFAULT_LANG, LANGS

MAX_PARAM = 200  # longer values are not ours; they are dropped with a note
MAX_CITIES = 12
KNOWN = {"lang", "indicator", "year", "cities", "present", "city", "pins"}
MAX_PINS_PARAM = 1200  # twelve pins of up to ~100 characters each
_NOTES = "_url_notes"


def _raw(name: str, limit: int = MAX_PARAM) -> str | None:
    try:
        values = st.query_params.get_all(name)
    except Exception:  # a malformed query string must never take the page down
        return None
    if not values:
        return None
    value = values[-1]  # repeated keys: the last one wins, as in most web apps
    if len(value) > limit:
        note("state.note_too_long", param=name)
        return None
    return value.strip()


def note(key: str, **kwargs) -> None:
    notes = st.session_state.setdefault(_NOTES, [])
    if (key, kwargs) not in notes:
        notes.append((key, kwargs))


def take_notes() -> list:
    return st.session_state.pop(_NOTES, [])


def _safe(value: str) -> str:
    """A value echoed back in a note: short and free of markup."""
    return re.sub(r"[^\w\-.,: ]", "?", value)[:40]


def read_lang() -> str:
    value = _raw("lang")
    if value is None:
        return st.session_state.get("lang", DEFAULT_LANG)
    value = value.lower()
    if value not in LANGS:
        note("state.note_lang", value=_safe(value))
        return st.session_state.get("lang", DEFAULT_LANG)
    return value


def read_choice(name: str, allowed: list[str], default: str) -> str:
    value = _raw(name)
    if value is None or value == "":
        return default
    if value not in allowed:
        note("state.note_choice", param=name, value=_safe(value))
        return default
    return value


def read_year(available: list[int], default: int | None) -> int | None:
    value = _raw("year")
    if value is None or value == "":
        return default
    if not re.fullmatch(r"\d{4}", value) or int(value) not in available:
        note("state.note_year", value=_safe(value))
        return default
    return int(value)


def read_cities(valid: set[str]) -> list[str]:
    value = _raw("cities")
    if not value:
        return []
    parts = [p.strip() for p in value.split(",") if p.strip()]
    good = list(dict.fromkeys(p for p in parts if p in valid))
    bad = [p for p in parts if p not in valid]
    if bad:
        note("state.note_cities", value=_safe(",".join(bad)))
    if len(good) > MAX_CITIES:
        note("state.note_too_many", n=MAX_CITIES)
        good = good[:MAX_CITIES]
    return good


PIN = re.compile(r"([a-z]+)\.(map|\d{1,2})\.([a-z0-9_]*)\.(\d{4})?\.([0-9A-Z\-]*)")


def parse_pins(value: str) -> tuple[list[tuple], list[str]]:
    """`delta.map.gdp.2023.,innovation.2.fiscal_st_expenditure.2023.320500-330100` → each pin's parts
    (pathway, slot, indicator, year, cities) and the parts that are not pins."""
    out, bad = [], []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        m = PIN.fullmatch(part)
        if not m:
            bad.append(part)
            continue
        pid, slot, ind, year, cities = m.groups()
        out.append((pid, slot, ind, int(year) if year else None, tuple(c for c in cities.split("-") if c)))
    return out, bad


def read_pins(make) -> list:
    """The link's pins, made into objects by `make(*parts)`; malformed ones are dropped with a note."""
    value = _raw("pins", MAX_PINS_PARAM)
    if not value:
        return []
    parts, bad = parse_pins(value)
    if bad:
        note("state.note_pins", value=_safe(",".join(bad)))
    return [make(*p) for p in parts]


DEFAULT_BASE = "http://localhost:8501"
PAGE_PATHS = {"city", "compare", "upload", "sources", "briefing", "delta", "innovation", "industry", "hub", "opening",
              "digital", "carbon", "public"}


def base_url() -> str:
    """The app's root as the reader's browser sees it (scheme, host, any path prefix), for absolute links in files
    that leave the app (the PDF); the local default outside a request."""
    from urllib.parse import urlsplit

    try:
        url = st.context.url
    except Exception:
        url = None
    if not url:
        return DEFAULT_BASE
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return DEFAULT_BASE
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in PAGE_PATHS:
        path = head
    return f"{parts.scheme}://{parts.netloc}{path}"


def read_flag(name: str) -> bool:
    value = _raw(name)
    if value in (None, "", "0", "false"):
        return False
    if value in ("1", "true"):
        return True
    note("state.note_choice", param=name, value=_safe(value))
    return False


def write(**params) -> None:
    """Reflect the view in the URL; None or empty removes a parameter."""
    for name, value in params.items():
        if isinstance(value, (list, tuple)):
            value = ",".join(value)
        value = None if value in (None, "", False) else str(int(value) if value is True else value)
        try:
            current = st.query_params.get(name)
        except Exception:
            current = None
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif current != value:
            st.query_params[name] = value


def bind(key: str, param: str, from_link, start, valid=None) -> dict:
    """Keyword arguments for a keyed widget that shows URL parameter `param` and keeps every pick.

    A widget's default must not be read from the link the widget itself writes: Streamlit derives an unkeyed
    widget's identity from its arguments, so each new default makes a new widget, and the pick the user just made
    (not yet in the link when the run starts) is dropped. Here the widget is keyed (its identity never changes), its
    value is seeded in session state, and its on_change callback writes the link before the next run reads it.

    `from_link` is the link's value, already validated (None when the link has none); `start` the value to open on;
    `valid(value)` says whether a value the widget kept is still allowed (its options may have changed). The widget is
    moved to the link's value only when the link names one that differs from the widget's (a search hit, a shared
    link); a link without the parameter leaves the user's picks alone (clearing a selection removes it).
    Call the widget with these arguments and without `default`/`index`.
    """
    held = st.session_state.get(key)
    if from_link is not None and held != from_link:
        st.session_state[key] = from_link
    elif key not in st.session_state or (valid is not None and not valid(held)):
        st.session_state[key] = start
    return {"key": key, "on_change": _write_from, "args": (key, param)}


def _write_from(key: str, param: str) -> None:
    write(**{param: st.session_state.get(key)})


def clear_unknown(known: set[str]) -> None:
    """Drop parameters no page uses, so a shared link stays clean."""
    for name in list(st.query_params.keys()):
        if name not in known:
            note("state.note_unknown", param=_safe(name))
            del st.query_params[name]
