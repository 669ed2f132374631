"""The briefing: one pathway as a PDF in the reader's language (study text, map, charts, goals, sources).

The charts are the page's own Altair specs (`figures.build_figure`), rendered to PNG by vl-convert; the map is an Altair
choropleth with the same class breaks and colours as the page's folium map. Chinese needs a CJK font both in the PDF
(fpdf2) and in the chart images (vl-convert): the Simplified Chinese face of Debian's fonts-noto-cjk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
import vl_convert as vlc
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

from components import charts, classes, data, figures, goals, maps, state
from components.fonts import FONT_DIRS, FONT_FAMILY, FONT_FILES
from components.i18n import display_unit, t
from components.pathways import PATHWAYS

SCALE = 2  # PNG pixels per CSS pixel
PX_MM = 0.3  # millimetres per CSS pixel on the page: a 600 px chart fills the 180 mm text width
CHART_WIDTH = 540
MAP_SIZE = (460, 480)
LEGEND_COLUMNS = 3  # bottom legends wrap instead of running wider than the chart
GREY = (97, 97, 97)
STATUS_COLOURS = {"met": (27, 94, 32), "on_track": (51, 105, 30), "behind": (230, 81, 0), "no_data": (66, 66, 66)}


class BriefingError(Exception):
    """The briefing cannot be made (no CJK font); the message says what to install."""


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int  # the face's number in a TrueType/OpenType collection (0 for a single-face file)


@cache
def cjk_fonts() -> dict[str, FontFace]:
    """The Simplified Chinese Noto Sans CJK faces, regular ("") and bold ("B" — the regular face if there is none)."""
    from fontTools.ttLib import TTCollection, TTFont

    found: dict[str, FontFace] = {}
    for style, names in FONT_FILES.items():
        for path in (d / n for n in names for d in FONT_DIRS):
            if not path.is_file():
                continue
            if path.suffix.lower() in (".ttc", ".otc"):
                faces = TTCollection(str(path), lazy=True).fonts
            else:
                faces = [TTFont(str(path), lazy=True)]
            for i, face in enumerate(faces):
                family = face["name"].getDebugName(16) or face["name"].getDebugName(1)
                if family == FONT_FAMILY or (len(faces) == 1 and "SC" in path.name):
                    found[style] = FontFace(path, i)
                    break
            if style in found:
                break
    if "" not in found:
        raise BriefingError(f"No CJK font found: install the Debian package fonts-noto-cjk ({FONT_FAMILY} in "
                            f"{', '.join(str(d) for d in FONT_DIRS)}).")
    found.setdefault("B", found[""])
    return found


@cache
def _vl_fonts() -> None:
    """Let vl-convert draw Chinese: register the CJK font's directory once per process."""
    vlc.register_font_directory(str(cjk_fonts()[""].path.parent))


def png(chart, width: int | None = CHART_WIDTH, fmt: str = "png") -> bytes:
    """An Altair chart (single or layered) as PNG (or SVG), with the CJK font for every label."""
    _vl_fonts()
    if width:
        chart = chart.properties(width=width)
    chart = chart.configure(font=FONT_FAMILY, background="white").configure_legend(columns=LEGEND_COLUMNS)
    spec = chart.to_json(validate=False)  # the page validated the spec
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    return vlc.vegalite_to_png(spec, scale=SCALE)


def image(pid: str, slot: str, ctx: dict, lang: str, fmt: str = "png") -> bytes:
    """One figure of a pathway (or its map, slot "map") in the view `ctx`, as the page draws it: PNG or SVG."""
    with _language(lang):
        pkg = data.package()
        p = PATHWAYS[pid]
        if slot == "map":
            drawn = map_chart(pkg, {**ctx, "level": p.map.level}, lang, p.map.overlay, p.map.points)
            if drawn is None:
                raise BriefingError(t("common.no_data", lang))
            return png(drawn[0], width=None, fmt=fmt)
        built = figures.build_figure(pkg, p.figures[int(slot)], ctx, lang)
        if built is None:
            raise BriefingError(t("common.no_data", lang))
        return png(charts.titled(built.chart, built.title), fmt=fmt)


# --- plain text ------------------------------------------------------------------------------------------------

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(((?:\\.|[^)\\])*)\)")
_EMPHASIS = re.compile(r"(\*\*|\*|(?<!\w)__|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()<>#+!|~])")


