"""The page shell every page shares: URL notes at the top, broken data files explained in place, and the hand-over to
app.py's navigation on a server's first request."""

from __future__ import annotations

import functools

import streamlit as st

from components import data, state
from components.i18n import current, t


def notes_area():
    """A slot at the top of the page for URL fallback notes, filled once the page has read its state."""
    _ensure_shell()
    return st.empty()


def _ensure_shell() -> None:
    """Run inside app.py's navigation, even on a server's very first request.

    Because a `pages/` folder exists, Streamlit starts in its legacy multipage mode and runs a deep-linked page file
    on its own (no language switch, a raw file list as navigation) until app.py has called st.navigation once.
    Switching the flag and rerunning hands the same URL to app.py. Under `streamlit run app.py` the server's start-up
    hook has already switched it (warm.lifespan), so this only runs where there is none (AppTest).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        from components import warm

        warm.freeze_heap()  # the page's imports are done: the collection after this run need not walk them again
        st.rerun()


def show_notes(slot) -> None:
    notes = state.take_notes()
    if notes:
        slot.info("\n\n".join(t(k, **kw) for k, kw in notes), icon=":material/info:")


def data_page(body):
    """For page renderers `body(lang)`: URL notes on top, and a missing or broken data file explained in place of the
    part that needs it (the body just calls data.package()); notes are shown however the body ends."""

    @functools.wraps(body)
    def run() -> None:
        slot = notes_area()
        try:
            body(current())
        except data.DataError as exc:
            data_error(exc)
        show_notes(slot)

    return run


def data_error(exc: data.DataError) -> None:
    st.error(t("error.data", file=str(exc)), icon=":material/error:")
