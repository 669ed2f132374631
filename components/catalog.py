"""The Data & sources page: indicators, coverage, sources with links, and the whole package as a ZIP."""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from components import data, page
from components.i18n import current, t


@st.cache_data(show_spinner=False)
def package_zip(signature: tuple) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(data.DATA.glob("*.csv")) + [data.DATA / "datapackage.json"]:
            if path.exists():
                z.write(path, f"data/{path.name}")
    return buf.getvalue()


def render_sources() -> None:
    lang = current()
    slot = page.notes_area()
    st.title(t("sources.title"))
    st.markdown(t("sources.intro"))
    try:
        pkg = data.package()
    except data.DataError as exc:
        page.data_error(exc)
        page.show_notes(slot)
        return
    st.download_button(t("sources.download"), package_zip(data._signature()), file_name="shanghai-pathways-data.zip",
                       mime="application/zip", icon=":material/download:")

    obs = pkg.observations
    level = obs.adcode.map(pkg.regions.level)
    cov = obs.assign(level=level).groupby(["indicator_id", "level"]).agg(
        places=("adcode", "nunique"), first=("year", "min"), last=("year", "max"), n=("value", "size")).reset_index()
    ind = pkg.indicators
    name = ind.name_zh if lang == "zh" else ind.name_en
    unit = ind.unit_zh if lang == "zh" else ind.unit_en
    definition = ind.definition_zh if lang == "zh" else ind.definition_en

    st.header(t("sources.indicators"))
    st.dataframe(
        ind.assign(name=name, unit_l=unit, definition=definition)[["indicator_id", "name", "unit_l", "definition"]],
        hide_index=True, width="stretch",
        column_config={"name": t("sources.col_indicator"), "unit_l": t("sources.col_unit"),
                       "definition": t("sources.col_definition")})

    st.header(t("sources.coverage"))
    cov = cov.assign(name=cov.indicator_id.map(name), years=cov["first"].astype(str) + "–" + cov["last"].astype(str))
    st.dataframe(cov[["indicator_id", "name", "level", "places", "years", "n"]], hide_index=True, width="stretch",
                 column_config={"name": t("sources.col_indicator"), "level": t("sources.col_level"),
                                "places": t("sources.col_places"), "years": t("sources.col_years"),
                                "n": t("sources.col_count")})

    st.header(t("sources.list"))
    st.dataframe(pkg.sources[["source_id", "publisher", "title", "kind", "url", "accessed"]], hide_index=True,
                 width="stretch",
                 column_config={"publisher": t("sources.col_publisher"), "title": t("sources.col_title"),
                                "kind": t("sources.col_kind"), "url": st.column_config.LinkColumn(t("sources.col_link"))})

    st.header(t("sources.boundaries"))
    st.markdown(t("sources.boundaries_text"))
    st.markdown(t("sources.census_credit"))
    page.show_notes(slot)
