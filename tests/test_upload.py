"""Map your own data: parse_upload on good files and on the ways a user's file goes wrong."""

from __future__ import annotations

import io
import string

import openpyxl
import pandas as pd
import pytest

from components import upload as up
from components.i18n import LANGS, catalog
from components.upload import parse_upload, to_observations
from conftest import ROOT

REGIONS = pd.read_csv(ROOT / "data" / "regions.csv", dtype=str)
SEEN: list[up.Message] = []  # every message any test produced, checked against both catalogs at the end


def parse(name: str, raw: bytes | str, encoding: str = "utf-8"):
    if isinstance(raw, str):
        raw = raw.encode(encoding)
    before = REGIONS.copy()
    result = parse_upload(name, raw, REGIONS)
    pd.testing.assert_frame_equal(REGIONS, before)  # regions is never modified
    SEEN.extend(result.errors + result.warnings + getattr(result, "left_out", []))
    return result


def ok(name: str, raw, encoding: str = "utf-8"):
    result = parse(name, raw, encoding)
    assert result.errors == [], result.errors
    assert result.table is not None
    return result


def error(name: str, raw, key: str, encoding: str = "utf-8") -> up.Message:
    result = parse(name, raw, encoding)
    assert result.table is None and result.value_columns == [] and result.year_column is None
    keys = [m.key for m in result.errors]
    assert f"upload.{key}" in keys, keys
    return next(m for m in result.errors if m.key == f"upload.{key}")


def left(name: str, raw, key: str, mapped: list[str] | None = None, encoding: str = "utf-8") -> up.Message:
    """A row-level problem: the row is left out with its reason and the other rows are still mapped (`mapped`,
    their adcodes); with no row left to map, the file's one error says so."""
    result = parse(name, raw, encoding)
    if mapped:
        assert result.errors == [], result.errors
        assert list(result.table.adcode) == mapped
    else:
        assert result.table is None and [m.key for m in result.errors] == ["upload.no_matches"]
    keys = [m.key for m in result.left_out]
    assert f"upload.left.{key}" in keys, keys
    return next(m for m in result.left_out if m.key == f"upload.left.{key}")


