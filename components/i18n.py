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
        sep = "" if unit_en in ("%",) else " "
        text = f"{value:,.{int(decimals)}f}{sep}{unit_en}"
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
