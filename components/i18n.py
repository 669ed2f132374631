"""The one translator: zh/en catalogs (TOML) and number formatting."""

from __future__ import annotations

import math
import tomllib
from functools import cache
from pathlib import Path

import streamlit as st

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LOCALES = Path(__file__).parent / "locales"
# Counts in Chinese read more naturally in 万 above this size (12.3万元 rather than 123,456元).
ZH_WAN_UNITS = {"元", "人", "个", "家", "张", "件", "人次", "标准箱"}


def _flatten(prefix: str, node, out: dict) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            _flatten(f"{prefix}.{k}" if prefix else k, v, out)
    else:
        out[prefix] = node


@cache
def catalog(lang: str) -> dict:
    out: dict = {}
    for path in sorted((LOCALES / lang).glob("*.toml")):
        with path.open("rb") as f:
            _flatten("", tomllib.load(f), out)
    return out


def current() -> str:
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str | None = None, **kwargs):
    """Translate `key`; a missing key shows itself (tests check both catalogs have every key)."""
    value = catalog(lang or current()).get(key, key)
    if kwargs and isinstance(value, str):
        return value.format(**kwargs)
    return value


def has(key: str, lang: str | None = None) -> bool:
    return key in catalog(lang or current())


# English readers count in millions and billions, not in 10,000s and 100 millions (the Chinese units, 万 and 亿, stay
# in Chinese): (factor, unit shown, extra decimals). The one place a figure's English unit is decided.
EN_SCALE = {
    "100 million yuan": (0.1, "billion yuan", 1), "100 million US dollars": (0.1, "billion US$", 1),
    "100 million US$": (0.1, "billion US$", 1), "100 million kWh": (0.1, "billion kWh", 1),
    "10k people": (0.01, "million people", 2), "10k students": (0.01, "million students", 2),
    "10k passengers": (0.01, "million passengers", 2), "10k TEU": (0.01, "million TEU", 2),
    "10k tonnes": (0.01, "million tonnes", 2), "10k tonnes CO2": (0.01, "Mt CO2", 2),
    "10k subscribers": (0.01, "million subscribers", 2), "10k volumes": (0.01, "million volumes", 2),
}


def display_unit(unit_zh: str, unit_en: str, lang: str | None = None) -> tuple[float, str, int]:
    """(factor, unit label, extra decimals) for showing a figure stored in the canonical unit."""
    if (lang or current()) == "zh":
        return 1.0, unit_zh, 0
    factor, label, extra = EN_SCALE.get(unit_en, (1.0, unit_en, 0))
    return factor, label, extra


def fmt_value(value, unit_zh: str, unit_en: str, decimals: int = 1, qualifier: str = "", lang: str | None = None) -> str:
    """A figure with its unit and qualifier, in the reader's language: '≥ 1,180.0 亿元', '≈4.4%'."""
    lang = lang or current()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.no_data", lang)
    prefix = {"lower_bound": "≥ ", "approx": "≈ "}.get((qualifier or "").split(":")[0], "")
    if unit_zh == "年":  # a calendar year, not a quantity
        return f"{value:.0f}" + ("年" if lang == "zh" else "")
    if lang == "zh":
        if unit_zh in ZH_WAN_UNITS and abs(value) >= 1e5:
            text = f"{value / 1e4:,.1f}万{unit_zh}"
        else:
            text = f"{value:,.{int(decimals)}f}{unit_zh}"
    else:
        factor, label, extra = display_unit(unit_zh, unit_en, lang)
        sep = "" if label in ("%",) else " "
        places = min(max(int(decimals), extra), 2) if extra else int(decimals)
        text = f"{value * factor:,.{places}f}{sep}{label}"
    return prefix + text + qualifier_note(qualifier, lang)


def qualifier_note(qualifier: str, lang: str | None = None) -> str:
    """A short parenthetical for qualifiers that a prefix cannot carry."""
    if not qualifier:
        return ""
    kind, _, arg = qualifier.partition(":")
    if kind in ("lower_bound", "approx"):
        return ""
    key = f"qualifier.{kind}"
    if not has(key, lang):
        return ""
    return " " + t(key, lang, date=arg)


def name_col(lang: str | None = None) -> str:
    return "name_zh" if (lang or current()) == "zh" else "name_en"
