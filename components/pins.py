"""My briefing: figures pinned from any page, kept in the session and in every link (`pins=`).

A pin names a view, not a picture: the pathway, the figure (its index, or "map"), and the map state the figure
follows (indicator, year, selected cities). Opening a link with `pins=` rebuilds the same briefing; from then on the
session holds it and every page writes it back into its link, so a copied address always carries it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components import state

MAX_PINS = 12
_KEY = "pins"


@dataclass(frozen=True)
class Pin:
    pathway: str
    slot: str  # "map" or a figure's index in the pathway's declaration
    indicator: str = ""
    year: int | None = None
    cities: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return ".".join([self.pathway, self.slot, self.indicator, "" if self.year is None else str(self.year),
                         "-".join(self.cities)])

    @property
    def ctx(self) -> dict:
        ctx = {"cities": list(self.cities)}
        if self.indicator:
            ctx.update(indicator=self.indicator, year=self.year)
        return ctx


def of_view(pathway: str, slot: str, ctx: dict) -> Pin:
    return Pin(pathway, slot, ctx.get("indicator") or "", ctx.get("year"), tuple(ctx.get("cities") or ()))


def current() -> list[Pin]:
    return list(st.session_state.get(_KEY, []))


def _store(pins: list[Pin]) -> None:
    st.session_state[_KEY] = list(dict.fromkeys(pins))[:MAX_PINS]
    state.write(pins=[p.code for p in st.session_state[_KEY]])


def sync(valid) -> None:
    """Once per session, take the link's pins (each checked by `valid(pin) -> bool`); then keep the link in step."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = [p for p in state.read_pins(Pin) if valid(p)][:MAX_PINS]
    state.write(pins=[p.code for p in st.session_state[_KEY]])


def add(pin: Pin) -> bool:
    pins = current()
    if pin in pins or len(pins) >= MAX_PINS:
        return False
    _store([*pins, pin])
    return True


def remove(index: int) -> None:
    pins = current()
    if 0 <= index < len(pins):
        del pins[index]
        _store(pins)


def move(index: int, step: int) -> None:
    pins = current()
    j = index + step
    if 0 <= index < len(pins) and 0 <= j < len(pins):
        pins[index], pins[j] = pins[j], pins[index]
        _store(pins)


def clear() -> None:
    _store([])
