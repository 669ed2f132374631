"""The chart system: what every declared figure looks like, checked on its Vega-Lite spec in both languages."""

import pytest

from components import data, page
from components.pathways import PATHWAYS, Ranking
from conftest import LANGS

CTX = {"indicator": None, "cities": ["320500", "330200"]}


def built(lang):
    pkg = data.package()
    for p in PATHWAYS.values():
        ctx = page._map_state(pkg, p) if p.map else {}
        ctx["cities"] = CTX["cities"]
        for i, fig in enumerate(p.figures):
            f = page.build_figure(pkg, fig, ctx, lang)
            if f is not None:
                yield p.id, i, fig, f, f.chart.to_dict()


def walk(spec):
    yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            yield from walk(sub)


def marks(spec) -> set:
    out = set()
    for s in walk(spec):
        m = s.get("mark")
        if m:
            out.add(m if isinstance(m, str) else m.get("type"))
    return out


@pytest.fixture(scope="module")
def figures():
    return {lang: list(built(lang)) for lang in LANGS}


def test_a_place_has_one_colour_in_every_chart_and_language(figures):
    seen: dict[str, set] = {}
    for lang in LANGS:
        for _pid, _i, _fig, f, spec in figures[lang]:
            if f.table.indicator_id.nunique() > 1:
                continue  # several indicators of one place: coloured by indicator
            names = dict(zip(f.table.series, f.table.adcode, strict=False))
            for s in walk(spec):
                scale = s.get("encoding", {}).get("color", {}).get("scale")
                if scale and "domain" in scale:
                    for name, colour in zip(scale["domain"], scale["range"], strict=False):
                        seen.setdefault(names.get(name, name), set()).add(colour)
    assert seen["310000"] and len(seen["310000"]) == 1, seen.get("310000")
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def test_rankings_give_every_bar_room(figures):
    for pid, i, fig, f, spec in figures["en"]:
        if isinstance(fig, Ranking):
            assert spec["height"] / max(len(f.table), 1) >= 14, (pid, i)
            assert spec["layer"][0]["encoding"]["y"]["axis"]["labelOverlap"] is False


def test_no_line_over_time_with_fewer_than_three_years(figures):
    for lang in LANGS:
        for pid, i, _fig, f, spec in figures[lang]:
            if "line" in marks(spec):
                assert f.table.year.nunique() >= 3, (pid, i, sorted(f.table.year.unique()))


def test_no_national_total_beside_a_city_or_province(figures):
    pkg = data.package()
    for pid, i, fig, f, _spec in figures["en"]:
        if isinstance(fig, Ranking) or page.is_ratio(pkg, f.table.indicator_id.iloc[0]):
            continue
        assert not ("100000" in set(f.table.adcode) and f.table.adcode.nunique() > 1), (pid, i)


def test_shares_start_at_zero(figures):
    for pid, i, fig, f, spec in figures["en"]:
        if isinstance(fig, Ranking) or "line" not in marks(spec):
            continue
        unit = f.table.unit.iloc[0]
        for s in walk(spec):
            y = s.get("encoding", {}).get("y", {})
            if unit.startswith("%") and "scale" in y:
                assert y["scale"].get("zero", True) is True, (pid, i)


def test_map_classes_fit_the_data_and_their_labels_never_overlap():
    import re

    from components import maps

    pkg = data.package()
    for p in PATHWAYS.values():
        for ind, (years, _first) in page.map_options(p.id, data._signature()).items():
            for year in years[:2]:
                args = maps.payload(ind, year, "en", p.map.overlay, p.map.points, p.map.level, data._signature())
                lg = args["legend"]
                distinct = pkg.snapshot(ind, year).value.dropna().nunique()
                assert len(lg["labels"]) <= distinct, (p.id, ind, year)
                bounds = [[float(x.replace(",", "")) for x in re.findall(r"-?[\d,]+(?:\.\d+)?", lab)]
                          for lab in lg["labels"]]
                for a, b in zip(bounds, bounds[1:], strict=False):
                    assert max(a) < min(b), (p.id, ind, year, lg["labels"])
                if pkg.indicators.loc[ind].higher_is_better in (0, "0", 0.0):
                    assert "lower is better" in maps.legend(args, "en")


