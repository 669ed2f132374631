"""What only a browser shows: the map's shapes and legend, charts, clicks, links — with the network cut."""

import json
import re

import pytest

from conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.failed, page.console_errors = [], []
    page.on("requestfailed", lambda r: page.failed.append(r.url))
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30_000)
    return page


def map_frame(page):
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=30_000)
    # While a changed map replaces the old one, both iframes exist for a moment: wait for the swap to finish.
    page.wait_for_function("document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\").length === 1",
                           timeout=30_000)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    return frame


def click_city(page, adcode: str) -> None:
    """Click one city's shape on the map (shapes are drawn in the order of geo/yrd_cities.geojson)."""
    frame = map_frame(page)
    codes = [f["properties"]["adcode"] for f in json.loads(
        (ROOT / "geo" / "yrd_cities.geojson").read_text(encoding="utf-8"))["features"]]
    frame.locator("path.leaflet-interactive").nth(codes.index(adcode)).dispatch_event("click")


def test_delta_page_shows_map_legend_and_charts_without_network(server, browser):
    page = open_page(browser, f"{server}/delta?lang=en")
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() == 41
    assert page.locator("[data-testid='map-legend']").is_visible()
    # The first page of a visit draws its map first; the charts follow by themselves, with no click.
    page.locator("[data-testid='stVegaLiteChart']").nth(4).wait_for(timeout=30_000)
    assert not page.get_by_text("The charts follow in a moment").count(), "the placeholder goes when they come"
    assert not page.locator("[data-testid='stException']").count()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "delta-en.png"), full_page=True)
    # With no internet only the optional basemap tiles may fail; Leaflet itself is served by the app.
    assert not page.failed, sorted({u.split("/")[2] for u in page.failed})  # nothing but this app is asked for
    page.close()


def test_the_first_page_of_a_visit_draws_its_map_before_its_charts(server, browser):
    """Cold start straight to a map: the map does not wait behind seven charts (BENCHMARKS.md); on the next page
    of the same visit everything comes in one go."""
    page = open_page(browser, f"{server}/industry?lang=en")
    page.get_by_text("The charts follow in a moment").wait_for(timeout=30_000)
    assert not page.locator("[data-testid='stVegaLiteChart']").count()
    assert map_frame(page).locator("path.leaflet-interactive").count() == 41
    page.locator("[data-testid='stVegaLiteChart']").nth(3).wait_for(timeout=30_000)
    page.get_by_role("link", name=re.compile("Strategic hub")).first.click()
    page.get_by_role("heading", level=1, name=re.compile("hub", re.I)).wait_for(timeout=30_000)
    map_frame(page)
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=30_000)
    assert not page.get_by_text("The charts follow in a moment").count()
    page.close()


def test_clicking_a_city_selects_it_and_updates_the_link(server, browser):
    page = open_page(browser, f"{server}/delta?lang=en")
    click_city(page, "340100")
    page.wait_for_url(re.compile(r"cities=340100"), timeout=30_000)
    page.get_by_test_id("stMultiSelect").get_by_text("Hefei").wait_for(timeout=30_000)
    page.close()


def test_copied_link_restores_the_view(server, browser):
    page = open_page(browser, f"{server}/delta?lang=en&indicator=urbanisation_rate&year=2010&cities=320500")
    map_frame(page)
    page.get_by_text("Urbanisation rate (census) · 2010").wait_for(timeout=30_000)
    page.get_by_test_id("stMultiSelect").get_by_text("Suzhou").first.wait_for(timeout=30_000)
    assert "indicator=urbanisation_rate" in page.url and "lang=en" in page.url
    page.close()


BENIGN = ("_stcore/health", "_stcore/host-config")  # Streamlit probes its base path from deep links; harmless 404s


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_loads_cleanly(server, browser, lang):
    from conftest import PAGES, PATHWAY_IDS

    for name in PAGES:
        page = open_page(browser, f"{server}/{'' if name == 'home' else name}?lang={lang}")
        page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
        if name in PATHWAY_IDS:
            frame = map_frame(page)
            assert frame.locator("path.leaflet-interactive").count() >= 4
            page.locator("[data-testid='stVegaLiteChart']").nth(2).wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        assert not page.locator("[data-testid='stException']").count(), name
        page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}.png"))
        unexpected = [e for e in page.console_errors if "ERR_NAME_NOT_RESOLVED" not in e]
        assert not page.failed, (name, page.failed)
        assert len(unexpected) <= 2 and all("404" in e for e in unexpected), (name, unexpected)
        page.close()


