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
KNOWN = {"lang", "indicator", "year", "cities", "present", "city"}
_NOTES = "_url_notes"


def _raw(name: str) -> str | None:
    try:
        values = st.query_params.get_all(name)
    except Exception:  # a malformed query string must never take the page down
        return None
    if not values:
        return None
    value = values[-1]  # repeated keys: the last one wins, as in most web apps
    if len(value) > MAX_PARAM:
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


def clear_unknown(known: set[str]) -> None:
    """Drop parameters no page uses, so a shared link stays clean."""
    for name in list(st.query_params.keys()):
        if name not in known:
            note("state.note_unknown", param=_safe(name))
            del st.query_params[name]
