"""The PDF briefing: builds for two pathways in both languages, opens, reads in its language, carries every chart."""

from __future__ import annotations

import io
import re

import pytest

from components import briefing, data, page
from components.i18n import catalog
from components.pathways import PATHWAYS

CJK = re.compile(r"[\u4e00-\u9fff]")


def page_ctx(pathway_id: str) -> dict:
    """The map state a page opens on with a plain link: first indicator with data, its best-covered year."""
    pkg = data.package()
    spec = PATHWAYS[pathway_id].map
    codes = pkg.units(spec.level).index
    ind = next(i for i in spec.indicators if not pkg.series(i, codes).empty)
    return {"indicator": ind, "year": page.best_year(pkg, ind, spec.level), "cities": [], "level": spec.level}


def charts_built(pathway_id: str, ctx: dict, lang: str) -> int:
    pkg = data.package()
    figures = sum(page.build_figure(pkg, fig, ctx, lang) is not None for fig in PATHWAYS[pathway_id].figures)
    return figures + 1  # and the map


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes):
    """The PDF's pages and text. fpdf2 gives CFF fonts (Noto CJK) an embedded Identity encoding CMap, which pypdf
    decodes into a NUL before every character (pdfium and poppler read it correctly): the NULs are dropped."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(p.extract_text() or "" for p in reader.pages).replace("\x00", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("pathway_id", ["delta", "innovation"])
def test_briefing_pdf(pathway_id, lang):
    ctx = page_ctx(pathway_id)
    pdf = briefing.briefing_pdf(pathway_id, lang, ctx, data._signature())
    assert pdf.startswith(b"%PDF")
    reader, text = pdf_text(pdf)
    assert len(reader.pages) >= 3
    cat = catalog(lang)
    title = cat[f"pathways.{pathway_id}.title"]
    assert squash(title) in squash(text)
    assert squash(cat["briefing.sources"]) in squash(text)
    assert squash(cat[f"pathways.{pathway_id}.tagline"])[:20] in squash(text)
    if lang == "zh":
        assert CJK.search(title) and len(CJK.findall(text)) > 200
    else:
        assert not CJK.search(cat["briefing.sources"] + cat["page.argument"] + cat["page.measures"])
        assert cat["page.argument"] in text and cat["page.measures"] in text
    images = sum(len(p.images) for p in reader.pages)
    assert images >= charts_built(pathway_id, ctx, lang)


def test_briefing_is_cached_and_follows_the_map_state():
    ctx = page_ctx("delta")
    sig = data._signature()
    first = briefing.briefing_pdf("delta", "en", ctx, sig)
    assert briefing.briefing_pdf("delta", "en", dict(ctx), sig) == first  # from the cache: same bytes, same date
    other = briefing.briefing_pdf("delta", "en", ctx | {"cities": ["320500"]}, sig)
    assert "cities=320500" in pdf_text(other)[1]


def test_plain_text_helpers():
    assert briefing.plain("**bold** and *it* and [a \\(b\\)](https://x.org/a_b) snake_case", "en") == \
        "bold and it and a (b) (https://x.org/a_b) snake_case"
    assert briefing.plain("第一行\n第二行\n\n第二段", "zh") == "第一行第二行\n\n第二段"
    assert briefing.safe_url("javascript:alert(1)") == ""


def test_missing_cjk_font_is_a_clear_error(monkeypatch, tmp_path):
    briefing.cjk_fonts.cache_clear()
    monkeypatch.setattr(briefing, "FONT_DIRS", (tmp_path,))
    try:
        with pytest.raises(briefing.BriefingError, match="fonts-noto-cjk"):
            briefing.cjk_fonts()
    finally:
        briefing.cjk_fonts.cache_clear()


def test_simplified_chinese_face_is_picked():
    from fontTools.ttLib import TTCollection

    face = briefing.cjk_fonts()[""]
    if face.path.suffix == ".ttc":
        font = TTCollection(str(face.path), lazy=True).fonts[face.index]
        assert font["name"].getDebugName(1) == briefing.FONT_FAMILY


def test_locale_keys_match():
    en = {k for k in catalog("en") if k.startswith("briefing.")}
    zh = {k for k in catalog("zh") if k.startswith("briefing.")}
    assert en == zh and "briefing.download" in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_page_is_full_and_links_are_absolute_and_short(lang):
    """Page 1: the pathway, its key figure with its sentence, and its goals' status; links from the request's
    address; sources as publisher · title · host, never a 300-character mirror URL printed out."""
    ctx = page_ctx("innovation")
    pdf = briefing.briefing_pdf("innovation", lang, ctx, data._signature(), "https://pathways.example.org")
    reader, _ = pdf_text(pdf)
    first = squash(reader.pages[0].extract_text().replace("\x00", ""))
    cat = catalog(lang)
    assert squash(cat["briefing.key_figure"]) in first
    assert len(reader.pages[0].images) == 1, "the key figure is on page 1"
    assert squash(cat["briefing.goals"]) in first
    assert any(squash(cat[f"goals.status.{s}"]) in first for s in ("met", "on_track", "behind", "no_data"))
    assert "https://pathways.example.org/innovation?lang=" in first
    text = squash(pdf_text(pdf)[1])
    assert "/innovation?lang=" in text and "](/" not in text
    longest = max((len(w) for w in re.findall(r"https?://\S+", pdf_text(pdf)[1])), default=0)
    assert longest < 160, "no long mirror URL printed in full"