def test_english_units_read_as_a_reader_counts():
    from components.i18n import fmt_value

    assert fmt_value(44653, "亿元", "100 million yuan", 1, "", "en") == "4,465.3 billion yuan"
    assert fmt_value(44653, "亿元", "100 million yuan", 1, "", "zh") == "44,653.0亿元"
    assert fmt_value(2487.45, "万人", "10k people", 1, "", "en") == "24.87 million people"
    pkg = data.package()
    hq = pkg.indicators.loc["mnc_regional_hq"]
    assert fmt_value(1076, hq.unit_zh, hq.unit_en, int(hq.decimals), "", "en") == "1,076 headquarters"
    units = " ".join(pkg.indicators.unit_en)
    assert "units" not in units.split() and "100 million" not in " ".join(
        __import__("components.i18n", fromlist=["x"]).display_unit(r.unit_zh, r.unit_en, "en")[1]
        for r in pkg.indicators.itertuples())


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_hold_figures_and_sources_in_the_readers_language_and_nothing_from_the_build(lang, figures):
    import io

    import pandas as pd

    from components import charts
    from components.i18n import catalog

    cat = catalog(lang)
    for pid, i, _fig, f, _spec in figures[lang]:
        table = pd.read_csv(io.BytesIO(charts.csv_bytes(f.table, lang)), encoding="utf-8-sig", dtype=str,
                            keep_default_na=False)
        assert list(table.columns) == [cat[f"csv.{c}"] for c in charts.CSV_COLUMNS], (pid, i)
        text = table.to_csv()
        assert "carried" not in text and "shared/research" not in text and "derived" not in text.split(","), (pid, i)
        assert (table[cat["csv.url"]].str.startswith("http") | (table[cat["csv.url"]] == "")).all()


def test_no_import_cycle_between_components():
    """The page template, goals, the briefing and the figure builders import in one direction only — lazy imports
    inside functions included (a cycle there is still a cycle, only hidden until the first PDF)."""
    import ast

    from conftest import ROOT

    graph = {}
    for path in (ROOT / "components").glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "components":
                deps |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("components."):
                deps.add(node.module.split(".")[1])
        graph[path.stem] = deps - {path.stem}

    def cycle_from(start, node, seen):
        for nxt in graph.get(node, ()):
            if nxt == start:
                return [*seen, nxt]
            if nxt not in seen:
                found = cycle_from(start, nxt, [*seen, nxt])
                if found:
                    return found
        return None

    for mod in graph:
        assert not cycle_from(mod, mod, [mod]), cycle_from(mod, mod, [mod])


def _tidy_rows(rows):
    import pandas as pd

    return pd.DataFrame([dict(indicator_id="gdp", indicator="GDP", adcode="310000", place="Shanghai", series="Shanghai",
                              unit="billion yuan", label=f"{v:,.1f} billion yuan", qualifier="", vintage=vin,
                              year=y, value=v) for y, v, vin in rows])


def test_sentences_compare_within_one_vintage_and_read_ranks_and_locale_numbers():
    from components import describe

    # Across a census revision (2023 → 2024) the change is measured from the first year of the latest vintage only.
    table = _tidy_rows([(2019, 3800.0, "ec4"), (2023, 4720.0, "ec4"), (2024, 5390.0, "ec5"), (2025, 5670.0, "ec5")])
    text = describe.trend(table, "en")
    assert "on 2024" in text and "2019" not in text and text.endswith(".")
    assert "5.2%" in text  # 5670 / 5390 - 1, within ec5
    zh = describe.trend(table.assign(place="上海市", series="上海市", indicator="地区生产总值"), "zh")
    assert zh.startswith("上海市2025年地区生产总值为") and "比2024年增长5.2%" in zh and zh.endswith("。")
    # A rank: 1 is best, so 19 → 6 is a climb of 13 places, never "down 68%".
    ranks = _tidy_rows([(2017, 19.0, ""), (2025, 6.0, "")]).assign(unit="rank", label=["19", "6"])
    assert "up 13 places on 2017" in describe.trend(ranks, "en") and "%" not in describe.trend(ranks, "en")
    assert describe.number(12345.678, "en") == "12,345.7" and describe.number(12345.678, "zh") == "12,345.7"


def test_every_built_figure_says_what_it_shows(figures):
    for lang in LANGS:
        for pid, i, _fig, f, _spec in figures[lang]:
            assert f.sentence and f.sentence.endswith("。" if lang == "zh" else "."), (pid, i, lang)
            assert "None" not in f.sentence and "nan" not in f.sentence
