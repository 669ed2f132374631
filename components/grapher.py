"""The frame around every figure, as Our World in Data's grapher has it: chart · table tabs, the sentence saying what
the figure shows, its sources and notes, downloads (what is shown, the full series, PNG, SVG) and a pin for
My briefing. Files are made only when asked for (deferred downloads): a rerun never carries them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components import pins
from components.i18n import t


def tabs(labels: list[str], key: str):
    """Lazy tabs: only the open one is drawn (a page of figures does not build and send a data grid per figure that
    nobody opened); switching tabs reruns the page, and the choice is kept per figure."""
    return st.tabs(labels, key=f"tabs-{key}", on_change="rerun")


def table_view(table: pd.DataFrame, lang: str) -> None:
    """A sortable, searchable table (Streamlit's own toolbar) with units, qualifiers, vintage and source per row."""
    if table is None or table.empty:
        st.info(t("common.no_data", lang))
        return
    link = t("csv.url", lang)
    config = {link: st.column_config.LinkColumn(link, display_text=t("fig.open_source", lang))} \
        if link in table else {}
    value = t("csv.value", lang)
    if value in table:
        config[value] = st.column_config.NumberColumn(value, format="localized")
    st.dataframe(table, hide_index=True, width="stretch", column_config=config,
                 height=min(38 + 35 * len(table), 420))


def pin_button(pin: pins.Pin, lang: str, key: str) -> None:
    pinned = pin in pins.current()

    def add() -> None:
        if pins.add(pin):
            st.toast(t("pin.added", lang, n=len(pins.current())), icon=":material/push_pin:")
        else:
            st.toast(t("pin.full", lang, n=pins.MAX_PINS), icon=":material/info:")

    st.button(t("pin.pinned" if pinned else "pin.add", lang), key=f"pin-{key}", icon=":material/push_pin:",
              disabled=pinned, on_click=add, help=t("pin.help", lang))


def downloads(lang: str, key: str, shown: bytes, full: Callable[[], bytes] | None = None,
              image: Callable[[str], bytes] | None = None) -> None:
    """CSV of what is shown, CSV of the full series, and the chart as PNG and SVG, in one menu."""
    with st.popover(t("fig.download", lang), icon=":material/download:"):
        st.download_button(t("fig.csv_shown", lang), lambda: shown, file_name=f"{key}.csv", mime="text/csv",
                           key=f"dl-{key}", on_click="ignore", icon=":material/table:")
        if full is not None:
            st.download_button(t("fig.csv_full", lang), full, file_name=f"{key}-full.csv", mime="text/csv",
                               key=f"dl-full-{key}", on_click="ignore", icon=":material/dataset:")
        if image is not None:
            st.download_button(t("fig.png", lang), lambda: image("png"), file_name=f"{key}.png", mime="image/png",
                               key=f"png-{key}", on_click="ignore", icon=":material/image:")
            st.download_button(t("fig.svg", lang), lambda: image("svg"), file_name=f"{key}.svg",
                               mime="image/svg+xml", key=f"svg-{key}", on_click="ignore", icon=":material/draw:")


def show(spec: dict, lang: str, key: str, pin: pins.Pin | None = None, full: Callable[[], bytes] | None = None,
         image: Callable[[str], bytes] | None = None) -> None:
    """A built figure (page.figure_spec): chart · table, sentence, notes and sources, then its actions."""
    if spec.get("table") is None:  # a view that shows its own table (Compare)
        st.vega_lite_chart(dict(spec["spec"]), width="stretch")
    else:
        chart_tab, table_tab = tabs([t("fig.chart", lang), t("fig.table", lang)], key)
        if chart_tab.open is not False:
            with chart_tab:
                st.vega_lite_chart(dict(spec["spec"]), width="stretch")  # Streamlit pops "datasets": keep it whole
        if table_tab.open:
            with table_tab:
                table_view(spec["table"], lang)
    if spec.get("sentence"):
        st.markdown(spec["sentence"])
    if spec.get("caption"):
        st.caption(spec["caption"])
    actions(lang, key, spec["csv"], full, image, pin)


def actions(lang: str, key: str, shown: bytes, full=None, image=None, pin: pins.Pin | None = None,
            pin_key: str | None = None) -> None:
    """The download menu and the pin, side by side at their natural width (never squeezed into "Do…")."""
    with st.container(horizontal=True, gap="small"):
        downloads(lang, key, shown, full, image)
        if pin is not None:
            pin_button(pin, lang, pin_key or key)
