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
    points: str = ""  # kind of places.csv rows drawn as markers


@dataclass(frozen=True)
class Trend:
    indicator: str
    places: tuple[str, ...] | str = SHANGHAI  # a tuple of adcodes, or "selection" (selected cities + Shanghai)
    target: str = ""  # a target_id from targets.csv, drawn as a line
    reverse: bool = False  # ranks: 1 is best
    bars: bool = False


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


PATHWAYS = {
    p.id: p
    for p in [
        Pathway("innovation", ":material/science:"),
        Pathway("industry", ":material/factory:"),
        Pathway("hub", ":material/hub:"),
        Pathway(
            "delta",
            ":material/map:",
            map=MapSpec(("gdp", "gdp_per_capita", "resident_population", "census_population",
                         "population_change_2010_2020", "urbanisation_rate"), overlay="metro"),
            figures=(
                Ranking(),
                Trend("gdp", "selection"),
                Trend("gdp_per_capita", "selection"),
                Trend("shanghai_share_yrd_gdp"),
                Trend("resident_population", "selection"),
                Ranking("population_change_2010_2020"),
            ),
        ),
        Pathway("opening", ":material/public:"),
        Pathway("digital", ":material/memory:"),
        Pathway("carbon", ":material/eco:"),
        Pathway("public", ":material/diversity_3:"),
    ]
}
