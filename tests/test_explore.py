"""City profiles, comparison, presenter mode and search, in both languages."""

import pytest

from components.i18n import catalog
from components.pathways import PATHWAYS
from components.search import destination, entries
from conftest import LANGS, elements, run_page


@pytest.mark.parametrize("lang", LANGS)
def test_city_profile_lists_every_indicator_with_rank_and_locator(lang):
    at = run_page("city", {"lang": lang, "city": "320500"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == ("苏州市" if lang == "zh" else "Suzhou")
    table = at.dataframe[0].value
    assert len(table) >= 10
    assert {"latest", "year", "rank", "trend", "url"} <= set(table.columns)
    assert table.url.str.startswith("http").all()
    assert len(elements(at, "component_instance")) == 1, "the locator map"


def test_shanghai_profile_shows_goal_tracker():
    at = run_page("city", {"lang": "en", "city": "310000"})
    md = " ".join(m.value for m in at.markdown)
    assert md.count('class="goal-status') == 5


def test_profile_bad_city_falls_back_with_note():
    at = run_page("city", {"lang": "en", "city": "999999"})
    assert not at.exception
    assert at.info and "999999" in at.info[0].value
    assert at.title[0].value == "Shanghai"


@pytest.mark.parametrize("lang", LANGS)
def test_compare_side_by_side_and_link(lang):
    at = run_page("compare", {"lang": lang, "cities": "310000,320000,330100", "indicator": "gdp"})
    assert not at.exception
    assert at.multiselect[0].value == ["310000", "320000", "330100"]
    assert at.selectbox[0].value == "gdp"
    assert len(elements(at, "vega_lite_chart")) == 1
    wide = at.dataframe[0].value
    assert wide.shape[1] >= 2, "a column per place"
    assert at.query_params["cities"] == "310000,320000,330100"


def test_compare_needs_two_places():
    at = run_page("compare", {"lang": "en", "cities": "310000"})
    assert not at.exception
    assert any("at least 2" in i.value for i in at.info)


@pytest.mark.parametrize("lang", LANGS)
def test_presenter_mode_steps_through_figures(lang):
    at = run_page("delta", {"lang": lang, "present": "1"})
    assert not at.exception
    assert not elements(at, "selectbox"), "no pickers in presenter mode"
    cat = catalog(lang)
    n = 1 + 1 + len(PATHWAYS["delta"].figures)  # overview, map, one slide per declared figure
    assert cat["present.slide"].format(i=1, n=n) in " ".join(m.value for m in at.markdown)
    at.button(key="next").click().run()
    assert len(elements(at, "component_instance")) == 1, "slide 2 is the map"
    at.button(key="next").click().run()
    assert len(elements(at, "vega_lite_chart")) == 1, "then one figure at a time"
    at.button(key="prev").click().run()
    assert len(elements(at, "component_instance")) == 1
    at.button(key="exit-present").click().run()
    assert "present" not in at.query_params


def test_search_box_lists_links_for_what_is_typed():
    at = run_page("home", {"lang": "en"})
    at.text_input(key="search-q").input("苏州").run()
    links = [e.proto.label for e in elements(at, "page_link") if "苏州" in e.proto.label]
    assert links and "Suzhou" in links[0]
    at.text_input(key="search-q").input("zzzz").run()
    assert "Nothing found." in " ".join(c.value for c in at.caption)


def test_search_finds_city_indicator_and_pathway_in_both_languages():
    from components import data
    from components.search import matches

    items = entries("en", data._signature())
    labels = [label for _, _, label in items]
    assert any("苏州市" in lab and "Suzhou" in lab for lab in labels)
    assert any("GDP" in lab for lab in labels)
    assert [k for _, k, _ in matches(items, "suzhou jiangsu")] == ["320500"]
    assert matches(items, "碳达峰")[0][:2] == ("pathway", "carbon")
    pkg = data.package()
    assert destination(pkg, "city", "320500") == ("pages/city.py", {"city": "320500"})
    assert destination(pkg, "indicator", "st_share_budget") == ("pages/innovation.py", {"indicator": "st_share_budget"})
    assert destination(pkg, "pathway", "carbon") == ("pages/carbon.py", {})


@pytest.mark.parametrize("lang", LANGS)
def test_upload_page_renders(lang):
    at = run_page("upload", {"lang": lang})
    assert not at.exception
    assert at.title[0].value == catalog(lang)["upload.title"]
