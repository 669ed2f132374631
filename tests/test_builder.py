"""My briefing (pins from any page, reorder, present, one PDF, the link), presenter mode everywhere, the map's
timeline, and the frame around every figure (chart · table, sentence, downloads) — as a user meets them."""

from __future__ import annotations

import re

import pytest

from components.i18n import catalog
from components.pathways import PATHWAYS
from conftest import LANGS, PAGES, PATHWAY_IDS, elements, run_page


def _pin(at, key: str):
    at.button(key=key).click().run()
    assert not at.exception
    return at


def _codes(at) -> list[str]:
    return [c for c in at.query_params.get("pins", "").split(",") if c]


@pytest.mark.parametrize("lang", LANGS)
def test_pin_five_figures_from_three_pages_reorder_present_and_share(lang):
    cat = catalog(lang)
    at = run_page("delta", {"lang": lang})
    _pin(at, "pin-delta-map")
    _pin(at, "pin-delta-0")
    assert at.button(key="pin-delta-0").disabled, "a pinned figure says so"
    at.switch_page("pages/innovation.py").run()
    _pin(at, "pin-innovation-0")
    _pin(at, "pin-innovation-1")
    at.switch_page("pages/carbon.py").run()
    _pin(at, "pin-carbon-map")
    codes = _codes(at)
    assert len(codes) == 5, "every pin is in the link of whatever page is open"
    assert {c.split(".")[0] for c in codes} == {"delta", "innovation", "carbon"}

    at.switch_page("pages/briefing.py").run()
    assert not at.exception
    heads = [m.value for m in at.markdown if m.value.startswith("**") and ". " in m.value[:6]]
    assert len(heads) == 5
    first = heads[0]
    at.button(key="down-0").click().run()
    heads2 = [m.value for m in at.markdown if m.value.startswith("**") and ". " in m.value[:6]]
    assert heads2[1].split(". ", 1)[1] == first.split(". ", 1)[1], "moving down swaps with the next pin"
    assert _codes(at)[1] == codes[0], "the link follows the new order"
    at.button(key="remove-4").click().run()
    assert len(_codes(at)) == 4

    # A colleague opens the link: the same briefing, in the same order.
    other = run_page("briefing", {"lang": lang, "pins": ",".join(_codes(at))})
    assert not other.exception
    again = [m.value for m in other.markdown if m.value.startswith("**") and ". " in m.value[:6]]
    assert again == [m.value for m in at.markdown if m.value.startswith("**") and ". " in m.value[:6]]

    # Present: one pin at a time, ← → and Esc, a visible exit.
    present = [b for b in other.button if b.label == cat["pins.present"]][0]
    present.click().run()
    assert other.query_params.get("present") == "1"
    assert cat["present.slide"].format(i=1, n=4) in " ".join(m.value for m in other.markdown)
    other.button(key="next").click().run()
    assert cat["present.slide"].format(i=2, n=4) in " ".join(m.value for m in other.markdown)
    assert other.button(key="next").proto.shortcut.lower() == "right" and other.button(key="prev").proto.shortcut.lower() == "left"
    assert other.button(key="exit-present").proto.shortcut.lower() in ("esc", "escape")
    other.button(key="exit-present").click().run()
    assert "present" not in other.query_params


def test_bad_pins_in_a_link_are_dropped_with_a_note():
    at = run_page("briefing", {"lang": "en", "pins": "delta.map.gdp.2023.,nowhere.3..,delta.99..,delta.map.gdp.1900.,<x>"})
    assert not at.exception
    assert _codes(at) == ["delta.map.gdp.2023."]
    assert any("pins" in i.value.lower() for i in at.info)


@pytest.mark.parametrize("lang", LANGS)
def test_pinned_briefing_is_one_pdf_with_every_figure(lang):
    from test_briefing import pdf_text, squash

    from components import briefing, data

    codes = ("delta.map.gdp.2023.", "delta.0.gdp.2023.", "innovation.0...", "innovation.1...", "carbon.map.pm25.2023.")
    pdf = briefing.pins_pdf(codes, lang, data._signature(), "https://example.org/app")
    reader, text = pdf_text(pdf)
    cat = catalog(lang)
    assert squash(cat["pins.title"]) in squash(text)
    assert "https://example.org/app/briefing?lang=" in squash(text), "absolute link to the live briefing"
    assert sum(len(p.images) for p in reader.pages) == len(codes), "every pin drawn"
    assert squash(cat["briefing.sources"]) in squash(text)


@pytest.mark.parametrize("lang", LANGS)
def test_home_presenter_steps_through_the_goals(lang):
    cat = catalog(lang)
    at = run_page("home", {"lang": lang, "present": "1"})
    assert not at.exception
    from components import data, goals

    n = len(goals.cards(lang, data._signature())) + 2  # the study, each goal, the pathways
    assert cat["present.slide"].format(i=1, n=n) in " ".join(m.value for m in at.markdown)
    assert not elements(at, "selectbox") and not at.sidebar.children, "no sidebar, no pickers"
    at.button(key="next").click().run()
    assert cat["goals.tracker"] in [h.value for h in at.header], "slide 2 is the first goal"
    assert at.button(key="exit-present").proto.shortcut.lower() in ("esc", "escape")
    at.button(key="exit-present").click().run()
    assert "present" not in at.query_params