def plain(markdown: str, lang: str = "en") -> str:
    """Study text or a note as plain paragraphs: links as 'text (url)', emphasis and escapes dropped."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", str(markdown))
    text = _EMPHASIS.sub(r"\2", text).replace("`", "")
    text = _ESCAPE.sub(r"\1", text)
    joiner = "" if lang == "zh" else " "
    paras = [joiner.join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(p for p in paras if p)


def safe_url(url) -> str:
    url = str(url).strip() if isinstance(url, str) else ""
    return url if url.lower().startswith(("http://", "https://")) else ""


def host(url) -> str:
    """Where a link goes, short: a mirror's 300-character URL prints as its host (the PDF's link keeps all of it)."""
    from urllib.parse import urlparse

    return urlparse(safe_url(url)).netloc.removeprefix("www.")


def _source_text(s: pd.Series, with_title: bool, lang: str) -> str:
    """charts.cite (publisher, title, where read), then the host when the text was read on the publisher's site."""
    text = charts.cite(s, lang, title=with_title)
    where = host(s.url)
    return f"{text} · {where}" if where and not str(s.read_at or "").strip() else text


def caption_text(pkg: data.Package, frame: pd.DataFrame, lang: str) -> str:
    """charts.caption as plain text: 'Source(s): publisher (url); …'."""
    srcs = pkg.sources_of(frame)
    if srcs.empty:
        return ""
    if len(srcs) == 1:
        return f"{t('chart.source', lang)}: {_source_text(srcs.iloc[0], True, lang)}"
    parts = [_source_text(s, False, lang) for _, s in srcs.head(charts.MAX_CAPTION).iterrows()]
    more = len(srcs) - charts.MAX_CAPTION
    tail = t("briefing.more_sources", lang, n=more) if more > 0 else ""
    return f"{t('chart.sources', lang)}: " + "; ".join(parts) + tail


def target_source_text(pkg: data.Package, target_id: str, lang: str) -> str:
    """page.target_source as plain text."""
    sid = pkg.targets.set_index("target_id").source_id.get(target_id)
    if sid in pkg.sources.index:
        return _source_text(pkg.sources.loc[sid], False, lang)
    return t("study.citation", lang)


# --- the map ---------------------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _d3_geometry(name: str, signature: tuple) -> dict[str, dict]:
    """adcode -> geometry wound as d3-geo (Vega) expects: exterior rings clockwise, holes anticlockwise.

    A ring the other way round means "everything but this shape" to d3's spherical maths and floods the map.
    """
    out = {}
    for feat in data.geometry(name)["features"]:
        geom = shape(feat["geometry"])
        parts = [orient(g, sign=-1.0) for g in getattr(geom, "geoms", [geom])]
        out[feat["properties"]["adcode"]] = mapping(type(geom)(parts) if hasattr(geom, "geoms") else parts[0])
    return out


