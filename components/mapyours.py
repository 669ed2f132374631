"""Map your own data: a user's CSV/Excel on the same Delta choropleth. The file stays in this browser session only."""

from __future__ import annotations

import hashlib
import html
import json
import re

import pandas as pd
import streamlit as st

from components import charts, data, maps, page
from components.i18n import name_col, t
from components.upload import MAX_MB, Upload, parse_upload, to_observations

SHOW_LEFT = 25  # rows left out listed by name; the rest are counted
_UNIT_IN_HEADER = re.compile(r"[（(]\s*([^()（）]{1,20}?)\s*[)）]\s*$")


def _text(m, lang: str) -> str:
    """A message as Markdown: the user's own text in it (cells, column names) made inert."""
    return t(m.key, lang, **{k: charts.md_text(v) if isinstance(v, str) else v for k, v in m.kwargs.items()})


def _messages(items, lang: str) -> str:
    return "\n".join(f"- {_text(m, lang)}" for m in items)


def left_out_text(up: Upload, lang: str) -> str:
    """The rows (or cells) not mapped, each with its row number and reason, as Markdown ("" when none)."""
    if not up.left_out:
        return ""
    lines = [f"- {t('upload.left.row', lang, row=m.kwargs.get('row', '?'))}{_text(m, lang)}" for m in up.left_out[:SHOW_LEFT]]
    if len(up.left_out) > SHOW_LEFT:
        lines.append(f"- {t('upload.left.more', lang, n=len(up.left_out) - SHOW_LEFT)}")
    return f"**{t('upload.left.title', lang, n=len(up.left_out))}**\n\n" + "\n".join(lines)


def unit_from_header(column: str) -> str:
    """"GDP（亿元）" -> "亿元": the unit a column's name states, to start the unit field with."""
    m = _UNIT_IN_HEADER.search(column)
    return m.group(1) if m else ""


def shown_table(pkg: data.Package, up: Upload, lang: str) -> pd.DataFrame:
    """The uploaded figures beside the 41 cities, for reading: names in the reader's language, the numbers (shown with
    the no-data mark, never "None", where a city has no figure: see render_map_yours)."""
    names = pkg.cities[[name_col(lang)]]
    joined = names.join(up.table.drop(columns=["city"]).set_index("adcode"), how="left")
    out = pd.DataFrame(index=joined.index)
    out[t("common.city", lang)] = joined[name_col(lang)]
    if up.year_column:
        out[t("common.year", lang)] = joined["year"].astype("Int64")
    for col in up.value_columns:
        out[col] = joined[col].astype("float64")
    out.index.name = t("csv.adcode", lang)
    return out


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
    left = left_out_text(up, lang)
    if up.errors or up.table is None:
        st.error(f"**{t('upload.errors_title')}**\n\n" + _messages(up.errors, lang), icon=":material/error:")
        if left:
            st.warning(left, icon=":material/playlist_remove:")
        return
    if up.warnings:
        st.warning(f"**{t('upload.warnings_title')}**\n\n" + _messages(up.warnings, lang))
    if left:
        st.warning(left, icon=":material/playlist_remove:")
    col_c, col_y = st.columns([3, 1])
    column = col_c.selectbox(t("upload.column_label"), up.value_columns)
    year = None
    if up.year_column:
        years = sorted(up.table[up.year_column].dropna().astype(int).unique().tolist(), reverse=True)
        year = col_y.selectbox(t("upload.year_label"), years)
    col_u, col_t = st.columns([1, 3])
    unit = col_u.text_input(t("upload.custom.unit"), value=unit_from_header(column), max_chars=20,
                            help=t("upload.custom.unit_help"), key=f"upload-unit-{up.value_columns.index(column)}")
    title = col_t.text_input(t("upload.custom.title"), max_chars=80, placeholder=column,
                             help=t("upload.custom.title_help"), key="upload-title")
    unit, title = " ".join(unit.split()), " ".join(title.split()) or column
    obs = to_observations(up, column, year)
    snap = pkg.cities[["name_zh", "name_en"]].join(obs.set_index("adcode")[["value", "qualifier"]])
    snap["qualifier"] = snap["qualifier"].fillna("")
    meta = {"unit_zh": unit, "unit_en": unit, "decimals": 2, "lower_better": False}
    args = maps.payload_for(snap, meta, year, lang, data._signature())
    st.markdown(f"#### {charts.md_text(title)}" + (f" · {year}" if year else ""))
    maps.show(args, key="upload")
    # The legend names the unit the user gave, or says none was given: never a bare "Unit:".
    shown_unit = args["legend"]["unit"] or t("upload.custom.unit_missing", lang)
    st.markdown(maps.legend({**args, "legend": {**args["legend"], "unit": shown_unit}}, lang),
                unsafe_allow_html=True)
    st.dataframe(shown_table(pkg, up, lang), width="stretch", placeholder=t("explore.no_value", lang),
                 column_config={t("common.year", lang): st.column_config.NumberColumn(format="%d")})
    joined = pkg.cities[["name_zh", "name_en"]].join(up.table.set_index("adcode"), how="left", rsuffix="_upload")
    st.download_button(t("upload.download_joined"), joined.to_csv().encode("utf-8-sig"),
                       file_name="delta-joined.csv", mime="text/csv")