def test_click_on_map_then_profile_link_lands_on_city_profile(server, browser):
    page = open_page(browser, f"{server}/delta?lang=en")
    click_city(page, "330100")
    page.get_by_role("link", name="Open the profile of Hangzhou").click(timeout=30_000)
    page.wait_for_url(re.compile(r"/city\?city=330100"), timeout=30_000)
    page.get_by_role("heading", name="Hangzhou").wait_for(timeout=30_000)
    page.close()


def test_upload_a_spreadsheet_and_see_it_on_the_map(server, browser, tmp_path):
    good = tmp_path / "mine.csv"
    good.write_text("城市,得分\n苏州,3.5\n杭州市,4\nHefei,2\n", encoding="utf-8")
    page = open_page(browser, f"{server}/upload?lang=en")
    page.locator("input[type='file']").set_input_files(str(good))
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() == 41
    page.get_by_text("得分").first.wait_for(timeout=30_000)
    bad = tmp_path / "bad.csv"
    bad.write_text("city,value\nAtlantis,1\n", encoding="utf-8")
    page.locator("input[type='file']").set_input_files(str(bad))
    page.get_by_text("Atlantis").first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stAlertContentError']").count() == 1
    assert not page.locator("[data-testid='stException']").count()
    page.close()


def test_presenter_mode_hides_sidebar_and_steps(server, browser):
    page = open_page(browser, f"{server}/hub?lang=zh&present=1")
    page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    page.get_by_role("button", name="下一页").click()
    map_frame(page)
    page.screenshot(path=str(ARTIFACTS / "presenter-hub-zh.png"))
    page.close()


def test_changing_indicator_and_year_updates_map_charts_and_link(server, browser):
    page = open_page(browser, f"{server}/delta?lang=en")
    frame = map_frame(page)
    before = frame.locator("path.leaflet-interactive").first.get_attribute("fill")
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Urbanisation rate (census)").click()
    page.wait_for_url(re.compile(r"indicator=urbanisation_rate"), timeout=30_000)
    page.get_by_text("Urbanisation rate (census) · 2020").wait_for(timeout=30_000)
    # The legend comes after the map in the rerun: until its new version arrives the old one is still on screen.
    page.get_by_test_id("map-legend").filter(has_text="Unit: %").wait_for(timeout=30_000)
    frame = map_frame(page)
    after = [frame.locator("path.leaflet-interactive").nth(i).get_attribute("fill") for i in range(41)]
    assert len(set(after)) >= 3, "the new indicator is drawn in several classes"
    assert before is not None
    page.get_by_role("slider").first.focus()  # the timeline: oldest year on the left
    page.keyboard.press("Home")
    page.wait_for_url(re.compile(r"year=2010"), timeout=30_000)
    page.get_by_text("Urbanisation rate (census) · 2010").wait_for(timeout=30_000)
    # The ranking follows the map: its CSV is now the 2010 urbanisation table.
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    page.close()


def test_briefing_pdf_and_figure_csv_download_in_the_browser(server, browser):
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{server}/innovation?lang=zh")
    map_frame(page)
    page.get_by_test_id("stVegaLiteChart").nth(2).wait_for(timeout=30_000)
    button = page.get_by_role("button", name="下载简报（PDF）")
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=90_000) as pdf:
        button.click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
    page.get_by_role("button", name="下载").nth(1).click()  # a figure's download menu
    with page.expect_download(timeout=30_000) as csv:
        page.get_by_role("button", name="当前显示的数据（CSV）").click()
    head = open(csv.value.path(), "rb").read().decode("utf-8-sig").splitlines()[0]
    assert head.startswith("指标,地区,行政区划代码,年份,数值,单位"), head  # headed in the reader's language
    page.close()


def test_the_app_serves_the_leaflet_folium_expects_and_starts_without_warnings(server):
    import urllib.request

    from test_vendor import folium_leaflet_version

    body = urllib.request.urlopen(f"{server}/app/static/leaflet/leaflet.js", timeout=10).read(300).decode()
    assert f"Leaflet {folium_leaflet_version()}," in body
    log = (ARTIFACTS / "server.log").read_text(encoding="utf-8")
    assert "no static folder found" not in log


def phone_page_with_roomy_charts(browser, url):
    """The page at 390 px, after asserting every chart's plot is wider than 250 px."""
    page = browser.new_page(viewport={"width": 390, "height": 2400})
    page.goto(url)
    page.locator("[data-testid='stVegaLiteChart'] svg.marks").nth(1).wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    widths = page.eval_on_selector_all("[data-testid='stVegaLiteChart'] svg.marks",
                                       "els => els.map(e => e.getBoundingClientRect().width)")
    assert widths and min(widths) > 250, widths
    return page


