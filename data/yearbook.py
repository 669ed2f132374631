"""Build step: the China City Statistical Yearbook panel and the CEADs city CO2 inventory as facts rows.

Reads the snapshots in data/raw/ccsy/ exactly as they were read (see data/raw/ccsy/README.md) and maps their columns
onto the package's indicators. Values are not changed; units are converted later by build.py's exact factors.
Rows the research flagged SUSPECT or CHECK are left out: nothing confirms them (a figure we cannot trust stays missing).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

RAW = Path(__file__).resolve().parent / "raw" / "ccsy"

# research id -> package indicator id (same meaning; the unit is converted by build.py)
INDICATORS = {
    "gdp": "gdp", "gdp_per_capita": "gdp_per_capita", "gdp_growth": "gdp_growth",
    "primary_share_gdp": "primary_share_gdp", "secondary_share_gdp": "secondary_share_gdp",
    "tertiary_share_gdp": "tertiary_share_gdp",
    "resident_population": "resident_population", "registered_population": "registered_population",
    "budget_revenue": "budget_revenue", "budget_expenditure": "budget_expenditure",
    "sci_tech_expenditure": "fiscal_st_expenditure", "education_expenditure": "education_expenditure",
    "goods_imports": "goods_imports", "goods_exports": "goods_exports", "fdi_utilised": "fdi_utilised",
    "ind_enterprises_above_scale": "ind_enterprises", "ind_enterprises_foreign_above_scale": "ind_enterprises_foreign",
    "ind_enterprises_hmt_above_scale": "ind_enterprises_hmt", "ind_profit_above_scale": "ind_profit",
    "ind_operating_revenue_above_scale": "ind_revenue", "retail_sales": "retail_sales",
    "patents_granted": "patents_granted", "invention_patents_granted": "invention_patents_granted",
    "heis": "heis", "he_students": "he_students", "library_collections": "library_collections",
    "museums": "museums", "hospitals": "hospitals", "hospital_beds": "hospital_beds",
    "licensed_doctors": "licensed_doctors", "pension_insured": "pension_insured",
    "postal_revenue": "postal_revenue", "telecom_revenue": "telecom_revenue", "mobile_users": "mobile_users",
    "broadband_users": "broadband_users", "electricity_consumption": "electricity_consumption", "pm25": "pm25",
    "industrial_so2": "industrial_so2", "sewage_treatment_rate": "sewage_treatment_rate",
    "garbage_treatment_rate": "garbage_treatment_rate",
}
GDP_TYPE = {"gdp", "gdp_per_capita", "gdp_growth", "primary_share_gdp", "secondary_share_gdp", "tertiary_share_gdp"}
PUBLISHER = "国家统计局城市社会经济调查司 (中国统计出版社)"
CEADS_PUBLISHER = "CEADs 中国碳核算数据库 (Shan et al. 2022, Science Bulletin 67(18):1910–1920)"


def edition_title(url: str) -> str:
    year = re.search(r"yearbook_(\d{4})", url).group(1)
    return f"中国城市统计年鉴{year}"


def vintage(indicator: str, year: int) -> str:
    """Economic-census basis: 2018 figures predate the 4th census revision; 2019–2023 are on its basis."""
    if indicator not in GDP_TYPE:
        return ""
    return "ec3" if year <= 2018 else "ec4"


def yearbook_facts() -> pd.DataFrame:
    d = pd.read_csv(RAW / "ccsy_yrd_cities.csv", dtype=str, keep_default_na=False)
    flagged = d.note.str.contains(r"\bSUSPECT\b|\bCHECK\b", regex=True)
    d = d[~flagged & d.indicator_id.isin(INDICATORS)].copy()
    years = d.year.astype(int)
    out = pd.DataFrame({
        "indicator_id": d.indicator_id.map(INDICATORS),
        "adcode": d.adcode,
        "year": d.year,
        "value": d.value,
        "unit": d.unit,
        # The 2024 edition's 2023 GDP-type figures are first releases, revised after the 5th economic census.
        "qualifier": ["preliminary" if y == 2023 and i in GDP_TYPE else "" for i, y in zip(d.indicator_id, years, strict=True)],
        "vintage": [vintage(i, y) for i, y in zip(d.indicator_id, years, strict=True)],
        "source_publisher": PUBLISHER,
        "source_title": d.source_url.map(edition_title),
        "source_url": d.source_url,
        "source_kind": "yearbook",
        "read_at": "github.com (digitised copy)",
        "excerpt": d.excerpt,
        "note": d.note.str.replace("digitised copy of the yearbook; ", "", regex=False),
    })
    return out


def ceads_facts() -> pd.DataFrame:
    d = pd.read_csv(RAW / "ceads_yrd_cities.csv", dtype=str, keep_default_na=False)
    return pd.DataFrame({
        "indicator_id": "co2_city", "adcode": d.adcode, "year": d.year, "value": d.value, "unit": "Mt",
        "qualifier": "", "vintage": "", "source_publisher": CEADS_PUBLISHER,
        "source_title": "The Emission Inventories for 290 Chinese Cities from 1997 to 2019 (ceads.net)",
        "source_url": d.source_url, "source_kind": "dataset",
        "read_at": "github.com (copy in Open-Earth-Foundation/OpenClimate)", "excerpt": d.excerpt,
        "note": "CEADs city inventory; not comparable with the provincial inventory or the yearbook",
    })
