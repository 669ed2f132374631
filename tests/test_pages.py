"""Every page renders in both languages; the Delta page shows its map, charts, sources and downloads."""

import pytest

from components.i18n import catalog
from conftest import LANGS, PAGES, PATHWAY_IDS, elements, run_page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_language(page, lang):
    at = run_page(page, {"lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"
    text = " ".join(m.value for m in at.markdown) + " ".join(t.value for t in at.title)
    other = "en" if lang == "zh" else "zh"
    if page in PATHWAY_IDS:
        assert at.title[0].value.endswith(catalog(lang)[f"pathways.{page}.title"])
        assert catalog(lang)[f"pathways.{page}.tagline"] in text
        assert catalog(other)[f"pathways.{page}.tagline"] not in text
    assert at.query_params["lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_delta_page_has_map_charts_sources_and_downloads(lang):
    at = run_page("delta", {"lang": lang})
    maps = elements(at, "component_instance")
    charts = elements(at, "vega_lite_chart")
    downloads = elements(at, "download_button")
    assert len(maps) == 1
    assert len(charts) >= 5
    assert len(downloads) >= len(charts) + 1  # one per chart and one for the map
    captions = [c.value for c in at.caption]
    labels = (catalog(lang)["chart.sources"], catalog(lang)["chart.source"])
    assert sum(any(lab in c for lab in labels) and "](http" in c for c in captions) >= len(charts)
    assert at.query_params["indicator"] == "gdp"


def test_delta_map_follows_url_state():
    at = run_page("delta", {"lang": "en", "indicator": "urbanisation_rate", "year": "2010", "cities": "320500,330100"})
    assert not at.exception
    assert at.selectbox[0].value == "urbanisation_rate"
    assert at.select_slider[0].value == 2010
    assert at.multiselect[0].value == ["320500", "330100"]
    assert not at.info, "valid links produce no fallback note"


def test_changing_indicator_updates_url_and_map():
    at = run_page("delta", {"lang": "en"})
    before = elements(at, "component_instance")[0].proto.json_args
    at.selectbox[0].set_value("census_population").run()
    assert at.query_params["indicator"] == "census_population"
    assert at.query_params["year"] == "2020"
    assert elements(at, "component_instance")[0].proto.json_args != before


def test_language_switch_changes_labels_and_numbers():
    zh = run_page("delta", {"lang": "zh"})
    en = run_page("delta", {"lang": "en"})
    assert zh.selectbox[0].label == "指标" and en.selectbox[0].label == "Indicator"
    zh_caps, en_caps = " ".join(c.value for c in zh.caption), " ".join(c.value for c in en.caption)
    assert "来源" in zh_caps and "读取于" in zh_caps and "Source" in en_caps and "read at" in en_caps


def test_map_pickers_keep_every_pick_in_any_order():
    """The second pick after a first (or after clearing) used to be dropped: defaults came from the link."""
    at = run_page("delta", {"lang": "en"})
    ms = lambda: at.multiselect[0]  # noqa: E731
    ms().select("320500").run()
    ms().select("330100").run()
    assert ms().value == ["320500", "330100"] and at.query_params["cities"] == "320500,330100"
    ms().unselect("320500").run()
    ms().unselect("330100").run()
    assert ms().value == [] and "cities" not in at.query_params
    ms().select("340100").run()
    ms().select("320100").run()
    assert ms().value == ["340100", "320100"]
    at.selectbox[0].set_value("gdp_per_capita").run()
    at.selectbox[0].set_value("gdp_growth").run()
    assert at.selectbox[0].value == "gdp_growth" and at.query_params["indicator"] == "gdp_growth"
    years = at.select_slider[0].options
    at.select_slider[0].set_value(int(years[0])).run()
    at.select_slider[0].set_value(int(years[1])).run()
    assert at.query_params["year"] == str(years[1]) and at.markdown
    assert any(f"· {years[1]}" in m.value for m in at.markdown), "the map's title follows the year"
    assert not at.exception
