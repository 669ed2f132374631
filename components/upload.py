"""Map your own data: read an uploaded CSV or Excel file into a table of Delta cities (pure Python, no Streamlit).

`parse_upload` never raises on what a user can upload: every problem becomes a `Message` (an i18n key under
`upload.` and its format arguments, rendered by the page with `t(key, **kwargs)`). A problem with the file as a whole
(unreadable, no city column, no numbers) is an error and nothing is mapped; a problem with one row (a place outside the
Delta, an unknown or ambiguous name, a duplicate, a cell that is not a number) leaves that row (or cell) out, says why
in `left_out`, and the other rows are still mapped. Row numbers are spreadsheet rows (the first line of the file is
row 1), so they match what the user sees in Excel or WPS. Nothing is written to disk and `regions` is never
modified.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field

import pandas as pd

MAX_MB = 2  # the same number as server.maxUploadSize in .streamlit/config.toml (tests check it)
MAX_BYTES = MAX_MB * 1024 * 1024  # as Streamlit counts a megabyte
MAX_ROWS = 5000
MAX_ERRORS = 10
MAX_COLUMNS = 200
MAX_UNZIPPED = 60_000_000  # an .xlsx that inflates beyond this is not a table of 41 cities
SHOW_CHARS = 30

TEXT_EXT = {".csv", ".txt", ".tsv"}
EXCEL_EXT = {".xlsx", ".xlsm"}
CITY_HEADERS = {"city", "城市", "地区", "地级市", "name", "adcode", "代码", "行政区划代码", "region",
                "城市名称", "城市名", "地市", "city name", "city_name", "区划代码", "行政区划", "code"}
YEAR_HEADERS = {"year", "年份", "年", "年度"}
MISSING = {"", "-", "--", "—", "——", "–", "na", "n/a", "nan", "null", "none", "无", "暂无", "#n/a", "/", "…", "..."}
# Signatures of files that are certainly not text tables.
BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"Rar!",
                b"7z\xbc\xaf", b"\x1f\x8b", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
PROVINCES = {"320000": ("江苏", "jiangsu", "js", "苏"), "330000": ("浙江", "zhejiang", "zj", "浙"),
             "340000": ("安徽", "anhui", "ah", "皖"), "310000": ("上海", "shanghai", "sh", "沪")}
# Well-known places outside the Delta, so "北京" / "Beijing" gets a clearer answer than "unknown".
OUTSIDE = {
    "北京": "beijing", "天津": "tianjin", "重庆": "chongqing", "广州": "guangzhou", "深圳": "shenzhen",
    "成都": "chengdu", "武汉": "wuhan", "西安": "xian", "长沙": "changsha", "郑州": "zhengzhou", "济南": "jinan",
    "青岛": "qingdao", "沈阳": "shenyang", "大连": "dalian", "哈尔滨": "harbin", "长春": "changchun",
    "石家庄": "shijiazhuang", "太原": "taiyuan", "呼和浩特": "hohhot", "南昌": "nanchang", "福州": "fuzhou",
    "厦门": "xiamen", "南宁": "nanning", "海口": "haikou", "三亚": "sanya", "贵阳": "guiyang", "昆明": "kunming",
    "拉萨": "lhasa", "兰州": "lanzhou", "西宁": "xining", "银川": "yinchuan", "乌鲁木齐": "urumqi",
    "香港": "hongkong", "澳门": "macau", "台北": "taipei", "东莞": "dongguan", "佛山": "foshan", "珠海": "zhuhai",
    "惠州": "huizhou", "中山": "zhongshan", "泉州": "quanzhou", "烟台": "yantai", "潍坊": "weifang",
    "临沂": "linyi", "唐山": "tangshan", "保定": "baoding", "洛阳": "luoyang", "襄阳": "xiangyang",
    "宜昌": "yichang", "赣州": "ganzhou", "九江": "jiujiang", "上饶": "shangrao", "景德镇": "jingdezhen",
    "泰安": "taian", "抚州": "fuzhou", "雄安": "xiongan",
    "河北": "hebei", "山西": "shanxi", "内蒙古": "innermongolia", "辽宁": "liaoning", "吉林": "jilin",
    "黑龙江": "heilongjiang", "福建": "fujian", "江西": "jiangxi", "山东": "shandong", "河南": "henan",
    "湖北": "hubei", "湖南": "hunan", "广东": "guangdong", "广西": "guangxi", "海南": "hainan", "四川": "sichuan",
    "贵州": "guizhou", "云南": "yunnan", "西藏": "tibet", "陕西": "shaanxi", "甘肃": "gansu", "青海": "qinghai",
    "宁夏": "ningxia", "新疆": "xinjiang", "台湾": "taiwan",
}
OUTSIDE_EN = set(OUTSIDE.values()) | {"macao", "peking", "canton", "xizang", "neimenggu"}
TOTALS = {"合计", "总计", "小计", "全市", "全省", "总数", "长三角", "长三角地区", "total", "sum", "all", "subtotal", "yrd",
          "yangtzeriverdelta", "全国", "中国", "china"}


@dataclass
class Message:
    key: str
    kwargs: dict = field(default_factory=dict)


@dataclass
class Upload:
    table: pd.DataFrame | None  # adcode, city (name_zh), [year], the numeric columns; one row per city (or city-year)
    value_columns: list[str]
    year_column: str | None
    errors: list[Message]
    warnings: list[Message]
    left_out: list[Message] = field(default_factory=list)  # rows (or cells) not mapped, each with its reason


class _Stop(Exception):
    """The file cannot be read at all; the message is already recorded."""


class _Log:
    def __init__(self) -> None:
        self.errors: list[Message] = []
        self.warnings: list[Message] = []
        self.left: list[Message] = []
        self.dropped = 0

    def error(self, key: str, **kwargs) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(Message(f"upload.{key}", kwargs))
        else:
            self.dropped += 1

    def warn(self, key: str, **kwargs) -> None:
        self.warnings.append(Message(f"upload.{key}", kwargs))

    def leave(self, key: str, **kwargs) -> None:
        """A row (or one cell) left out of the map, with its reason; the rest of the file is still mapped."""
        self.left.append(Message(f"upload.left.{key}", kwargs))

    def stop(self, key: str, **kwargs):
        self.error(key, **kwargs)
        raise _Stop

    def result(self, table=None, values=None, year=None) -> Upload:
        errors = list(self.errors)
        if self.dropped:
            errors.append(Message("upload.more_errors", {"n": self.dropped}))
        if errors:
            table, values, year = None, [], None
        left = sorted(self.left, key=lambda m: m.kwargs.get("row", 0))
        return Upload(table, values or [], year, errors, list(self.warnings), left)


def _show(value) -> str:
    """A user's cell as text for a message: no control characters, at most SHOW_CHARS characters."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") or c in "\u2028\u2029" else c for c in str(value))
    text = " ".join(text.split())
    return text if len(text) <= SHOW_CHARS else text[: SHOW_CHARS - 1] + "…"