def map_chart(pkg: data.Package, ctx: dict, lang: str, overlay: str = "", points: tuple[str, ...] = ()):
    """The page's choropleth as Altair (same indicator, year, class breaks and colours), with the observations it
    shows and a coverage note; None without data."""
    ind_id, year, level = ctx.get("indicator"), ctx.get("year"), ctx.get("level", "city")
    if not ind_id or ind_id not in pkg.indicators.index or year is None:
        return None
    ind = pkg.indicator(ind_id)
    snap = pkg.snapshot(ind_id, year, level)
    values = snap.value.dropna().to_numpy()
    if not len(values):
        return None
    bins = pkg.classes.get((ind_id, level, int(year))) or classes.breaks(values)
    cols = maps.colours(len(bins))
    factor, unit, extra = display_unit(ind.unit_zh, ind.unit_en, lang)
    labels = maps.class_labels(values, bins, int(ind.decimals), factor, extra)
    no_data = t("common.no_data", lang)
    metro = set(pkg.regions.index[pkg.regions.metro_area.astype(str) == "True"]) if overlay == "metro" else set()
    features = []
    for code, geometry in _d3_geometry("provinces" if level == "province" else "cities", data._signature()).items():
        value = snap.value.get(code, np.nan)
        has = not pd.isna(value)
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "cls": labels[maps._class_of(value, bins)] if has else no_data,
            "metro": code in metro}})
    colour = alt.Color("properties.cls:N", scale=alt.Scale(domain=[*labels, no_data], range=[*cols, maps.NO_DATA]),
                       legend=alt.Legend(title=f"{t('map.unit', lang)}: {unit}", orient="right", labelLimit=220,
                                         titleLimit=260, symbolType="square", columns=1))
    layers = [alt.Chart(alt.Data(values=features)).mark_geoshape(stroke="white", strokeWidth=0.6).encode(color=colour)]
    if level == "city":
        outlines = [{"type": "Feature", "geometry": g, "properties": {}}
                    for g in _d3_geometry("provinces", data._signature()).values()]
        layers.append(alt.Chart(alt.Data(values=outlines)).mark_geoshape(filled=False, stroke="#424242",
                                                                         strokeWidth=1.2))
    if metro:
        label = t("map.metro", lang)
        ring = [dict(f, properties={"what": label}) for f in features if f["properties"]["metro"]]
        layers.append(alt.Chart(alt.Data(values=ring)).mark_geoshape(filled=False, strokeWidth=2).encode(
            stroke=alt.Stroke("properties.what:N", title=None, legend=alt.Legend(orient="right", symbolType="square",
                                                                                columns=1),
                              scale=alt.Scale(domain=[label], range=[maps.METRO_COLOR]))))
    marks, kinds, fills = [], [], []
    for kind in points:
        rows = pkg.places[pkg.places.kind == kind]
        if rows.empty:
            continue
        kinds.append(t(f"map.kind.{kind}", lang))
        fills.append(maps.POINT_COLOURS.get(kind, "#ff9800"))
        marks += [{"lon": float(r.lon), "lat": float(r.lat), "kind": kinds[-1]} for r in rows.itertuples()]
    if marks:
        layers.append(alt.Chart(pd.DataFrame(marks)).mark_circle(size=45, opacity=0.95, stroke="#212121",
                                                                  strokeWidth=0.8).encode(
            longitude="lon:Q", latitude="lat:Q",
            fill=alt.Fill("kind:N", title=None, legend=alt.Legend(orient="right", columns=1),
                          scale=alt.Scale(domain=kinds, range=fills))))
    chart = alt.layer(*layers).project("mercator").properties(width=MAP_SIZE[0], height=MAP_SIZE[1])
    note = t("briefing.map_note", lang, n=int(snap.value.notna().sum()), of=len(snap))
    return chart, snap.dropna(subset=["value"]).reset_index().assign(indicator_id=ind_id), note


@contextlib.contextmanager
def _language(lang: str):
    """The reader's language for helpers that translate with the session's language (figures.build_figure's notes)."""
    before = st.session_state.get("lang")
    st.session_state["lang"] = lang
    try:
        yield
    finally:
        if before is None:
            st.session_state.pop("lang", None)
        else:
            st.session_state["lang"] = before


# --- the PDF ---------------------------------------------------------------------------------------------------

class _PDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.footer_text.replace("{n}", str(self.page_no())).replace("{total}", "{nb}"),
                  align="C")