def xlsx(rows: list[list], extra_sheet: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in rows:
        ws.append(row)
    if extra_sheet:
        wb.create_sheet("notes")["A1"] = "ignore me"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def cities(result) -> dict[str, float]:
    col = result.value_columns[0]
    return dict(zip(result.table.adcode, result.table[col], strict=True))


# ---------------------------------------------------------------- good files

def test_utf8_csv_with_chinese_names():
    r = ok("gdp.csv", "城市,GDP（亿元）,人口\n苏州,24653.4,1291\n杭州市,\"18,753\",1252\n上海,47218.7,—\n")
    assert r.value_columns == ["GDP（亿元）", "人口"] and r.year_column is None
    assert list(r.table.columns) == ["adcode", "city", "GDP（亿元）", "人口"]
    assert list(r.table.city) == ["苏州市", "杭州市", "上海市"]
    assert cities(r) == {"320500": 24653.4, "330100": 18753.0, "310000": 47218.7}
    assert pd.isna(r.table["人口"].iloc[2])
    missing = next(m for m in r.warnings if m.key == "upload.missing_cities")
    assert missing.kwargs == {"n": 38, "total": 41}


def test_gbk_csv():
    r = ok("gbk.csv", "地区,增速\n苏州市,5.1%\n宿州市,6.2\n台州,３.５\n", encoding="gbk")
    assert cities(r) == {"320500": 5.1, "341300": 6.2, "331000": 3.5}


def test_gb18030_csv_with_excel_style_crlf():
    ok("gb.csv", "城市,值\r\n南京,1\r\n淮安,2\r\n", encoding="gb18030")


def test_utf8_bom_csv():
    r = ok("bom.csv", "\ufeffcity,value\n苏州,1\n")
    assert r.value_columns == ["value"]


def test_tab_and_semicolon_delimited():
    r = ok("tab.txt", "城市\t数值\t备注\n苏州\t1,234.5\t好\n南通\t2\t\n")
    assert cities(r) == {"320500": 1234.5, "320600": 2.0}
    assert any(m.key == "upload.ignored_columns" and "备注" in m.kwargs["columns"] for m in r.warnings)
    r = ok("semi.csv", "city;value\nNanjing;1\nWuxi;2\n")
    assert cities(r) == {"320100": 1.0, "320200": 2.0}


def test_chinese_comma_inside_a_cell_is_not_a_delimiter():
    r = ok("c.csv", "城市,说明,数值\n苏州,大，强,1\n杭州,美，好,2\n")
    assert r.value_columns == ["数值"]


def test_xlsx_made_in_memory():
    raw = xlsx([["长三角城市数据"], [], ["城市", "年份", "GDP"], ["苏州市", 2022, 23958.3],
                ["苏州市", 2023, 24653.4], [320100, 2023, 17421.4]], extra_sheet=True)
    r = ok("book.xlsx", raw)
    assert r.year_column == "year" and r.value_columns == ["GDP"]
    assert list(r.table.year) == [2022, 2023, 2023]
    assert list(r.table.adcode) == ["320500", "320500", "320100"]
    assert any(m.key == "upload.first_sheet" and m.kwargs["sheet"] == "数据" for m in r.warnings)


def test_english_names_with_apostrophes_suffixes_and_provinces():
    raw = ("City,Value\nHuai'an,1\nhuaian city,\nTaizhou (Zhejiang),3\nTaizhou, Jiangsu,4\nSuzhou (Jiangsu),5\n"
           "\"Suzhou, Anhui\",6\nMA-ANSHAN,7\nLu’an Shi,8\nShanghai Municipality,9\n")
    # "huaian city" repeats Huai'an: rename it to check it resolves, without a duplicate.
    raw = raw.replace("huaian city,\n", "Lianyungang City,2\n").replace("Taizhou, Jiangsu,4", "\"Taizhou, Jiangsu\",4")
    r = ok("en.csv", raw)
    assert list(r.table.adcode) == ["320800", "320700", "331000", "321200", "320500", "341300", "340500", "341500",
                                    "310000"]


def test_adcodes_and_prefecture_codes_with_year():
    raw = "adcode,year,value\n320500,2021,1\n3205,2022,2\n310100,2022,3\n331000000000,2022,4\n340100.0,2022,5\n"
    r = ok("codes.csv", raw)
    assert list(r.table.adcode) == ["320500", "320500", "310000", "331000", "340100"]
    assert r.table.year.tolist() == [2021, 2022, 2022, 2022, 2022]


def test_zh_names_with_province_prefix():
    r = ok("p.csv", "地级市,值\n江苏省苏州市,1\n安徽宿州,2\n浙江省台州市,3\n")
    assert list(r.table.adcode) == ["320500", "341300", "331000"]


def test_city_column_found_by_content_and_totals_skipped():
    m = left("x.csv", "省份,地方,值\n江苏,南京,1\n浙江,宁波,2\n,合计,3\n", "not_city", ["320100", "330200"])
    assert m.kwargs == {"row": 4, "value": "合计"}


def test_file_without_header_row():
    r = ok("nohead.csv", "苏州,100\n杭州,200\n")
    assert list(r.table.adcode) == ["320500", "330100"] and r.value_columns == ["[B]"]
    assert any(m.key == "upload.no_header" and m.kwargs["row"] == 1 for m in r.warnings)


def test_country_suffix_and_province_first():
    m = left("c.csv", 'city,v\n"Shanghai, China",1\n"Suzhou, Jiangsu, China",2\n"Anhui, Suzhou",3\n中国,4\n', "not_city",
             ["310000", "320500", "341300"])
    assert m.kwargs["value"] == "中国"


def test_named_column_that_holds_no_cities_is_not_the_city_column():
    r = ok("n.csv", "name,城市,v\nGDP,苏州,1\n人口,杭州,2\n")
    assert list(r.table.adcode) == ["320500", "330100"] and r.value_columns == ["v"]


def test_all_41_cities_no_missing_warning():
    cities_ = REGIONS[REGIONS.level == "city"]
    raw = "城市,值\n" + "".join(f"{n},{i}\n" for i, n in enumerate(cities_.name_zh))
    r = ok("all.csv", raw)
    assert len(r.table) == 41 and not [m for m in r.warnings if m.key == "upload.missing_cities"]


def test_to_observations_shape():
    r = ok("y.csv", "城市,年份,GDP,人口\n苏州,2022,1,\n苏州,2023,2,5\n杭州,2023,,6\n")
    obs = to_observations(r, "GDP", 2023)
    assert list(obs.columns) == ["indicator_id", "adcode", "year", "value", "qualifier", "source_id", "derived_from",
                                 "note"]
    assert obs.to_dict("records") == [{"indicator_id": "upload", "adcode": "320500", "year": 2023, "value": 2.0,
                                       "qualifier": "", "source_id": "upload", "derived_from": "", "note": ""}]
    assert len(to_observations(r, "人口", None)) == 2
    r = ok("n.csv", "城市,GDP\n苏州,1\n杭州,\n")
    obs = to_observations(r, "GDP", 2024)
    assert obs.adcode.tolist() == ["320500"] and obs.year.tolist() == [2024] and obs.value.dtype == "float64"
    with pytest.raises(ValueError):
        to_observations(r, "nope", None)
    bad = parse("e.csv", b"")
    assert to_observations(bad, "GDP", None).empty


# ---------------------------------------------------------------- malformed files

def test_empty_bytes():
    assert error("e.csv", b"", "empty").kwargs["name"] == "e.csv"


def test_blank_lines_only():
    error("e.csv", " \n\n ,, \n", "empty")


def test_header_only():
    assert error("h.csv", "城市,GDP\n", "no_rows").kwargs["row"] == 1


def test_too_large():
    m = error("big.csv", b"a" * (up.MAX_BYTES + 1), "too_large")
    assert m.kwargs["mb"] == "2"


def test_pdf_extension():
    assert error("report.pdf", b"%PDF-1.7 ...", "wrong_type").kwargs["name"] == "report.pdf"


def test_no_extension():
    error("data", "城市,GDP\n苏州,1\n", "wrong_type")


def test_old_binary_xls():
    error("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "wrong_type")


def test_xls_that_is_really_tab_text_is_read():
    ok("export.xls", "城市\t值\n苏州\t1\n")


def test_png_named_csv():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert error("photo.csv", png, "unreadable").kwargs["kind"] == "CSV"


def test_corrupt_xlsx():
    raw = xlsx([["城市", "GDP"], ["苏州", 1]])
    assert error("broken.xlsx", raw[: len(raw) // 2], "unreadable").kwargs["kind"] == "Excel"
    error("fake.xlsx", "城市,GDP\n苏州,1\n", "unreadable")
    error("zip.xlsx", _zip({"hello.txt": b"hi"}), "unreadable")


def _zip(files: dict) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in files.items():
            z.writestr(k, v)
    return buf.getvalue()


def test_binary_garbage():
    import random

    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(4000))
    error("junk.csv", garbage, "unreadable")
    error("junk.txt", b"\x01\x02\x03\x04" * 200, "unreadable")


def test_no_city_column():
    m = error("n.csv", "指标,2022,2023\nGDP,1,2\n人口,3,4\n", "no_city_column")
    assert "指标" in m.kwargs["columns"]


def test_single_column():
    assert error("one.csv", "城市\n苏州\n杭州\n", "too_few_columns").kwargs["row"] == 1


def test_chinese_comma_as_separator_is_one_column():
    error("cn.csv", "城市，GDP\n苏州，1\n", "too_few_columns")


def test_unknown_city_with_suggestion():
    m = left("u.csv", "城市,GDP\n杭州,1\n苏洲,2\n", "unknown_city", ["330100"])
    assert m.kwargs["row"] == 3 and m.kwargs["value"] == "苏洲" and "苏州市" in m.kwargs["suggestions"]
    m = left("u.csv", "city,GDP\nHangzou,1\n", "unknown_city")
    assert m.kwargs["row"] == 2 and "Hangzhou" in m.kwargs["suggestions"]


def test_unknown_city_without_suggestion():
    m = left("u.csv", "城市,GDP\nxyzzy,1\n", "unknown_city_no_match")
    assert m.kwargs == {"row": 2, "value": "xyzzy"}


def test_district_code_suggests_its_city():
    m = left("d.csv", "adcode,GDP\n320505,1\n", "unknown_city")
    assert "320500" in m.kwargs["suggestions"]


def test_ambiguous_suzhou_and_taizhou():
    result = parse("a.csv", "City,GDP\nSuzhou,1\nTaizhou,2\nNanjing,3\n")
    amb = [m for m in result.left_out if m.key == "upload.left.ambiguous"]
    assert [m.kwargs["row"] for m in amb] == [2, 3]
    assert "320500" in amb[0].kwargs["candidates"] and "341300" in amb[0].kwargs["candidates"]
    assert "321200" in amb[1].kwargs["candidates"] and "331000" in amb[1].kwargs["candidates"]
    assert list(result.table.adcode) == ["320100"], "the city that is clear is still mapped"


def test_row_outside_the_delta_is_left_out_and_the_rest_mapped():
    # Would have caught: one row for 北京 rejected the whole file.
    m = left("b.csv", "city,GDP\nNanjing,1\nBeijing,2\n", "outside_delta", ["320100"])
    assert m.kwargs == {"row": 3, "value": "Beijing"}
    r = parse("b.csv", "城市,GDP\n苏州,24653.4\n北京市,43760.7\n杭州,20059\n")
    assert r.errors == [] and cities(r) == {"320500": 24653.4, "330100": 20059.0}
    assert [(m.key, m.kwargs["row"]) for m in r.left_out] == [("upload.left.outside_delta", 3)]
    left("b.csv", "adcode,GDP\n110000,2\n", "outside_delta")


def test_duplicate_city():
    m = left("d.csv", "城市,GDP\n苏州,1\n杭州,2\n320500,3\n", "duplicate", ["320500", "330100"])
    assert (m.kwargs["first"], m.kwargs["row"], m.kwargs["city"]) == (2, 4, "苏州")
    assert cities(parse("d.csv", "城市,GDP\n苏州,1\n杭州,2\n320500,3\n"))["320500"] == 1.0, "the first row is kept"


def test_duplicate_city_year():
    m = left("d.csv", "城市,年份,GDP\n苏州,2022,1\n苏州,2023,2\n苏州市,2023,3\n", "duplicate_year", ["320500", "320500"])
    assert (m.kwargs["first"], m.kwargs["row"], m.kwargs["year"]) == (3, 4, 2023)


def test_non_numeric_cell():
    m = left("v.csv", "城市,GDP\n苏州,1\n杭州,2\n南京,约 3 亿元\n", "non_numeric", ["320500", "330100", "320100"])
    assert m.kwargs == {"row": 4, "column": "GDP", "value": "约 3 亿元"}
    r = parse("v.csv", "城市,GDP,人口\n苏州,1,2\n南京,x,5\n")
    assert pd.isna(r.table.GDP.iloc[1]) and r.table["人口"].iloc[1] == 5.0, "only the bad cell is left empty"


def test_non_numeric_value_is_truncated():
    long = "很长的说明" * 20
    m = left("v.csv", f"城市,GDP\n苏州,1\n杭州,2\n南京,{long}\n", "non_numeric", ["320500", "330100", "320100"])
    assert len(m.kwargs["value"]) <= 30


def test_no_numeric_column():
    m = error("t.csv", "城市,评价\n苏州,好\n杭州,很好\n", "no_numeric")
    assert "评价" in m.kwargs["columns"]


def test_bad_year():
    m = left("y.csv", "城市,年份,GDP\n苏州,2023,1\n杭州,20x4,2\n", "bad_year", ["320500"])
    assert m.kwargs["row"] == 3 and m.kwargs["value"] == "20x4" and m.kwargs["column"] == "年份"


def test_year_out_of_range():
    m = left("y.csv", "city,year,GDP\nNanjing,3000,1\n", "bad_year")
    assert m.kwargs["row"] == 2 and m.kwargs["value"] == "3000"


def test_too_many_rows():
    raw = "城市,GDP\n" + "苏州,1\n" * (up.MAX_ROWS + 1)
    m = error("long.csv", raw, "too_many_rows")
    assert m.kwargs == {"n": up.MAX_ROWS + 1, "max": up.MAX_ROWS}


def test_too_many_rows_xlsx():
    raw = xlsx([["城市", "GDP"]] + [["苏州", 1]] * (up.MAX_ROWS + 60))
    error("long.xlsx", raw, "too_many_rows")


def test_blank_city_with_figures():
    assert left("b.csv", "城市,GDP\n苏州,1\n,2\n", "blank_city", ["320500"]).kwargs["row"] == 3


def test_mixed_encodings_do_not_crash():
    raw = "城市,GDP\n苏州,1\n杭州,2\n".encode() + "宿州,3\n".encode("gbk")
    result = parse("mixed.csv", raw)
    assert any(m.key == "upload.encoding_replaced" for m in result.warnings)
    assert [m.kwargs["row"] for m in result.left_out if m.key.startswith("upload.left.unknown_city")] == [4]
    assert list(result.table.adcode) == ["320500", "330100"]


@pytest.mark.parametrize("raw", [b"\xff\xfe\xfd", b"\x80\x81,\xfe\n1,2", b"\xef\xbb\xbf", b",,,\n,,,",
                                 b"\"unclosed,1\n2,3", b"\r\r\r", "城市,GDP\n苏州,1".encode("utf-16"),
                                 b"a,b\n" + b"\xe4\xb8" * 50])
def test_odd_bytes_never_raise(raw):
    result = parse("odd.csv", raw)
    assert result.table is not None or result.errors


def test_many_bad_rows_are_all_listed_with_their_rows():
    raw = "城市,GDP\n" + "".join(f"{c}{i},1\n" for i, c in enumerate(string.ascii_lowercase))
    result = parse("many.csv", raw)
    assert [m.key for m in result.errors] == ["upload.no_matches"] and result.errors[0].kwargs == {"n": 26}
    assert [m.kwargs["row"] for m in result.left_out] == list(range(2, 28))


# ---------------------------------------------------------------- catalogs

UI_KEYS = ["title", "intro", "uploader_label", "column_label", "year_label", "download_joined", "errors_title",
           "warnings_title", "template_download", "privacy"]


def test_locales_have_identical_upload_keys():
    keys = {lang: {k for k in catalog(lang) if k.startswith("upload.")} for lang in LANGS}
    assert keys["zh"] == keys["en"]
    for k in UI_KEYS:
        assert f"upload.{k}" in keys["en"]
    assert "{mb}" in catalog("en")["upload.intro"] and "{mb}" in catalog("zh")["upload.intro"]


def test_every_key_the_module_can_emit_is_in_both_catalogs():
    import re

    source = (ROOT / "components" / "upload.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'log\.(?:error|warn|stop)\("(\w+)"', source)) | {"more_errors"}
    keys |= {f"left.{k}" for k in re.findall(r'log\.leave\("(\w+)"', source)}
    keys |= {f"left.{k}" for k in ("not_city", "outside_delta", "no_figures")}  # chosen by the row's status
    assert len(keys) >= 20
    for lang in LANGS:
        assert {f"upload.{k}" for k in keys} <= set(catalog(lang)), lang


def test_every_message_used_formats_in_both_languages():
    # Runs after the tests above (pytest keeps file order): every message they produced.
    assert len({m.key for m in SEEN}) >= 20
    for m in SEEN:
        for lang in LANGS:
            text = catalog(lang).get(m.key)
            assert isinstance(text, str), (lang, m.key)
            rendered = text.format(**m.kwargs)
            if m.key.startswith("upload.left."):  # the page puts "Row n: " before each row's reason
                rendered = catalog(lang)["upload.left.row"].format(row=m.kwargs.get("row", "")) + rendered
            for v in m.kwargs.values():
                if isinstance(v, int):
                    assert str(v) in rendered, (lang, m.key)
    for lang in LANGS:
        catalog(lang)["upload.intro"].format(mb=2)


def test_uploader_limit_matches_the_page_and_streamlit(tmp_path):
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == up.MAX_MB
    from components.mapyours import uploader_texts

    assert f"{up.MAX_MB} MB" in uploader_texts("zh") and "选择文件" in uploader_texts("zh")


# ---------------------------------------------------------------- the page (AppTest), both languages

FORGIVING = "城市,GDP（亿元）\n苏州,24653.4\n北京,43760.7\n杭州市,20059\n南京,约 1.7 万亿\n苏洲,1\n南京,17421\n"


def upload_page(lang: str, text: str):
    from conftest import run_page

    at = run_page("upload", {"lang": lang})
    at.file_uploader[0].upload("mine.csv", text.encode("utf-8"), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def legend_html(at) -> str:
    return next(m.value for m in at.markdown if 'data-testid="map-legend"' in m.value)


@pytest.mark.parametrize("lang", LANGS)
def test_page_maps_the_good_rows_and_lists_the_others_with_their_reason(lang):
    # Would have caught: one row for 北京 rejected the whole file.
    from conftest import elements

    at = upload_page(lang, FORGIVING)
    cat = catalog(lang)
    assert not at.error, [e.value for e in at.error]
    assert len(elements(at, "component_instance")) == 1, "the map of the rows that matched"
    listed = next(w.value for w in at.warning if cat["upload.left.title"].format(n=4) in w.value)
    for row, key in ((3, "outside_delta"), (5, "non_numeric"), (6, "unknown_city"), (7, "duplicate")):
        assert cat["upload.left.row"].format(row=row) in listed, (row, key)
    assert "北京" in listed and "苏州市" in listed, "the unknown name comes with a suggestion"
    assert cat["upload.left.outside_delta"].format(value="北京") in listed


@pytest.mark.parametrize("lang", LANGS)
def test_page_unit_and_title_are_the_users_and_the_legend_never_reads_a_bare_unit(lang):
    # Would have caught: the legend read "单位:" with nothing, and the title could not be named.
    at = upload_page(lang, "城市,得分\n苏州,3.5\n杭州,4\n合肥,2\n")
    cat = catalog(lang)
    unit_label = f"{cat['map.unit']}: "
    assert f"<b>{unit_label}{cat['upload.custom.unit_missing']}</b>" in legend_html(at)
    at.text_input(key="upload-unit-0").input("分").run()
    at.text_input(key="upload-title").input("我的得分 <b>").run()
    assert f"<b>{unit_label}分</b>" in legend_html(at)
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert headings == ["#### 我的得分 \\<b\\>"], headings
    at = upload_page(lang, "城市,GDP（亿元）\n苏州,24653.4\n")
    assert at.text_input(key="upload-unit-0").value == "亿元", "the unit the column's name states"


@pytest.mark.parametrize("lang", LANGS)
def test_page_table_shows_no_none(lang):
    at = upload_page(lang, "城市,年份,GDP\n苏州,2023,24653.4\n杭州,2023,20059\n")
    frame = at.dataframe[0]
    assert frame.proto.placeholder == catalog(lang)["explore.no_value"]
    assert catalog(lang)["common.city"] in frame.value.columns
    assert "name_zh" not in frame.value.columns and "city" not in frame.value.columns


@pytest.mark.parametrize("lang", LANGS)
def test_uploader_limit_and_texts_match_in_both_languages(lang):
    import tomllib

    from components.mapyours import uploader_texts

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    mb = config["server"]["maxUploadSize"]
    cat = catalog(lang)
    css = uploader_texts(lang)
    assert f"{mb} MB" in css and cat["upload.button"] in css and "200" not in css
    assert f"{mb} MB" in cat["upload.intro"].format(mb=mb)
    from conftest import run_page

    at = run_page("upload", {"lang": lang})
    assert at.file_uploader[0].proto.max_upload_size_mb == mb
