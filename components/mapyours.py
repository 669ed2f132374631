"""Map your own data: a user's CSV/Excel on the same Delta choropleth. The file stays in this browser session only."""

from __future__ import annotations

import hashlib
import html
import json

import pandas as pd
import streamlit as st

from components import data, maps, page
from components.i18n import name_col, t
from components.upload import MAX_MB, Upload, parse_upload, to_observations

META = {"unit_zh": "", "unit_en": "", "decimals": 2, "lower_better": False}


def _messages(items, lang: str) -> str:
    return "\n".join(f"- {t('upload.' + m.key.removeprefix('upload.'), lang, **m.kwargs)}" for m in items)


def _parsed(name: str, raw: bytes, regions: pd.DataFrame) -> Upload:
    """Parse once per file content; kept in this session's memory, never on disk."""
    digest = hashlib.sha256(raw).hexdigest()
    cache = st.session_state.setdefault("_uploads", {})
    if digest not in cache:
        cache.clear()  # one upload at a time is all a session keeps
        cache[digest] = parse_upload(name, raw, regions)
    return cache[digest]


def template(pkg: data.Package, lang: str) -> bytes:
    names = pkg.cities[name_col(lang)]
    return pd.DataFrame({"adcode": pkg.cities.index, "city": names.to_numpy(), "value": ""}).to_csv(
        index=False).encode("utf-8-sig")


def uploader_texts(lang: str) -> str:
    """Streamlit draws its uploader's button and limit line in English whatever the page's language; CSS puts ours in
    their place (the same limit, server.maxUploadSize, in the reader's language)."""
    button, limit = t("upload.button", lang), t("upload.limit", lang, mb=MAX_MB)
    css = (
        "[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] [data-testid='stMarkdownContainer'] p"
        "{font-size:0 !important}"
        "[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] [data-testid='stMarkdownContainer'] p::after"
        f"{{content:{json.dumps(button, ensure_ascii=False)};font-size:0.875rem}}"
        "[data-testid='stFileUploaderDropzoneInstructions'] span{font-size:0 !important}"
        f"[data-testid='stFileUploaderDropzoneInstructions'] span::after{{content:{json.dumps(limit, ensure_ascii=False)};font-size:0.875rem}}"
    )
    return f"<style>{html.escape(css, quote=False)}</style>"


@page.data_page
def render_map_yours(lang: str) -> None:
    st.title(t("upload.title"))
    st.markdown(t("upload.intro", mb=MAX_MB))
    st.markdown(uploader_texts(lang), unsafe_allow_html=True)
    pkg = data.package()
    st.download_button(t("upload.template_download"), template(pkg, lang), file_name="delta-cities-template.csv",
                       mime="text/csv")
    file = st.file_uploader(t("upload.uploader_label"), type=["csv", "txt", "xlsx"], accept_multiple_files=False)
    st.caption(t("upload.privacy"))
    if file is None:
        return
    raw = file.getvalue()
    up = _parsed(file.name, raw, pkg.regions.reset_index(drop=True))
    if up.errors or up.table is None:
        st.error(f"**{t('upload.errors_title')}**\n\n" + _messages(up.errors, lang), icon=":material/error:")
        return
    if up.warnings:
        st.warning(f"**{t('upload.warnings_title')}**\n\n" + _messages(up.warnings, lang))
    col_c, col_y = st.columns([3, 1])
    column = col_c.selectbox(t("upload.column_label"), up.value_columns)
    year = None
    if up.year_column:
        years = sorted(up.table[up.year_column].dropna().astype(int).unique().tolist(), reverse=True)
        year = col_y.selectbox(t("upload.year_label"), years)
    obs = to_observations(up, column, year)
    snap = pkg.cities[["name_zh", "name_en"]].join(obs.set_index("adcode")[["value", "qualifier"]])
    snap["qualifier"] = snap["qualifier"].fillna("")
    args = maps.payload_for(snap, META, year, lang, data._signature())
    st.markdown(f"#### {column}" + (f" · {year}" if year else ""))
    maps.show(args, key="upload")
    st.markdown(maps.legend(args, lang), unsafe_allow_html=True)
    joined = pkg.cities[["name_zh", "name_en"]].join(up.table.set_index("adcode"), how="left", rsuffix="_upload")
    st.dataframe(joined, width="stretch")
    st.download_button(t("upload.download_joined"), joined.to_csv().encode("utf-8-sig"),
                       file_name="delta-joined.csv", mime="text/csv")