class _Writer:
    def __init__(self, lang: str, footer: str):
        fonts = cjk_fonts()
        self.lang = lang
        self.wrap = WrapMode.CHAR if lang == "zh" else WrapMode.WORD
        pdf = _PDF(orientation="portrait", unit="mm", format="A4")
        pdf.set_margins(15, 15, 15)
        pdf.set_auto_page_break(True, margin=18)
        for style, face in fonts.items():
            pdf.add_font(FONT_FAMILY, style, str(face.path), collection_font_number=face.index)
        pdf.footer_text = footer
        pdf.alias_nb_pages()
        pdf.add_page()
        self.pdf = pdf

    def text(self, text: str, size: float = 10, style: str = "", colour=(33, 33, 33), height: float | None = None,
             indent: float = 0, link: str = "", after: float = 1.5) -> None:
        pdf = self.pdf
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.set_text_color(*colour)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, height or size * 0.5, text, align="L", wrapmode=self.wrap, link=link or None,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(after)

    def heading(self, text: str, size: float = 14, room: float = 30) -> None:
        """A section heading, moved to a new page if nothing of the section would fit under it."""
        pdf = self.pdf
        if pdf.get_y() + room > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.ln(2)
        self.text(text, size, "B", colour=(0, 0, 0), after=2)

    def bullet(self, text: str, size: float = 10) -> None:
        pdf = self.pdf
        pdf.set_font(FONT_FAMILY, "", size)
        pdf.set_text_color(33, 33, 33)
        y = pdf.get_y()
        pdf.cell(5, size * 0.5, "•")
        pdf.set_xy(pdf.l_margin + 5, y)
        pdf.multi_cell(pdf.epw - 5, size * 0.5, text, align="L", wrapmode=self.wrap, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.ln(1)

    def image(self, data_png: bytes, title: str = "", max_h: float = 200) -> None:
        """A PNG fitted to the text width (and max_h), kept on one page with its title."""
        pdf = self.pdf
        w_px, h_px = (v / SCALE for v in struct.unpack(">II", data_png[16:24]))
        w = min(pdf.epw, w_px * PX_MM)
        h = h_px * w / w_px
        if h > max_h:
            w, h = w * max_h / h, max_h
        title_h = 9 if title else 0
        if pdf.get_y() + title_h + h > pdf.h - pdf.b_margin:
            pdf.add_page()
        if title:
            self.text(title, 11.5, "B", colour=(0, 0, 0), after=1.5)
        pdf.image(io.BytesIO(data_png), x=pdf.l_margin + (pdf.epw - w) / 2, y=pdf.get_y(), w=w, h=h)
        pdf.set_y(pdf.get_y() + h + 2)

    def small(self, text: str) -> None:
        if text:
            self.text(text, 8, colour=GREY, after=1)


def _used_sources(pkg: data.Package, frames: list[pd.DataFrame], source_ids: list[str]) -> pd.DataFrame:
    """Every source behind the map, charts and goals, in order of first use."""
    ids: list[str] = []
    for frame in frames:
        ids.extend(pkg.sources_of(frame).index)
    ids.extend(s for s in source_ids if s in pkg.sources.index)
    return pkg.sources.loc[list(dict.fromkeys(ids))]


def share_path(pathway_id: str, lang: str, ctx: dict) -> str:
    """The page's shareable link (path and query), as README describes it."""
    params = [("lang", lang)]
    if ctx.get("indicator"):
        params.append(("indicator", ctx["indicator"]))
    if ctx.get("year") is not None:
        params.append(("year", str(ctx["year"])))
    if ctx.get("cities"):
        params.append(("cities", ",".join(ctx["cities"])))
    return f"/{pathway_id}?" + "&".join(f"{k}={v}" for k, v in params)


@st.cache_data(show_spinner=False, max_entries=32)
def briefing_pdf(pathway_id: str, lang: str, ctx: dict, signature: tuple, base: str = state.DEFAULT_BASE) -> bytes:
    """The PDF briefing of one pathway in `lang`, for the page's map state `ctx` {indicator, year, cities, level};
    links start with `base` (the app's address as the reader's browser sees it, state.base_url()).

    `signature` (data._signature()) only keys the cache. Raises BriefingError when no CJK font is installed and
    data.DataError when a data file is broken.
    """
    with _language(lang):
        return _briefing(pathway_id, lang, ctx, base)


def _figure_block(w: _Writer, pkg: data.Package, built, lang: str, max_h: float = 190) -> None:
    """A chart with its sentence, notes and sources, as on the page."""
    w.image(png(built.chart), built.title, max_h=max_h)
    if built.sentence:
        w.text(built.sentence, 10, height=5, after=1)
    for n in built.notes:
        w.small(plain(n, lang))
    w.small(caption_text(pkg, built.frame, lang))


def _map_block(w: _Writer, pkg: data.Package, pid: str, ctx: dict, lang: str, max_h: float = 175):
    """The pathway's map in the view `ctx`, with its sentence, coverage and sources; the observations, or None."""
    p = PATHWAYS[pid]
    ctx = {**ctx, "level": p.map.level}
    drawn = map_chart(pkg, ctx, lang, p.map.overlay, p.map.points)
    if drawn is None:
        return None
    chart, snap, note = drawn
    ind = pkg.indicator(ctx["indicator"])
    w.image(png(chart, width=None), f"{ind.name_zh if lang == 'zh' else ind.name_en} · {ctx['year']}", max_h=max_h)
    sentence = figures.map_sentence(ctx["indicator"], ctx["year"], p.map.level, lang, data._signature())
    if sentence:
        w.text(sentence, 10, height=5, after=1)
    w.small(note)
    w.small(caption_text(pkg, snap, lang))
    return snap


def _goal_lines(w: _Writer, pkg: data.Package, ours: list, lang: str, frames: list, target_ids: list) -> None:
    for g in ours:
        name = g.target.name_zh if lang == "zh" else g.target.name_en
        w.text(name, 10.5, "B", after=0.5)
        w.text(t("goals.status." + g.status, lang), 9.5, "B", colour=STATUS_COLOURS.get(g.status, GREY), after=0.5)
        if g.latest is not None:
            w.text(t("briefing.goal_latest", lang, year=int(g.latest.year), value=goals._figure(pkg, g.latest, lang)),
                   9.5, after=0.5)
            frames.append(pd.DataFrame([g.latest]))
        if g.compare is not None:
            w.text(t("goals.compare", lang, gdp=goals._figure(pkg, g.compare, lang)), 9.5, after=0.5)
            frames.append(pd.DataFrame([g.compare]))
        if g.goal_value is not None and g.progress is not None:
            w.text(t("goals.progress", lang, pct=round(100 * g.progress)), 9.5, after=0.5)
        w.small(t("goals.goal_source", lang, source=target_source_text(pkg, g.target.target_id, lang)))
        target_ids.append(g.target.target_id)
        w.pdf.ln(2)


def _sources_section(w: _Writer, pkg: data.Package, frames: list, target_ids: list, lang: str, link: str,
                     today: str) -> None:
    tsrc = pkg.targets.set_index("target_id").source_id
    srcs = _used_sources(pkg, frames, [tsrc.get(i) for i in dict.fromkeys(target_ids)])
    w.heading(t("briefing.sources", lang), 16)
    w.small(t("briefing.sources_intro", lang))
    for i, s in enumerate(srcs.itertuples(), 1):
        w.text(f"[{i}] {charts.cite(s, lang)}", 8.5, after=0)
        url = safe_url(s.url)
        if url:  # the host, linked: long mirror URLs are not printed in full
            w.text(host(url), 7.5, colour=(21, 101, 192), link=url, indent=6, after=1)
    w.heading(t("briefing.study", lang), room=25)
    w.text(t("page.study_credit", lang, citation=t("study.citation", lang)), 9, after=3)
    w.text(f"{t('briefing.link', lang)}: {link}", 8, colour=(21, 101, 192), link=link, after=1)
    w.small(t("briefing.generated", lang, date=today))


def _writer(lang: str, link: str, title: str, today: str) -> _Writer:
    w = _Writer(lang, f"{t('app.title', lang)} · {t('briefing.generated', lang, date=today)} · "
                      + t("briefing.page", lang, n="{n}", total="{total}"))
    w.pdf.set_title(title)
    w.pdf.set_creator(t("app.title", lang))
    return w


def _briefing(pathway_id: str, lang: str, ctx: dict, base: str = state.DEFAULT_BASE) -> bytes:
    p = PATHWAYS[pathway_id]
    ctx = dict(ctx or {})
    ctx["cities"] = list(ctx.get("cities") or [])
    pkg = data.package()
    k = p.text
    today = dt.datetime.now(dt.UTC).date().isoformat()
    link = base.rstrip("/") + share_path(pathway_id, lang, ctx)
    w = _writer(lang, link, f"{t(k + '.number', lang)} · {t(k + '.title', lang)}", today)
    frames: list[pd.DataFrame] = []
    target_ids: list[str] = []

    # Page 1: the pathway, its key figure (the map, else the first chart) with its sentence, and its goals.
    w.text(t("app.title", lang), 9, colour=GREY, after=1)
    w.text(f"{t(k + '.number', lang)} · {t(k + '.title', lang)}", 20, "B", colour=(0, 0, 0), height=10, after=1)
    w.text(t(k + ".long_title", lang), 11, colour=GREY, after=2)
    w.text(t(k + ".tagline", lang), 11.5, "B", after=2)
    w.text(f"{t('briefing.link', lang)}: {link}", 8, colour=(21, 101, 192), link=link, after=3)
    built = [(fig, figures.build_figure(pkg, fig, ctx, lang)) for fig in p.figures]
    built = [(fig, b) for fig, b in built if b is not None]
    w.heading(t("briefing.key_figure", lang), 13)
    snap = _map_block(w, pkg, pathway_id, ctx, lang, max_h=120) if p.map else None
    if snap is not None:
        frames.append(snap)
    elif built:
        fig, first = built.pop(0)
        _figure_block(w, pkg, first, lang, max_h=120)
        frames.append(first.frame)
        target_ids += [fig.target] if getattr(fig, "target", "") else []
    ours = [g for g in goals.study_goals(pkg) if g.target.indicator_id in pkg.indicators.index
            and pkg.indicators.loc[g.target.indicator_id].pathway == pathway_id]
    if ours:
        w.heading(t("briefing.goals", lang), room=40)
        _goal_lines(w, pkg, ours, lang, frames, target_ids)

    # The study's argument and measures, then every other figure.
    w.pdf.add_page()
    w.heading(t("page.argument", lang))
    for para in plain(t(k + ".argument", lang), lang).split("\n\n"):
        w.text(para, 10, height=5.2, after=2)
    w.heading(t("page.measures", lang))
    for m in t(k + ".measures", lang):
        w.bullet(plain(m, lang))
    if built:
        w.heading(t("page.evidence", lang), 16, room=80)
        w.text(plain(t(k + ".evidence_intro", lang), lang), 10, height=5.2, after=3)
    for fig, b in built:
        w.pdf.ln(3)
        _figure_block(w, pkg, b, lang)
        frames.append(b.frame)
        if getattr(fig, "target", ""):
            target_ids.append(fig.target)
    _sources_section(w, pkg, frames, target_ids, lang, link, today)
    return bytes(w.pdf.output())


@st.cache_data(show_spinner=False, max_entries=32)
def pins_pdf(codes: tuple[str, ...], lang: str, signature: tuple, base: str = state.DEFAULT_BASE) -> bytes:
    """My briefing as one PDF: every pinned figure in its view, with its sentence, notes and sources."""
    with _language(lang):
        return _pins_briefing(codes, lang, base)


def _pins_briefing(codes: tuple[str, ...], lang: str, base: str) -> bytes:
    from components.pins import Pin

    pkg = data.package()
    pinned = [Pin(*parts) for parts in state.parse_pins(",".join(codes))[0]]
    today = dt.datetime.now(dt.UTC).date().isoformat()
    link = base.rstrip("/") + f"/briefing?lang={lang}&pins=" + ",".join(codes)
    w = _writer(lang, link, t("pins.title", lang), today)
    w.text(t("app.title", lang), 9, colour=GREY, after=1)
    w.text(t("pins.title", lang), 20, "B", colour=(0, 0, 0), height=10, after=1)
    w.text(t("pins.pdf_intro", lang, n=len(pinned), date=today), 10.5, after=2)
    w.text(f"{t('briefing.link', lang)}: {link}", 8, colour=(21, 101, 192), link=link, after=3)
    frames: list[pd.DataFrame] = []
    target_ids: list[str] = []
    for n, pin in enumerate(pinned, 1):
        p = PATHWAYS[pin.pathway]
        w.text(f"{n}. {t(p.text + '.number', lang)} · {t(p.text + '.title', lang)}", 9, colour=GREY, after=0.5)
        if pin.slot == "map":
            snap = _map_block(w, pkg, pin.pathway, pin.ctx, lang, max_h=150)
            if snap is not None:
                frames.append(snap)
            else:
                w.text(t("common.no_data", lang), 10)
        else:
            fig = p.figures[int(pin.slot)]
            b = figures.build_figure(pkg, fig, pin.ctx, lang)
            if b is None:
                w.text(t("common.no_data", lang), 10)
            else:
                _figure_block(w, pkg, b, lang, max_h=150)
                frames.append(b.frame)
                if getattr(fig, "target", ""):
                    target_ids.append(fig.target)
        w.pdf.ln(4)
    _sources_section(w, pkg, frames, target_ids, lang, link, today)
    return bytes(w.pdf.output())