@pytest.mark.parametrize("page", ["city", "compare", "upload", "sources"])
def test_presenter_mode_on_other_pages_has_a_way_out(page):
    at = run_page(page, {"lang": "en", "present": "1"})
    assert not at.exception
    at.button(key="exit-present").click().run()
    assert "present" not in at.query_params


def test_timeline_plays_through_the_map_years_then_stops():
    at = run_page("delta", {"lang": "en", "indicator": "gdp"})
    years = at.select_slider[0].options
    assert [str(y) for y in sorted(int(y) for y in years)] == [str(y) for y in years], "oldest to latest"
    assert str(at.select_slider[0].value) == years[-1], "the map opens on its latest full year"
    at.button(key="play-btn-delta").click().run()
    assert at.query_params["year"] == years[0], "playing from the latest year starts at the first"
    assert at.select_slider[0].disabled
    seen = [at.query_params["year"]]
    for _ in range(len(years) + 2):
        at.run()
        if at.query_params["year"] != seen[-1]:
            seen.append(at.query_params["year"])
    assert seen == [str(y) for y in years], "one step per interval, every year once"
    assert not at.select_slider[0].disabled, "and it stops at the latest year"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pid", PATHWAY_IDS)
def test_every_figure_has_a_table_a_sentence_and_downloads(pid, lang):
    at = run_page(pid, {"lang": lang})
    assert not at.exception
    cat = catalog(lang)
    charts = elements(at, "vega_lite_chart")
    tabs = [t.label for t in at.tabs]
    assert tabs.count(cat["fig.table"]) >= len(charts) + (1 if PATHWAYS[pid].map else 0)
    assert not at.dataframe, "tables are drawn only when their tab is opened (lazy tabs)"
    for chart in charts:
        spec = chart.proto.spec
        assert '"description"' in spec, "every chart carries its sentence as alt text"
    sentences = [m.value for m in at.markdown if m.value.endswith(("。", "."))]
    assert len(sentences) >= len(charts)
    labels = [d.proto.label for d in elements(at, "download_button")]
    for what in ("fig.csv_shown", "fig.csv_full", "fig.png", "fig.svg"):
        assert labels.count(cat[what]) >= len(charts) + (1 if PATHWAYS[pid].map else 0), what


ID_LIKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
MD_LINK = re.compile(r"\]\([^)]*\)")


@pytest.mark.parametrize("page", [*PAGES, "city", "compare", "upload", "briefing"])
def test_no_raw_id_or_none_in_visible_zh_text(page):
    at = run_page(page, {"lang": "zh"})
    assert not at.exception
    texts = [e.value for kind in ("markdown", "caption", "info", "header", "subheader", "title") for e in
             getattr(at, kind)]
    texts += [w.label for kind in ("selectbox", "multiselect", "button", "select_slider") for w in getattr(at, kind)]
    for df in at.dataframe:
        frame = df.value
        texts += [str(c) for c in frame.columns]
        # The Data page's "编号" column is the ids the package's files use, on purpose; everything else is read.
        texts += [str(v) for v in frame.drop(columns=["编号"], errors="ignore").astype(str).to_numpy().ravel()]
    for text in texts:
        visible = MD_LINK.sub("]", re.sub(r"<style>.*?</style>", "", str(text), flags=re.S))
        visible = re.sub(r"<[^>]+>", "", re.sub(r"https?://\S+", "", visible))  # markup and links are not read
        visible = re.sub(r"\S*/\S*", "", visible)  # a dataset's file name in its title is its name
        assert "None" not in visible and not re.search(r"\bnan\b", visible), visible[:200]
        assert not ID_LIKE.search(visible), f"raw id in: {visible[:200]}"


def test_both_languages_have_every_ui_text():
    """A key in one catalog only shows as its raw id in the other language. `publisher_en` is English-only by design:
    it gives publishers' own English names; in Chinese the name is the publisher's own."""
    zh, en = set(catalog("zh")), {k for k in catalog("en") if not k.startswith("publisher_en.")}
    assert zh == en, (sorted(zh - en)[:10], sorted(en - zh)[:10])


@pytest.mark.parametrize("lang", LANGS)
def test_profile_csv_is_headed_in_the_readers_language_without_build_ids(lang):
    from components import data, profile

    table = profile.profile_table("320500", lang, data._signature())
    head = profile.profile_csv(table, lang).decode("utf-8-sig").splitlines()[0]
    assert "indicator_id" not in head and "pathway" not in head
    assert head.split(",")[0] == catalog(lang)["sources.col_indicator"]


@pytest.mark.parametrize("lang", LANGS)
def test_opening_a_table_tab_shows_units_qualifiers_vintage_and_sources(lang):
    cat = catalog(lang)
    at = run_page("delta", {"lang": lang})
    at.session_state["tabs-delta-0"] = cat["fig.table"]  # what clicking the ranking's "Table" tab does
    at.session_state["tabs-delta-map"] = cat["fig.table"]
    at.run()
    assert not at.exception
    assert len(at.dataframe) == 2, "the ranking's table and the map's"
    for df in at.dataframe:
        cols = list(df.value.columns)
        for c in ("place", "year", "value", "unit", "qualifier", "vintage", "source", "url"):
            assert cat[f"csv.{c}"] in cols, (c, cols)
        assert len(df.value) >= 40
    assert not elements(at, "component_instance"), "the map tab is closed: the map is not drawn"
