"""One sentence per figure, generated from the figure's own table in the reader's language.

Used under the chart, as its alt text (Vega-Lite `description`), in presenter mode and in the PDF. Changes over time
are computed only between two figures of the same place and statistical vintage, so a census revision never reads
as growth. Numbers are formatted by Babel for the reader's locale; the figures themselves are the table's labels
(fmt_value: 万/亿 in Chinese, million/billion in English).
"""

from __future__ import annotations

import pandas as pd
from babel.numbers import format_decimal

from components.i18n import t

SHANGHAI = "310000"
LOCALE = {"zh": "zh_CN", "en": "en"}
RANK_UNITS = {"位", "rank"}


def number(value: float, lang: str, decimals: int = 1) -> str:
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=LOCALE.get(lang, "en"))


def _focus(table: pd.DataFrame, selected: list[str]) -> str:
    """The series the sentence is about: Shanghai if shown, else the first selected place, else the first."""
    for code in (SHANGHAI, *selected):
        hit = table[table.adcode == code]
        if not hit.empty:
            return hit.series.iloc[0]
    return table.series.iloc[0]


def is_rank(row) -> bool:
    return str(row.unit) in RANK_UNITS


def change(rows: pd.DataFrame, lang: str) -> str:
    """'，比2018年增长12.3%' — between the first and last year of the latest vintage, or '' when not comparable."""
    rows = rows.sort_values("year")
    last = rows.iloc[-1]
    same = rows[rows.vintage == last.vintage]
    first = same.iloc[0]
    if first.year == last.year or pd.isna(first.value) or pd.isna(last.value) or first.value == 0:
        return ""
    if is_rank(last):  # 1 is best: a smaller number is a climb, and per cent of a rank means nothing
        diff = int(round(first.value - last.value))
        key = "rank_up" if diff > 0 else "rank_down" if diff < 0 else "rank_same"
        return t(f"describe.{key}", lang, year=int(first.year), n=abs(diff))
    if str(last.unit).startswith("%") or last.unit in ("岁", "years"):
        diff = last.value - first.value
        key = "points_up" if diff > 0 else "points_down" if diff < 0 else "flat"
        return t(f"describe.{key}", lang, year=int(first.year), n=number(abs(diff), lang))
    if first.value < 0 or last.value < 0:
        return ""
    pct = (last.value / first.value - 1) * 100
    key = "up" if pct > 0.05 else "down" if pct < -0.05 else "flat"
    return t(f"describe.{key}", lang, year=int(first.year), n=number(abs(pct), lang))


def trend(table: pd.DataFrame, lang: str, selected: list[str] | None = None) -> str:
    if table.empty:
        return ""
    series = _focus(table, selected or [])
    rows = table[table.series == series].dropna(subset=["value"])
    if rows.empty:
        return ""
    last = rows.sort_values("year").iloc[-1]
    place = series if table.indicator_id.nunique() == 1 else last.place
    # "Shanghai's share of YRD GDP" names its place already: not "… in Shanghai" again.
    key = "describe.trend_named" if str(place).split(" (")[0] in str(last.indicator) else "describe.trend"
    text = t(key, lang, place=place, indicator=_lower(last.indicator, lang), year=int(last.year),
             value=last.label) + change(rows, lang)
    others = table[(table.year == last.year) & (table.series != series)].dropna(subset=["value"])
    if table.indicator_id.nunique() == 1 and len(others) >= 1:
        rank = is_rank(last)  # the best rank is the smallest number
        top = pd.concat([others, rows[rows.year == last.year]]).sort_values("value", ascending=rank).iloc[0]
        text += t("describe.best" if rank else "describe.highest", lang, year=int(last.year), place=top.series,
                  value=top.label)
    return text + t("describe.end", lang)


def _lower(name: str, lang: str) -> str:
    """'Real GDP growth' → 'real GDP growth' inside an English sentence; acronyms (GDP, PM2.5, CO2) stay."""
    name = str(name)
    first = name.split(" ")[0]
    if lang != "en" or len(first) < 2 or not first[1:].isalpha() or not first[1:].islower():
        return name
    return name[0].lower() + name[1:]


def ranking(table: pd.DataFrame, lang: str, selected: list[str] | None = None, reverse: bool = False,
            level: str = "city") -> str:
    if table.empty:
        return ""
    ordered = table.dropna(subset=["value"]).sort_values("value", ascending=reverse).reset_index(drop=True)
    top = ordered.iloc[0]
    n = len(ordered)
    units = t(f"describe.level_{level}", lang)
    text = t("describe.lowest" if reverse else "describe.top", lang, year=int(top.year),
             indicator=_lower(top.indicator, lang),
             place=top.place, value=top.label, n=n, units=units)
    focus = next((c for c in (SHANGHAI, *(selected or [])) if c in set(ordered.adcode) and c != top.adcode), None)
    if focus:
        row = ordered[ordered.adcode == focus].iloc[0]
        text += t("describe.rank", lang, place=row.place, rank=int(row.name) + 1, n=n, value=row.label)
    return text + t("describe.end", lang)
