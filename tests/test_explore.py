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


def marks(at) -> set[str]:
    """The mark types of the one chart on the page (layers included)."""
    import json

    spec = json.loads(elements(at, "vega_lite_chart")[0].proto.spec)
    found = set()

    def walk(node):
        if isinstance(node, dict):
            mark = node.get("mark")
            if mark:
                found.add(mark if isinstance(mark, str) else mark.get("type"))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_compare_keeps_every_pick_after_clearing(lang):
    # Would have caught: the multiselect's default came from the link it writes, so after clearing, the second
    # place picked made a new widget (a new default) and was dropped; the same for the indicator picker.
    at = run_page("compare", {"lang": lang})
    at.multiselect[0].set_value([]).run()
    assert at.multiselect[0].value == [] and "cities" not in at.query_params
    for i, code in enumerate(["320500", "330200", "320100", "340100"]):
        at.multiselect[0].select(code).run()
        assert at.multiselect[0].value == ["320500", "330200", "320100", "340100"][: i + 1]
    assert at.query_params["cities"] == "320500,330200,320100,340100"
    at.multiselect[0].unselect("330200").run()
    at.multiselect[0].select("310000").run()
    assert at.multiselect[0].value == ["320500", "320100", "340100", "310000"]
    for ind in ("gdp_per_capita", "retail_sales", "gdp"):
        at.selectbox[0].set_value(ind).run()
        assert at.selectbox[0].value == ind and at.query_params["indicator"] == ind
    assert not at.exception


@pytest.mark.parametrize("lang", LANGS)
def test_compare_default_is_recent_gdp_of_shanghai_and_the_capitals(lang):
    at = run_page("compare", {"lang": lang})
    assert not at.exception
    assert at.multiselect[0].value == ["310000", "320100", "330100", "340100"]
    assert at.selectbox[0].value == "gdp"
    assert "line" in marks(at), "a series over years is drawn as lines"
    assert str(at.dataframe[0].value.index[0]) >= "2023", "latest year first"


@pytest.mark.parametrize("lang", LANGS)
def test_compare_one_place_keeps_picker_and_figures(lang):
    at = run_page("compare", {"lang": lang, "cities": "310000"})
    assert not at.exception
    assert at.selectbox, "the indicator picker stays"
    assert len(elements(at, "vega_lite_chart")) == 1 and at.dataframe
    prompt = catalog(lang)["explore.compare_add"].format(min=2)
    assert any(prompt in i.value for i in at.info)


def test_compare_nothing_selected_asks_for_places():
    at = run_page("compare", {"lang": "en"})
    at.multiselect[0].set_value([]).run()
    assert not at.exception and not at.selectbox
    assert any("at least 2" in i.value for i in at.info)


@pytest.mark.parametrize("lang", LANGS)
def test_compare_single_year_is_bars_series_is_lines(lang):
    at = run_page("compare", {"lang": lang, "cities": "310000,320100,330100,340100",
                              "indicator": "population_change_2010_2020"})
    assert at.selectbox[0].value == "population_change_2010_2020"
    assert "bar" in marks(at) and "line" not in marks(at)
    at = run_page("compare", {"lang": lang, "cities": "310000,320100,330100,340100", "indicator": "retail_sales"})
    assert "line" in marks(at) and "bar" not in marks(at)


@pytest.mark.parametrize("lang", LANGS)
def test_compare_table_shows_no_none_or_nan(lang):
    # Bengbu has no sourced GDP figure for 2025: that cell reads "—" (en) or "暂无数据" (zh), never None/nan.
    at = run_page("compare", {"lang": lang, "cities": "310000,340300", "indicator": "gdp"})
    wide = at.dataframe[0].value
    assert not wide.isna().any().any()
    cells = {str(v) for v in wide.to_numpy().ravel()}
    assert not cells & {"None", "nan", "NaN", "<NA>"}
    assert {"en": "—", "zh": "暂无数据"}[lang] in cells


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


def search_hits(at) -> list[str]:
    """The labels of the results listed under the search box."""
    return list(at.sidebar.radio(key="search-hits").options)


@pytest.mark.parametrize("lang", LANGS)
def test_search_lists_as_you_type_and_wraps_results(lang):
    at = run_page("home", {"lang": lang})
    box = at.text_input(key="search-q")
    assert box.proto.live_debounce_ms > 0, "results follow the typing, no Enter needed"
    box.input("苏州").run()
    hits = search_hits(at)
    assert hits and "苏州市" in hits[0] and "Suzhou" in hits[0]
    assert not elements(at, "page_link") or all("苏州" not in e.proto.label for e in elements(at, "page_link")), \
        "results are a list whose labels wrap, not links cut off in the sidebar"
    at.text_input(key="search-q").input("zzzz").run()
    assert catalog(lang)["search.none"] in " ".join(c.value for c in at.caption)


def test_search_ranks_exact_then_prefix_then_the_rest():
    # Would have caught: "GDP" listed "energy consumption per unit of GDP" first (catalogue order).
    from components import data
    from components.search import matches, named_entries

    items = named_entries("en", data._signature())
    keys = [k for _, k, _ in matches(items, "GDP")]
    assert keys[0] == "gdp"
    starts = [k for k in keys if data.package().indicators.loc[k].name_en.lower().startswith("gdp")]
    rest = [k for k in keys if k not in starts]
    assert keys == starts + rest, keys
    assert [k for _, k, _ in matches(items, "地区生产总值")][0] == "gdp"
    assert [k for _, k, _ in matches(items, "hangzhou")][0] == "330100"