def test_phone_width_charts_have_room_and_zh_pages_show_no_streamlit_english(server, browser):
    page = phone_page_with_roomy_charts(browser, f"{server}/delta?lang=zh")
    # On a phone the evidence comes first: the map is above the study's long text.
    map_top = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()["y"]
    text_top = page.get_by_role("heading", name="研究观点").bounding_box()["y"]
    assert map_top < text_top, (map_top, text_top)
    page.goto(f"{server}/upload?lang=zh")
    page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
    page.locator("[data-testid='stFileUploaderDropzoneInstructions'] span").first.wait_for(timeout=30_000)
    shown = page.evaluate("""() => {
        const p = document.querySelector("[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] p");
        const s = document.querySelector("[data-testid='stFileUploaderDropzoneInstructions'] span");
        return [getComputedStyle(p).fontSize, getComputedStyle(p, '::after').content,
                getComputedStyle(s).fontSize, getComputedStyle(s, '::after').content];
    }""")
    assert shown[0] == "0px" and "选择文件" in shown[1], shown
    assert shown[2] == "0px" and "2 MB" in shown[3] and "200MB" not in shown[3], shown
    nav = page.locator("[data-testid='stSidebarNav']").inner_text() if page.locator(
        "[data-testid='stSidebarNav']").count() else ""
    assert "View" not in nav and "八 · " in nav
    page.close()


def test_navigation_in_reading_order_with_every_pathway_and_no_developer_menu(server, browser):
    page = open_page(browser, f"{server}/?lang=en")
    page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
    links = page.locator("[data-testid='stSidebarNavLink']").all_inner_texts()
    names = [re.sub(r"^\S+\n", "", x).strip() for x in links]
    assert names[0].endswith("Overview") and names[-1].endswith("Data & sources"), names
    assert sum(" · " in n for n in names[1:9]) == 8, names
    assert not page.get_by_text("Deploy", exact=True).count()
    page.close()


def test_timeline_plays_the_map_through_its_years(server, browser):
    page = open_page(browser, f"{server}/delta?lang=en&indicator=gdp")
    map_frame(page)
    page.get_by_text("GDP · 2025").wait_for(timeout=30_000)  # it opens on the latest full year
    page.get_by_role("button", name="Play").click()
    page.get_by_text("GDP · 2018").wait_for(timeout=30_000)  # from the latest year it starts at the first
    page.get_by_text("GDP · 2019").wait_for(timeout=30_000)  # then steps on by itself
    page.get_by_text("GDP · 2025").wait_for(timeout=90_000)
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)  # and stops at the latest year
    assert "year=2025" in page.url
    page.close()


def test_pin_figures_then_present_them_with_the_keyboard(server, browser):
    page = open_page(browser, f"{server}/delta?lang=en")
    map_frame(page)
    page.locator(".st-key-pin-delta-map button[kind]").first.click()
    page.wait_for_url(re.compile(r"pins=delta\.map\.gdp"), timeout=30_000)
    page.locator(".st-key-pin-delta-map button[kind]").get_by_text("Pinned").first.wait_for(timeout=30_000)
    page.locator(".st-key-pin-delta-0 button[kind]").first.click()  # the ranking under the map
    page.wait_for_url(re.compile(r"pins=[^&]*%2C|pins=[^&]*,"), timeout=30_000)
    link = page.url.replace("/delta?", "/briefing?")
    page.close()
    page = open_page(browser, link)  # a colleague opens the link
    page.get_by_text("1. 4 · ").first.wait_for(timeout=30_000)
    page.get_by_text("2. 4 · ").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Present", exact=True).click()
    page.get_by_text("1 of 2", exact=True).wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    page.keyboard.press("ArrowRight")
    page.get_by_text("2 of 2", exact=True).wait_for(timeout=30_000)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Present", exact=True).wait_for(timeout=30_000)
    page.close()
    page = browser.new_page(accept_downloads=True)
    page.goto(link)
    button = page.get_by_role("button", name="Download as one PDF")
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=120_000) as pdf:
        button.click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
    page.close()


@pytest.mark.parametrize("pid", ["innovation", "industry", "hub", "opening", "digital", "carbon", "public"])
def test_phone_width_every_pathway_gives_charts_room_and_puts_evidence_first(server, browser, pid):
    """At 390 px every chart's plot is wider than 250 px and the map (or first chart) comes before the study text,
    on every pathway page (the Delta is checked above, with the uploader)."""
    page = phone_page_with_roomy_charts(browser, f"{server}/{pid}?lang=zh")
    evidence = page.locator(".st-key-evidence").bounding_box()["y"]
    text = page.locator(".st-key-study-text").bounding_box()["y"]
    assert evidence < text, (evidence, text)
    assert not page.get_by_text("View more", exact=False).count()
    page.close()
