"""The data package: valid, every number sourced, nothing dropped by accident."""

import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT

DATA = ROOT / "data"
CORE = {"gdp": "亿元", "resident_population": "万人", "rd_intensity": "%", "container_throughput": "万标准箱",
        "mnc_regional_hq": "家", "life_expectancy": "岁", "ciie_intended_deals": "亿美元"}


def read(name):
    return pd.read_csv(DATA / name, dtype={"adcode": str, "parent": str}, keep_default_na=False)


def test_datapackage_validates():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors


def test_every_observation_resolves_to_a_source_with_url():
    obs, src = read("observations.csv"), read("sources.csv")
    assert len(obs) > 500
    assert set(obs.source_id) <= set(src.source_id)
    derived = {i for cell in obs.derived_from for i in cell.split()}
    assert derived <= set(src.source_id)
    assert (src.url.str.startswith("http")).all()
    assert set(src.kind) <= {"government", "yearbook", "state_media", "press", "organisation", "dataset", "encyclopedia",
                             "aggregator"}


def test_no_unconfirmed_aggregator_figure_ships():
    obs, src = read("observations.csv"), read("sources.csv")
    kinds = obs.source_id.map(src.set_index("source_id").kind)
    agg = obs[(kinds == "aggregator") & (obs.qualifier != "derived")]
    assert agg.note.str.contains(r"confirmed:\s*https?://").all(), agg.head()
    derived_from = {i for cell in obs.derived_from for i in cell.split()}
    inputs = obs[obs.source_id.isin(derived_from) & (obs.qualifier != "derived")]
    assert not inputs.empty


def test_regions_are_the_41_delta_cities_plus_provinces_and_china():
    reg = read("regions.csv")
    cities = reg[reg.level == "city"]
    assert len(cities) == 41
    assert cities.adcode.str[:2].value_counts().to_dict() == {"31": 1, "32": 13, "33": 11, "34": 16}
    assert {"100000", "320000", "330000", "340000"} <= set(reg.adcode)
    assert reg.name_en.str.len().gt(0).all() and reg.name_zh.str.len().gt(0).all()


def test_core_indicators_have_the_agreed_ids_units_and_data():
    ind, obs = read("indicators.csv").set_index("indicator_id"), read("observations.csv")
    for iid, unit in CORE.items():
        assert ind.loc[iid, "unit"] == unit, iid
        assert (obs.indicator_id == iid).sum() > 0, iid


def test_qualifiers_are_known():
    obs = read("observations.csv")
    kinds = {q.split(":")[0] for q in obs.qualifier if q}
    assert kinds <= {"lower_bound", "approx", "estimate", "preliminary", "revised", "as_of", "derived"}


def test_shanghai_census_matches_the_bulletin():
    # 7th census bulletin: Shanghai 24,870,895 residents on 1 Nov 2020; 60+ share 23.4%.
    obs = read("observations.csv").set_index(["indicator_id", "adcode", "year"])
    assert float(obs.loc[("census_population", "310000", 2020), "value"]) == pytest.approx(2487.0895)
    assert float(obs.loc[("age_60_share", "310000", 2020), "value"]) == pytest.approx(23.4)


def test_rebuild_reproduces_the_committed_package(tmp_path):
    """A figure dropped or changed by mistake (in raw/ or in the build) fails here."""
    subprocess.run([sys.executable, str(DATA / "build.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    for name in ("observations.csv", "coverage.csv", "sources.csv", "targets.csv", "indicators.csv"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (DATA / name).read_text(encoding="utf-8"), name


def test_coverage_table_matches_observations():
    obs, reg, cov = read("observations.csv"), read("regions.csv"), read("coverage.csv")
    level = obs.adcode.map(reg.set_index("adcode").level)
    again = obs.assign(level=level).groupby(["indicator_id", "level"]).size()
    assert again.to_dict() == cov.set_index(["indicator_id", "level"]).observations.to_dict()


def test_shared_check_tool_passes():
    tool = ROOT.parent / "shared" / "tools" / "check_data.py"
    if not tool.exists():
        pytest.skip("shared/tools not beside this clone")
    out = subprocess.run([sys.executable, str(tool), str(ROOT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
