"""The declarations: what each pathway page shows. How it is shown lives in components/page.py.

A figure names indicators by id; adding one is a data change plus a line here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROVINCES = ("310000", "320000", "330000", "340000", "100000")
SHANGHAI = ("310000",)


@dataclass(frozen=True)
class MapSpec:
    indicators: tuple[str, ...]
    overlay: str = ""  # "metro": outline the Shanghai metropolitan area
    points: tuple[str, ...] = ()  # kinds of places.csv rows drawn as markers (ports, airports)
    level: str = "city"  # "province": colour the four provincial units (for figures published only by province)


@dataclass(frozen=True)
class Trend:
    indicator: str
    places: tuple[str, ...] | str = SHANGHAI  # a tuple of adcodes, or "selection" (selected cities + Shanghai)
    also: tuple[str, ...] = ()  # more indicators in the same unit, drawn for the first place (e.g. industry structure)
    target: str = ""  # a target_id from targets.csv, drawn as a line
    reverse: bool = False  # ranks: 1 is best
    bars: bool = False
    with_yrd: bool = False  # "selection" charts: add the Delta as a whole (ratios only; a total would dwarf cities)


@dataclass(frozen=True)
class Ranking:
    indicator: str = ""  # empty: follow the map's indicator and year


@dataclass(frozen=True)
class Pathway:
    id: str
    icon: str
    map: MapSpec | None = None
    figures: tuple = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return f"pathways.{self.id}"


PROVINCIAL = ("310000", "320000", "330000", "340000")  # Shanghai and the three provinces
CAPITALS = ("310000", "320100", "330100", "340100")  # Shanghai and the three provincial capitals

PATHWAYS = {
    p.id: p
    for p in [
        Pathway(
            "innovation",
            ":material/science:",
            map=MapSpec(("fiscal_st_expenditure", "st_share_budget", "invention_patents_granted", "patents_granted",
                         "invention_patents_per_10k_res")),
            figures=(
                Trend("rd_intensity", PROVINCES, target="rd_intensity_2025"),
                Trend("wipo_cluster_rank", CAPITALS, reverse=True),
                Trend("high_tech_enterprises", PROVINCIAL),
                Trend("high_value_invention_patents_per_10k"),
                Trend("rd_expenditure", PROVINCIAL),
                Trend("st_share_budget", "selection"),
                Ranking(),
            ),
        ),
        Pathway(
            "industry",
            ":material/factory:",
            map=MapSpec(("secondary_share_gdp", "ind_profit", "ind_enterprises", "tertiary_share_gdp", "ind_revenue")),
            figures=(
                Trend("tertiary_share_gdp", also=("secondary_share_gdp",)),
                Trend("three_leading_industries_scale", bars=True),
                Trend("biomed_industry_scale", also=("ic_industry_scale", "ai_industry_scale")),
                Trend("strategic_emerging_share"),
                Trend("secondary_share_gdp", "selection"),
                Ranking(),
                Ranking("adv_mfg_clusters"),
            ),
        ),
        Pathway(
            "hub",
            ":material/hub:",
            map=MapSpec(("goods_trade", "trade_to_gdp", "retail_sales", "goods_imports"), points=("port", "airport")),
            figures=(
                Trend("container_throughput", ("310000", "NBZS", "320700", "320100", "320500")),
                Trend("airport_passengers", CAPITALS),
                Trend("airport_cargo", CAPITALS),
                Trend("trade_to_gdp", "selection"),
                Ranking(),
            ),
        ),
        Pathway(
            "delta",
            ":material/map:",
            map=MapSpec(("gdp", "gdp_per_capita", "gdp_growth", "resident_population", "gdp_per_resident",
                         "registered_population", "census_population", "population_change_2010_2020",
                         "urbanisation_rate"), overlay="metro"),
            figures=(
                Ranking(),
                Trend("gdp", "selection"),
                Trend("gdp_per_capita", "selection"),
                Trend("gdp_growth", "selection"),
                Trend("shanghai_share_yrd_gdp"),
                Trend("resident_population", "selection"),
                Ranking("population_change_2010_2020"),
            ),
        ),
        Pathway(
            "opening",
            ":material/public:",
            map=MapSpec(("goods_exports", "ind_enterprises_foreign", "ind_enterprises_hmt", "fdi_utilised")),
            figures=(
                Trend("mnc_regional_hq", target="mnc_hq_2025"),
                Trend("ciie_intended_deals", bars=True),
                Trend("fdi_actual"),
                Trend("foreign_trade"),
                Trend("foreign_rd_centers"),
                Trend("lingang_gdp"),
                Trend("lingang_gdp_avg_growth", bars=True),
                Ranking("ftz_areas"),
                Ranking(),
            ),
        ),
        Pathway(
            "digital",
            ":material/memory:",
            map=MapSpec(("mobile_users", "telecom_revenue", "telecom_to_gdp", "postal_revenue", "broadband_users")),
            figures=(
                Trend("5g_base_stations", PROVINCES),
                Trend("digital_economy_core_share", PROVINCES, target="digital_core_share_2030"),
                Trend("digital_economy_share_broad", PROVINCIAL),
                Trend("digital_economy_core_va", PROVINCIAL),
                Trend("sdex_trading_value", bars=True),
                Ranking(),
            ),
        ),
        Pathway(
            "carbon",
            ":material/eco:",
            map=MapSpec(("co2_city", "pm25", "electricity_consumption", "garbage_treatment_rate", "co2_per_gdp")),
            figures=(
                Trend("co2_city", "selection"),
                Trend("co2_emissions", PROVINCIAL),
                Ranking("co2_per_gdp"),
                Trend("energy_intensity_change", PROVINCES),
                Trend("cea_annual_volume", ("100000",), bars=True),
                Trend("cea_year_end_close", ("100000",)),
                Trend("forest_coverage", target="forest_coverage_2025"),
                Ranking(),
            ),
        ),
        Pathway(
            "public",
            ":material/diversity_3:",
            map=MapSpec(("beds_per_1000_res", "doctors_per_1000_res", "hospital_beds", "licensed_doctors", "he_students",
                         "museums", "age_60_share", "age_65_share", "age_0_14_share", "household_size")),
            figures=(
                Trend("life_expectancy", ("310000", "100000"), target="life_expectancy_2025"),
                Trend("elderly_share_registered"),
                Trend("elderly_care_beds", bars=True),
                Trend("disposable_income", PROVINCES),
                Trend("hospital_beds_per_1000", PROVINCES),
                Trend("doctors_per_1000", PROVINCES),
                Trend("beds_per_1000_res", "selection"),
                Ranking(),
            ),
        ),
    ]
}
