"""The Data & sources page: indicators, coverage, sources with links, and the whole package as a ZIP."""

from __future__ import annotations

import io
import zipfile

import pyarrow as pa
import streamlit as st

from components import data, page
from components.data import memo
from components.i18n import t


@st.cache_data(show_spinner=False)
def package_zip(signature: tuple) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(data.DATA.glob("*.csv")) + [data.DATA / "datapackage.json"]:
            if path.exists():
                z.write(path, f"data/{path.name}")
    return buf.getvalue()


@memo(8)
def tables(lang: str, signature: tuple) -> dict[str, pa.Table]:
    """The page's three tables, as Arrow once (read-only): reruns resend them without converting again."""
    pkg = data.package()
    obs = pkg.observations
    level = obs.adcode.map(pkg.regions.level)
    cov = obs.assign(level=level).groupby(["indicator_id", "level"]).agg(
        places=("adcode", "nunique"), first=("year", "min"), last=("year", "max"), n=("value", "size")).reset_index()
    ind = pkg.indicators
    zh = lang == "zh"
    name = ind.name_zh if zh else ind.name_en
    cov = cov.assign(name=cov.indicator_id.map(name), years=cov["first"].astype(str) + "–" + cov["last"].astype(str),
                     level=cov.level.map(lambda v: t(f"sources.level_{v}", lang)))
    frames = {
        "indicators": ind.assign(name=name, unit_l=ind.unit_zh if zh else ind.unit_en,
                                 definition=ind.definition_zh if zh else ind.definition_en)[
            ["indicator_id", "name", "unit_l", "definition"]],
        "coverage": cov[["indicator_id", "name", "level", "places", "years", "n"]],
        "sources": pkg.sources.assign(kind=pkg.sources.kind.map(lambda k: t(f"kind.{k}", lang)))[
            ["source_id", "publisher", "title", "kind", "read_at", "url", "accessed"]],
        "kinds": kind_shares(pkg, lang),
    }
    # Headers in the reader's language (the ids stay, headed "ID": they are what the package's files use).
    names = {"name": "indicator", "unit_l": "unit", "n": "count", "elsewhere": "read_elsewhere"}
    frames = {k: v.rename(columns=lambda c: t(f"sources.col_{names.get(c, c)}", lang)) for k, v in frames.items()}
    return {k: pa.Table.from_pandas(v, preserve_index=False) for k, v in frames.items()}


def kind_shares(pkg: data.Package, lang: str):
    """Figures in the package by the kind of their publisher (the source named first), and how many were read on a
    site other than the publisher's own."""
    src = pkg.sources.reindex(pkg.observations.source_id)
    frame = src.assign(elsewhere=src.read_at.fillna("").str.strip().ne("") & ~src.kind.isin(["yearbook", "dataset"]))
    g = frame.groupby("kind").agg(n=("kind", "size"), elsewhere=("elsewhere", "sum")).reset_index()
    g = g.assign(share=(100 * g.n / g.n.sum()).round(1), kind=g.kind.map(lambda k: t(f"kind.{k}", lang)))
    return g.sort_values("n", ascending=False)[["kind", "n", "share", "elsewhere"]]


@page.data_page
def render_sources(lang: str) -> None:
    st.title(t("sources.title"))
    st.markdown(t("sources.intro"))
    pkg = data.package()
    st.download_button(t("sources.download"), package_zip(data._signature()), file_name="shanghai-pathways-data.zip",
                       mime="application/zip", icon=":material/download:")

    del pkg
    tabs = tables(lang, data._signature())
    st.header(t("sources.indicators"))
    st.dataframe(tabs["indicators"], hide_index=True, width="stretch")

    st.header(t("sources.coverage"))
    st.dataframe(tabs["coverage"], hide_index=True, width="stretch")

    st.header(t("sources.kinds"))
    st.caption(t("sources.kinds_intro"))
    st.dataframe(tabs["kinds"], hide_index=True, width="stretch",
                 column_config={t("sources.col_share"): st.column_config.NumberColumn(format="%.1f%%")})

    st.header(t("sources.list"))
    st.dataframe(tabs["sources"], hide_index=True, width="stretch",
                 column_config={t("sources.col_url"): st.column_config.LinkColumn()})

    st.header(t("sources.boundaries"))
    st.markdown(t("sources.boundaries_text"))
    st.markdown(t("sources.census_credit"))