def _letter(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _mb(n: float) -> str:
    """Megabytes as Streamlit counts them (1,048,576 bytes), so the message says the uploader's own limit."""
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- reading bytes into rows of text

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _read_excel(raw: bytes, name: str, log: _Log) -> list[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                log.stop("unreadable", name=name, kind="Excel")
    except zipfile.BadZipFile:
        log.stop("unreadable", name=name, kind="Excel")
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
            if not sheets:
                log.stop("unreadable", name=name, kind="Excel")
            ws = wb.active if wb.active in sheets else sheets[0]
            if len(sheets) > 1:
                log.warn("first_sheet", sheet=_show(ws.title))
            rows: list[tuple[int, list[str] | None]] = []
            kept = 0
            for number, values in enumerate(ws.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS,
                                                         values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if any(cells):
                    kept += 1
                    if kept <= MAX_ROWS + 50:
                        rows.append((number, cells))
                    else:
                        rows.append((number, None))  # counted, not kept: the file is too long anyway
                if number >= 20 * MAX_ROWS:
                    break
        finally:
            wb.close()
    except _Stop:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged workbook; all mean the same to the user
        log.stop("unreadable", name=name, kind="Excel")
    return rows


def _score(text: str, names: list[str]) -> int:
    return sum(text.count(n) for n in names) + sum(text.lower().count(h) for h in ("城市", "地区", "年份", "city"))


def _decode(raw: bytes, name: str, names: list[str], log: _Log) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16 with a BOM
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            log.stop("unreadable", name=name, kind="CSV")
    if raw.startswith(BINARY_MAGIC) or b"\x00" in raw:
        log.stop("unreadable", name=name, kind="CSV")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    candidates = []
    try:
        candidates.append((raw.decode("gb18030"), 0))
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
        candidates.append((text, text.count("\ufffd")))
    text = raw.decode("utf-8-sig", errors="replace")
    candidates.append((text, text.count("\ufffd")))
    text, bad = max(candidates, key=lambda c: (_score(c[0], names), -c[1]))
    if bad > 0.2 * max(len(text), 1):
        log.stop("unreadable", name=name, kind="CSV")
    if bad:
        log.warn("encoding_replaced", n=bad)
    return text


def _delimiter(text: str) -> str:
    sample = [line for line in text[:100_000].splitlines() if line.strip()][:60]
    best, best_score = ",", (-1.0, 0)
    for delim in (",", "\t", ";", "|"):
        try:
            counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        except csv.Error:
            continue
        counts = [c for c in counts if c > 1]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (counts.count(mode) / len(sample), mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_text(raw: bytes, name: str, names: list[str], log: _Log) -> list[tuple[int, list[str]]]:
    text = _decode(raw, name, names, log).lstrip("\ufeff").rstrip("\x1a")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\r\n")
    if controls > 0.02 * max(len(text), 1):
        log.stop("unreadable", name=name, kind="CSV")
    delim = _delimiter(text)
    rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delim), start=1):
            rows.append((number, [c.strip() for c in cells[:MAX_COLUMNS]]))
    except csv.Error:
        log.stop("unreadable", name=name, kind="CSV")
    return rows


# ---------------------------------------------------------------- matching a cell to a city

def _norm(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


_CJK = re.compile(r"[\u3400-\u9fff]")
_SPLIT_EN = re.compile(r"[\s\-'’‘`´ʼ.·_]+")


def _en_key(value: str) -> str:
    key = _SPLIT_EN.sub("", value.lower())
    for suffix in ("prefecturelevelcity", "municipality", "prefecture", "city", "shi"):
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            key = key[: -len(suffix)]
            break
    return key


def _zh_key(value: str) -> str:
    key = re.sub(r"\s+", "", value)
    return key[:-1] if key.endswith("市") and len(key) > 2 else key


def _province(text: str) -> str | None:
    key = _SPLIT_EN.sub("", text.lower())
    for suffix in ("province", "china", "prc", "省", "中国", ","):
        key = key.replace(suffix, "")
    for code, names in PROVINCES.items():
        if key in names:
            return code
    return None


class _Matcher:
    """Resolves a cell (adcode, zh or en name) to one of the Delta's cities."""

    def __init__(self, regions: pd.DataFrame) -> None:
        cities = regions[regions["level"].astype(str) == "city"]
        self.cities = {str(r.adcode): (str(r.name_zh), str(r.name_en)) for r in cities.itertuples()}
        self.parent = {str(r.adcode): str(r.parent) for r in cities.itertuples()} if "parent" in cities else {}
        self.zh: dict[str, list[str]] = {}
        self.en: dict[str, list[str]] = {}
        for code, (zh, en) in self.cities.items():
            self.zh.setdefault(_zh_key(zh), []).append(code)
            self.en.setdefault(_en_key(re.sub(r"\(.*\)", "", en)), []).append(code)
        others = regions[regions["level"].astype(str) != "city"]
        province_en = {str(r.adcode): str(r.name_en) for r in others.itertuples()}
        self.display_en = {c: en if "(" in en or self.parent.get(c) not in province_en
                           else f"{en} ({province_en[self.parent[c]]})" for c, (_, en) in self.cities.items()}
        self.not_city = {_zh_key(str(n)) for n in others["name_zh"]} | {_zh_key(str(n)).rstrip("省") for n in
                                                                         others["name_zh"]}
        self.not_city |= {_en_key(str(n)) for n in others["name_en"]} | TOTALS | {str(a) for a in others["adcode"]}

    def label(self, code: str) -> str:
        return f"{self.cities[code][0]} {self.display_en[code]} {code}"

    def _pick(self, codes: list[str], province: str | None) -> tuple[str, object]:
        if province:
            codes = [c for c in codes if self.parent.get(c, c[:2] + "0000") == province or c == province]
            if not codes:
                return "unknown", None
        if len(codes) == 1:
            return "ok", codes[0]
        return "ambiguous", codes

    def resolve(self, value: str) -> tuple[str, object]:
        """("ok", adcode) | ("ambiguous", [adcodes]) | ("outside", None) | ("not_city", None) | ("unknown", None)."""
        text = _norm(value)
        if not text:
            return "blank", None
        digits = re.fullmatch(r"(\d+)(?:\.0+)?", text)
        if digits:
            return self._code(digits.group(1))
        text = re.sub(r"(?i)[\s,(\[]*(china|prc|中国)[)\]]?$", "", text).strip() or text
        base, province = text, None
        m = re.fullmatch(r"(.+?)\s*[(\[{]\s*(.+?)\s*[)\]}]", text) or re.fullmatch(r"(.+?)\s*[,/]\s*(.+)", text)
        if m:
            base, province = m.group(1), _province(m.group(2))
            if province is None and _province(m.group(1)) and not _province(m.group(2)):  # "Anhui, Suzhou"
                base, province = m.group(2), _province(m.group(1))
        if _CJK.search(base):
            key = _zh_key(base)
            for code, names in PROVINCES.items():
                head = names[0]
                for prefix in (head + "省", head):
                    if key.startswith(prefix) and len(key) > len(prefix) + 1 and code != "310000":
                        province, key = province or code, _zh_key(key[len(prefix):])
                        break
            if key in self.zh:
                return self._pick(self.zh[key], province)
            if key in self.not_city or key.rstrip("省") in self.not_city:
                return "not_city", None
            if key.rstrip("省市") in OUTSIDE:
                return "outside", None
            return "unknown", None
        key = _en_key(base)
        if key not in self.en and province is None:
            for code, names in PROVINCES.items():  # "Suzhou Anhui", "Anhui Suzhou"
                pname = names[1]
                if key.endswith(pname) and key[: -len(pname)] in self.en:
                    key, province = key[: -len(pname)], code
                elif key.startswith(pname) and key[len(pname):] in self.en:
                    key, province = key[len(pname):], code
        if key in self.en:
            return self._pick(self.en[key], province)
        if key in self.not_city or key.removesuffix("province") in self.not_city:
            return "not_city", None
        if key in OUTSIDE_EN or key.removesuffix("province") in OUTSIDE_EN:
            return "outside", None
        return "unknown", None

    def _code(self, digits: str) -> tuple[str, object]:
        if len(digits) in (9, 12) and digits[6:].strip("0") == "":
            digits = digits[:6]
        if len(digits) == 4:
            digits += "00"
        if len(digits) != 6:
            return "unknown", None
        if digits == "310100":
            digits = "310000"
        if digits in self.cities:
            return "ok", digits
        if digits in self.not_city:
            return "not_city", None
        if digits[:2] not in ("31", "32", "33", "34"):
            return "outside", None
        return "unknown", None

    def suggest(self, value: str) -> list[str]:
        text = _norm(value)
        digits = re.fullmatch(r"(\d+)(?:\.0+)?", text)
        if digits:
            d = digits.group(1)
            return [f"{c} {self.cities[c][0]}" for c in self.cities if c[:4] == d[:4]][:3]
        if _CJK.search(text):
            keys = difflib.get_close_matches(_zh_key(text), list(self.zh), n=3, cutoff=0.5)
            return [self.cities[c][0] for k in keys for c in self.zh[k]][:3]
        keys = difflib.get_close_matches(_en_key(text), list(self.en), n=3, cutoff=0.6)
        return [self.display_en[c] for k in keys for c in self.en[k]][:3]


# ---------------------------------------------------------------- cells to numbers

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _number(cell: str) -> float | None | str:
    """A float, None for a missing cell, or "bad"."""
    text = unicodedata.normalize("NFKC", cell).strip().replace("\u2212", "-")
    if text.lower() in MISSING:
        return None
    if text.endswith("%"):
        text = text[:-1].strip()
    text = text.replace(" ", "")
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return "bad"
    return float(text)


def _year(cell: str) -> int | None:
    text = unicodedata.normalize("NFKC", cell).strip().removesuffix("年")
    m = re.fullmatch(r"(\d{4})(?:\.0+)?", text)
    if m and 1900 <= int(m.group(1)) <= 2100:
        return int(m.group(1))
    return None


def _header_key(name: str) -> str:
    return " ".join(_norm(name).lower().split())


# ---------------------------------------------------------------- the entry points

def parse_upload(filename: str, raw: bytes, regions: pd.DataFrame) -> Upload:
    log = _Log()
    try:
        return _parse(filename or "", raw or b"", regions, log)
    except _Stop:
        return log.result()


def _parse(filename: str, raw: bytes, regions: pd.DataFrame, log: _Log) -> Upload:
    name = _show(filename.replace("\\", "/").rsplit("/", 1)[-1]) or "?"
    ext = ("." + filename.rsplit(".", 1)[-1].lower().strip()) if "." in filename else ""
    if not raw:
        log.stop("empty", name=name)
    if len(raw) > MAX_BYTES:
        log.error("too_large", name=name, mb=_mb(MAX_BYTES), size_mb=_mb(len(raw)))
    if ext not in TEXT_EXT | EXCEL_EXT | {".xls"}:
        log.error("wrong_type", name=name)
    if log.errors:
        raise _Stop
    matcher = _Matcher(regions)
    names = [_zh_key(zh) for zh, _ in matcher.cities.values()]
    if ext in EXCEL_EXT or (ext == ".xls" and raw.startswith(b"PK\x03\x04")):
        rows = _read_excel(raw, name, log)
    elif ext == ".xls":
        # Real (BIFF) .xls needs xlrd; web "xls" exports are often HTML. Text-table ones are read as CSV.
        if raw.startswith(b"\xd0\xcf\x11\xe0") or raw.lstrip()[:1] == b"<":
            log.stop("wrong_type", name=name)
        rows = _read_text(raw, name, names, log)
    else:
        rows = _read_text(raw, name, names, log)

    rows = [(n, c) for n, c in rows if c is None or any(c)]
    if not rows:
        log.stop("empty", name=name)
    header_at = next((i for i, (_, c) in enumerate(rows[:20]) if sum(1 for x in c if x) >= 2), None)
    if header_at is None:
        log.stop("too_few_columns", row=rows[0][0])
    header_row, header = rows[header_at]
    data = rows[header_at + 1:]
    if not data:
        log.stop("no_rows", row=header_row)
    if len(data) > MAX_ROWS:
        log.stop("too_many_rows", n=len(data), max=MAX_ROWS)

    width = max(len(header), *(len(c) for _, c in data))
    by_name: list[int] = []
    city_col = None
    for attempt in ("header", "no header"):
        header = header + [""] * (width - len(header))
        cells = [c + [""] * (width - len(c)) for _, c in data]
        numbers = [n for n, _ in data]
        columns = {}  # index -> display name
        seen: dict[str, int] = {}
        for i, h in enumerate(header):
            if not h and not any(row[i] for row in cells):
                continue
            label = _show(h) or f"[{_letter(i)}]"
            seen[label] = seen.get(label, 0) + 1
            columns[i] = label if seen[label] == 1 else f"{label} ({seen[label]})"
        if len(columns) < 2:
            log.stop("too_few_columns", row=header_row)

        # The city column: by its header, else the first column whose cells are mostly cities.
        by_name = [i for i in columns if _header_key(header[i]) in CITY_HEADERS]

        def share(i: int, cells=cells) -> float:
            vals = [row[i] for row in cells if row[i]][:200]
            hits = sum(1 for v in vals if matcher.resolve(v)[0] in ("ok", "ambiguous"))
            return hits / len(vals) if vals else 0.0

        city_col = next((i for i in by_name if share(i) >= 0.5), None)
        if city_col is None:
            city_col = next((i for i in columns if share(i) >= 0.5), by_name[0] if by_name else None)
        if city_col is None:
            log.stop("no_city_column", columns=", ".join(columns.values()))
        if attempt == "header" and city_col not in by_name and matcher.resolve(header[city_col])[0] == "ok":
            # The first row is a city, not column names: read it as data and name the columns by letter.
            log.warn("no_header", row=header_row)
            data = [(header_row, header)] + data
            header = []
            continue
        break
    year_col = next((i for i in columns if i != city_col and _header_key(header[i]) in YEAR_HEADERS), None)
    candidates = [i for i in columns if i not in (city_col, year_col) and i not in by_name]

    # Numeric columns: every non-empty cell a number. A column with no number at all is a label column, ignored.
    # A cell that is not a number in a column of numbers is left empty, and its row says so (if the row is mapped).
    parsed: dict[int, list] = {}
    bad_cells: dict[int, set[int]] = {}
    ignored = []
    for i in candidates:
        vals = [_number(row[i]) for row in cells]
        good = sum(1 for v in vals if isinstance(v, float))
        bad = {r for r, v in enumerate(vals) if v == "bad"}
        if good == 0 or len(bad) > good:
            if any(row[i] for row in cells):
                ignored.append(columns[i])
            continue
        bad_cells[i] = bad
        parsed[i] = [v if isinstance(v, float) else float("nan") for v in vals]
    if ignored:
        log.warn("ignored_columns", columns=", ".join(f"“{c}”" for c in ignored))
    if not parsed and not log.errors:
        log.error("no_numeric", columns=", ".join(columns[i] for i in candidates) or "—")

    seen_keys: dict[tuple, tuple[int, str]] = {}
    records = []
    for r, row in enumerate(cells):
        number, value = numbers[r], row[city_col]
        has_data = any(row[i] for i in parsed) or (year_col is not None and bool(row[year_col]))
        status, found = matcher.resolve(value)
        if status != "ok" and not has_data:  # a total, a note or a heading: nothing to map
            if value:
                log.leave({"not_city": "not_city", "outside": "outside_delta"}.get(status, "no_figures"), row=number,
                          value=_show(value))
            continue
        if status == "blank":
            log.leave("blank_city", row=number)
            continue
        if status == "not_city":
            log.leave("not_city", row=number, value=_show(value))
            continue
        if status == "outside":
            log.leave("outside_delta", row=number, value=_show(value))
            continue
        if status == "ambiguous":
            log.leave("ambiguous", row=number, value=_show(value),
                      candidates=" / ".join(matcher.label(c) for c in found))
            continue
        if status == "unknown":
            hints = matcher.suggest(value)
            if hints:
                log.leave("unknown_city", row=number, value=_show(value), suggestions=" / ".join(hints))
            else:
                log.leave("unknown_city_no_match", row=number, value=_show(value))
            continue
        year = None
        if year_col is not None:
            year = _year(row[year_col])
            if year is None:
                log.leave("bad_year", row=number, value=_show(row[year_col]), column=columns[year_col])
                continue
        key = (found, year)
        if key in seen_keys:
            first, first_value = seen_keys[key]
            if year is None:
                log.leave("duplicate", row=number, first=first, city=_show(first_value))
            else:
                log.leave("duplicate_year", row=number, first=first, city=_show(first_value), year=year)
            continue
        seen_keys[key] = (number, value)
        for i in parsed:
            if r in bad_cells[i]:
                log.leave("non_numeric", row=number, column=columns[i], value=_show(row[i]))
        record = {"adcode": found, "city": matcher.cities[found][0]}
        if year is not None:
            record["year"] = year
        record.update({columns[i]: parsed[i][r] for i in parsed})
        records.append(record)
    if not records and not log.errors:
        if log.left:
            log.error("no_matches", n=len(log.left))
        else:
            log.error("no_rows", row=header_row)
    if log.errors or log.dropped:
        return log.result()

    values = [columns[i] for i in parsed]
    table = pd.DataFrame.from_records(records, columns=["adcode", "city"] + (["year"] if year_col is not None else [])
                                      + values)
    table["adcode"] = table["adcode"].astype(str)
    table["city"] = table["city"].astype(str)
    if year_col is not None:
        table["year"] = table["year"].astype("int64")
    for v in values:
        table[v] = table[v].astype("float64")
    missing = len(set(matcher.cities) - set(table["adcode"]))
    if missing:
        log.warn("missing_cities", n=missing, total=len(matcher.cities))
    return log.result(table, values, "year" if year_col is not None else None)


OBSERVATION_COLUMNS = ["indicator_id", "adcode", "year", "value", "qualifier", "source_id", "derived_from", "note"]


def to_observations(upload: Upload, column: str, year: int | None) -> pd.DataFrame:
    """One uploaded column as rows shaped like data/observations.csv (NaN dropped).

    With a year column, `year` picks that year (None keeps every year); without one, every row gets `year`
    (which may be None: the year column is then empty, as nullable Int64).
    """
    table = upload.table
    if table is None:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else ("Int64" if c == "year" else "str"))
                             for c in OBSERVATION_COLUMNS})
    if column not in upload.value_columns:
        raise ValueError(f"{column!r} is not one of the uploaded numeric columns")
    frame = table
    if upload.year_column is not None:
        if year is not None:
            frame = frame[frame["year"] == int(year)]
        years = frame["year"]
    else:
        years = pd.Series([year] * len(frame), index=frame.index, dtype="object")
    out = pd.DataFrame({
        "indicator_id": "upload",
        "adcode": frame["adcode"].astype(str),
        "year": pd.array(years.tolist(), dtype="Int64"),
        "value": frame[column].astype("float64"),
        "qualifier": "",
        "source_id": "upload",
        "derived_from": "",
        "note": "",
    }, index=frame.index, columns=OBSERVATION_COLUMNS)
    return out.dropna(subset=["value"]).reset_index(drop=True)