@pytest.mark.parametrize("lang", LANGS)
def test_choosing_an_indicator_opens_its_map_on_it_and_its_best_year(lang):
    from components import data, page

    at = run_page("home", {"lang": lang})
    at.text_input(key="search-q").input("GDP").run()
    label = search_hits(at)[0]
    assert label.endswith(" · GDP"), label
    at.sidebar.radio(key="search-hits").set_value("indicator:gdp").run()
    assert not at.exception, [e.value for e in at.exception]
    best = page.map_options("delta", data._signature())["gdp"][1]
    assert at.query_params["indicator"] == "gdp" and at.query_params["year"] == str(best)
    assert at.selectbox[0].value == "gdp", "the map shows that indicator"
    assert not at.info, "the map took the link's indicator and year (a fallback would say so)"
    assert at.title[0].value.endswith(catalog(lang)["pathways.delta.title"])


def test_search_finds_city_indicator_and_pathway_in_both_languages():
    from components import data, page
    from components.search import matches

    items = entries("en", data._signature())
    labels = [label for _, _, label in items]
    assert any("苏州市" in lab and "Suzhou" in lab for lab in labels)
    assert any("GDP" in lab for lab in labels)
    assert [k for _, k, _ in matches(items, "suzhou jiangsu")] == ["320500"]
    assert matches(items, "碳达峰")[0][:2] == ("pathway", "carbon")
    pkg = data.package()
    assert destination(pkg, "city", "320500") == ("pages/city.py", {"city": "320500"})
    best = page.map_options("innovation", data._signature())["st_share_budget"][1]
    assert destination(pkg, "indicator", "st_share_budget") == (
        "pages/innovation.py", {"indicator": "st_share_budget", "year": str(best)})
    assert destination(pkg, "indicator", "energy_intensity") == ("pages/carbon.py", {}), "not on a map: its page"
    assert destination(pkg, "pathway", "carbon") == ("pages/carbon.py", {})


def profile_rows(at, lang: str) -> dict:
    from components import data

    pkg = data.package()
    table = at.dataframe[0].value
    col = "name_zh" if lang == "zh" else "name_en"
    by_name = {r.indicator: r for r in table.itertuples()}
    return {i: by_name[pkg.indicators.loc[i, col]] for i in pkg.indicators.index if pkg.indicators.loc[i, col] in by_name}


@pytest.mark.parametrize("lang", LANGS)
def test_profile_ranks_only_where_a_rank_means_something(lang):
    # Would have caught: "airport passengers: 1 of 2" and a free-trade-zone approval year ranked "3 of 11".
    at = run_page("city", {"lang": lang, "city": "310000"})
    rows = profile_rows(at, lang)
    assert rows["airport_passengers"].rank == "—", "fewer than 10 places have the figure"
    assert rows["ftz_first_year"].rank == "—", "a year is not ranked"
    n = int("".join(c for c in rows["gdp"].rank.split("/")[-1] if c.isdigit()) or 0) if lang == "zh" else \
        int(rows["gdp"].rank.split(" of ")[-1])
    assert 10 <= n <= 41, rows["gdp"].rank


@pytest.mark.parametrize("lang", LANGS)
def test_profile_says_when_a_figure_is_old(lang):
    # Would have caught: Suzhou's latest container figure is from 2016, shown without a word.
    from components import data

    latest = int(data.package().observations.year.max())
    at = run_page("city", {"lang": lang, "city": "320500"})
    rows = profile_rows(at, lang)
    old = rows["container_throughput"]
    assert old.year == 2016
    assert old.note == catalog(lang)["explore.profile_old"].format(years=latest - 2016, latest=latest)
    assert rows["gdp"].note == "", "a recent figure has no note"


@pytest.mark.parametrize("lang", LANGS)
def test_profile_table_fits_1400px_and_shows_no_none(lang):
    import json

    at = run_page("city", {"lang": lang, "city": "320500"})
    frame = at.dataframe[0]
    config = {k: v for k, v in json.loads(frame.proto.columns).items() if k != "_index"}
    widths = [c.get("width") for c in config.values()]
    assert all(isinstance(w, int) for w in widths) and len(widths) == frame.value.shape[1], config
    assert sum(widths) <= 940, "the main area at 1,400 px with the sidebar open"
    table = frame.value
    assert not table.drop(columns=["trend"]).isna().any().any() and table.trend.map(lambda v: v is not None).all()
    cells = {str(v) for v in table.drop(columns=["trend"]).to_numpy().ravel()}
    assert not cells & {"None", "nan", "NaN"}
    assert frame.proto.placeholder == catalog(lang)["explore.no_value"]


def test_profile_picks_are_kept():
    # The same fault as the comparison's: a picker whose default followed the link dropped every second pick.
    at = run_page("city", {"lang": "en", "city": "310000"})
    for code in ("320500", "330100", "340100"):
        at.selectbox[0].set_value(code).run()
        assert at.selectbox[0].value == code and at.query_params["city"] == code


@pytest.mark.parametrize("lang", LANGS)
def test_upload_page_renders(lang):
    at = run_page("upload", {"lang": lang})
    assert not at.exception
    assert at.title[0].value == catalog(lang)["upload.title"]
