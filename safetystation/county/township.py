"""One township report workbook, read and checked for the county (issue #19).

Reading is bounded like the importer's: the file's size, zip bombs and every sheet's real extent are
checked before calamine parses it (``check_workbook_bounds``), and only the sheets the county needs
(报送信息, 月报表, the 统计表) are laid out. Anything calamine cannot read becomes a problem of this
file, never an exception for the whole run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from safetystation.county import digest as dg
from safetystation.excel.reader import (
    OLE_MAGIC,
    ZIP_MAGIC,
    FileRefused,
    check_workbook_bounds,
    read_sheets,
)

MAX_BYTES = 30 * 1024 * 1024  # a township's month workbook is a few hundred KB
MAX_ROWS = 100_000
MAX_COLS = 200
MAX_CELLS = 3_000_000
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")

MONTH_SHEET = "月报表"
TABLE_SHEET = "隐患排查治理情况统计表"
WIDE_SHEET = "其他重点行业领域统计表"
TOWN_TITLE = "{}安全生产工作月报表"
NO_INFO = f"没有“{dg.INFO_SHEET}”表"  # how a workbook not exported by this program is told apart
RATE_TOLERANCE = 0.00006  # rates are written as fractions of 4 decimals (88.83% = 0.8883)

# The 月报表 items the county's 统计表 needs (group, label).
INSPECTIONS = ("B 监督检查", "检查次数")
UNITS_TOTAL = ("A 基本情况", "生产经营单位总数（不含已关闭）")
FOUND = ("C 隐患排查治理", "发现隐患")
GENERAL = ("C 隐患排查治理", "其中：一般隐患")
MAJOR = ("C 隐患排查治理", "发现重大隐患")
OVERDUE = ("C 隐患排查治理", "逾期未整改（期末）")
NOTICES = ("C 隐患排查治理", "下发整改通知书")
REVIEWS = ("C 隐患排查治理", "复查")
SEIZURES = ("D 执法与打非治违", "查封/扣押/没收")
REQUIRED_ITEMS = [INSPECTIONS, UNITS_TOTAL, FOUND, GENERAL, MAJOR, OVERDUE, NOTICES, REVIEWS, SEIZURES]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (sheet, cell or row) and why, in Chinese. ``fatal``: the
    workbook cannot be consolidated; otherwise it is a remark the county should see."""

    file: str
    reason: str
    sheet: str = ""
    where: str = ""
    fatal: bool = True

    @property
    def level(self) -> str:
        return "错误" if self.fatal else "提示"


@dataclass
class Item:
    """One line of a township's 月报表."""

    group: str
    label: str
    unit: str
    month: Any
    ytd: Any
    row: int = 0  # 0-based row in the sheet


@dataclass
class Township:
    """What the county takes from one workbook, and what is wrong with it."""

    path: Path
    info: dict[str, str] = field(default_factory=dict)
    table: dict[int, Any] = field(default_factory=dict)  # the 统计表 合计 row, columns 1–12
    items: dict[tuple[str, str], Item] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    duplicate: bool = False  # an identical copy of another file: checked, not counted twice

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return not any(p.fatal for p in self.problems)

    @property
    def town(self) -> str:
        return self.info.get("乡镇(街道)", "")

    @property
    def uid(self) -> str:
        return self.info.get("安监站标识", "")

    def add(self, reason: str, sheet: str = "", where: str = "", *, fatal: bool = True) -> None:
        self.problems.append(Problem(self.name, reason, sheet, where, fatal))

    def value(self, key: tuple[str, str], column: str = "ytd") -> float:
        item = self.items.get(key)
        v = getattr(item, column) if item else None
        return float(v) if v is not None and dg.is_number(v) else 0.0


def read_township(path: Path | str, *, year: int, month: int) -> Township:
    """Read and check one workbook against the month ``year``-``month``; never raises for a bad file."""
    t = Township(Path(path))
    sheets = loaded(t)
    if sheets is not None:
        _check(t, sheets, year, month)
    return t


def loaded(t: Township, wanted: set[str] | None = None) -> dict[str, list[list[Any]]] | None:
    """The sheets of ``t``'s file (see :func:`_load`), or None with the reason added to ``t``."""
    try:
        return _load(t.path, wanted)
    except FileRefused as e:
        t.add(str(e))
    except OSError as e:
        t.add(f"无法读取“{t.name}”：{e.strerror or e}")
    return None


def _load(p: Path, wanted: set[str] | None = None) -> dict[str, list[list[Any]]]:
    """The sheets the county needs (or ``wanted``), each as rows of values; bounded before parsing."""
    if not p.is_file():
        raise FileRefused(f"找不到文件“{p}”。")
    size = p.stat().st_size
    if size == 0:
        raise FileRefused(f"“{p.name}”是空文件（0 字节）。")
    if size > MAX_BYTES:
        raise FileRefused(
            f"“{p.name}”有 {size / 1024 / 1024:.0f} MB，不像乡镇月报工作簿（上限 {MAX_BYTES >> 20} MB）。"
        )
    with p.open("rb") as fh:
        head = fh.read(8)
    wanted = wanted or {dg.INFO_SHEET, *dg.FIGURE_SHEETS}
    if head.startswith(ZIP_MAGIC):
        check_workbook_bounds(p, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_cols=MAX_COLS, max_cells=MAX_CELLS)
        try:
            wb = CalamineWorkbook.from_path(str(p))
            return {
                name: [list(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False)]
                for name in wb.sheet_names
                if name in wanted
            }
        except Exception as e:  # calamine's own error types for every kind of damage
            raise FileRefused(f"无法读取“{p.name}”：文件已损坏或格式不受支持（{str(e)[:120]}）。") from e
        except BaseException as e:  # a Rust panic arrives as pyo3's PanicException (see excel/reader.py)
            if type(e).__name__ != "PanicException":
                raise
            raise FileRefused(f"无法读取“{p.name}”：文件已损坏（{str(e)[:120]}）。") from e
    if head == OLE_MAGIC or p.suffix.lower() == ".ods":  # re-saved by WPS as .xls: the importer's checks
        return {s.name: s.rows for s in read_sheets(p) if s.name in wanted}
    raise FileRefused(f"“{p.name}”不是电子表格工作簿（内容不是 .xlsx/.xls），无法汇总。")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _cell(row: int, col: int) -> str:
    """Excel's name of a 0-based (row, column)."""
    return f"{get_column_letter(col + 1)}{row + 1}"


def _info(rows: list[list[Any]]) -> dict[str, str]:
    labels = {label for label, _ in dg.FIELDS}
    out = {}
    for r in rows:
        if len(r) >= 2:
            key = _text(r[0])
            if key in labels or key.startswith("校验码"):
                out[key] = _text(r[1])
    return out


def _check(t: Township, sheets: dict[str, list[list[Any]]], year: int, month: int) -> None:
    info_rows = sheets.get(dg.INFO_SHEET)
    if info_rows is None:
        t.add(f"{NO_INFO}：不是本程序导出的乡镇月报工作簿，或用旧版本导出、该表被删除；请乡镇用本程序重新导出当月报表")
        return
    t.info = info = _info(info_rows)
    if info.get("格式") != dg.FORMAT_TAG:
        t.add(f"“{dg.INFO_SHEET}”表的格式标记不对（应为“{dg.FORMAT_TAG}”），无法核对", dg.INFO_SHEET, "B3")
        return
    expected = dg.period_code("month", (year, month), (year, month))
    code = info.get("期间代码", "")
    if code != expected:
        t.add(
            f"报表期间为“{info.get('报表期间') or code or '未知'}”（{info.get('报表种类', '')}），"
            f"不是所选的{year}年{month}月月报",
            dg.INFO_SHEET,
            _find(info_rows, "期间代码"),
        )
        return
    if "本期未结束" in info.get("统计截至", ""):
        t.add(
            f"导出时本月尚未结束（统计截至{info['统计截至']}），数字不完整；请乡镇在月末后重新导出",
            dg.INFO_SHEET,
            _find(info_rows, "统计截至"),
        )
    if not t.town:
        t.add("报送信息中没有乡镇(街道)名称", dg.INFO_SHEET, _find(info_rows, "乡镇(街道)"))
    needed = [MONTH_SHEET, TABLE_SHEET] + ([WIDE_SHEET] if info.get("统计表格式") == "15" else [])
    missing = [n for n in needed if n not in sheets]
    if missing:
        t.add("缺少工作表：" + "、".join(f"“{n}”" for n in missing))
        return
    _check_digests(t, sheets, info_rows)
    _check_names(t, sheets)
    _read_table(t, sheets[TABLE_SHEET])
    _read_month(t, sheets[MONTH_SHEET])
    if t.table and t.items:
        _cross_check(t)


def _find(rows: list[list[Any]], label: str) -> str:
    for i, r in enumerate(rows):
        if r and _text(r[0]) == label:
            return _cell(i, 1)
    return ""


def _check_digests(t: Township, sheets: dict[str, list[list[Any]]], info_rows: list[list[Any]]) -> None:
    info = t.info
    identity = dg.identity_lines(t.uid, t.town, info.get("期间代码", ""), info.get("统计表格式", ""))
    for name in dg.FIGURE_SHEETS:
        label = dg.DIGEST_LABEL.format(name)
        if name not in sheets:
            if label in info:
                t.add(f"报送信息列出了“{name}”的校验码，但工作簿中没有该表", dg.INFO_SHEET, _find(info_rows, label))
            continue
        if label not in info:
            t.add(f"报送信息中没有“{name}”的校验码，无法确认数字未被改动", dg.INFO_SHEET)
            continue
        if dg.digest(identity, dg.figure_lines(sheets[name])) != info[label].lower():
            t.add(
                f"“{name}”的数字与校验码不符：导出后有数字被改动（或行被插入、删除），"
                "或报送信息被改动；请乡镇在程序中更正后重新导出",
                name,
            )


def _check_names(t: Township, sheets: dict[str, list[list[Any]]]) -> None:
    town = t.town
    if not town:
        return
    unit = f"{town}人民政府"
    month = sheets[MONTH_SHEET]
    title = _text(month[0][0]) if month and month[0] else ""
    if title != TOWN_TITLE.format(town):
        t.add(f"月报表标题“{title}”与报送信息的乡镇“{town}”不一致", MONTH_SHEET, "A1")
    strip = _text(month[2][0]) if len(month) > 2 and month[2] else ""
    if f"填报单位（盖章）：{unit}" not in strip:
        t.add(f"月报表的填报单位与报送信息的乡镇“{town}”不一致", MONTH_SHEET, "A3")
    table = sheets[TABLE_SHEET]
    strip = _text(table[2][0]) if len(table) > 2 and table[2] else ""
    if not strip.startswith(f"填报单位（章）：{unit}"):
        t.add(f"统计表的填报单位与报送信息的乡镇“{town}”不一致", TABLE_SHEET, "A3")


def _number(t: Township, row: list[Any], r: int, c: int, *, rate: bool = False) -> float | None:
    v = row[c] if c < len(row) else None
    if dg.is_number(v):
        return float(v)
    if rate and _text(v) == "—":
        return None
    t.add(f"应为数字，却是“{_text(v)}”", TABLE_SHEET, _cell(r, c))
    return None


def _read_table(t: Township, rows: list[list[Any]]) -> None:
    """The 统计表 (FORMS §1): its structure, the cross-column rules on every row, and 合计 = the rows."""
    numbers = next((i for i, r in enumerate(rows) if r and _text(r[0]) == "甲"), None)
    if numbers is None or [_text(v) for v in rows[numbers][1:13]] != [str(n) for n in range(1, 13)]:
        t.add("统计表的栏目与标准格式（12栏，栏号行“甲 1 … 12”）不符", TABLE_SHEET)
        return
    before = len(t.problems)
    body: list[tuple[int, dict[int, float | None]]] = []
    total: tuple[int, dict[int, float | None]] | None = None
    for i in range(numbers + 1, len(rows)):
        r = rows[i]
        label = _text(r[0]) if r else ""
        if not label or label.startswith("注"):
            break
        cols = {c: _number(t, r, i, c, rate=c in (4, 7)) for c in range(1, 13)}
        if label == "合计":
            total = (i, cols)
            break
        body.append((i, cols))
    if total is None:
        t.add("统计表没有“合计”行", TABLE_SHEET)
        return
    if len(t.problems) > before:  # text where a figure belongs: the rules below would mislead
        return
    for i, cols in [*body, total]:
        _rules(t, i, cols, _text(rows[i][0]))
    ti, tc = total
    for c in (1, 2, 3, 5, 6, 8, 9, 10, 11):
        s = sum(cols[c] or 0 for _, cols in body)
        if abs(s - (tc[c] or 0)) > 1e-9:
            t.add(f"合计({c}){_text(tc[c])} 不等于各行之和 {_text(s)}", TABLE_SHEET, _cell(ti, c))
    funds = sum(cols[12] or 0 for _, cols in body)
    if abs(funds - (tc[12] or 0)) > 0.005 * len(body) + 0.001:  # each row rounded to 0.01 万元
        t.add(f"合计(12){tc[12]} 与各行之和 {funds:.2f} 不符", TABLE_SHEET, _cell(ti, 12))
    carried = _carried(rows)
    if carried is not None and (tc[8] or 0) > (tc[5] or 0) - (tc[6] or 0) + carried:
        t.add(f"(8){_text(tc[8])} 大于 (5)-(6)+以前结转数{carried}", TABLE_SHEET, _cell(ti, 8))
    t.table = {k: (v or 0) for k, v in tc.items()}
    t.table[4] = tc[4]
    t.table[7] = tc[7]


def _rules(t: Township, i: int, c: dict[int, float | None], label: str) -> None:
    """FORMS §1: (3)≤(2), (6)≤(5); (9), (10), (11) ≤ (8); (11) ≤ (10); rates = rectified ÷ found."""
    v = {k: (x or 0.0) for k, x in c.items()}
    for part, whole in ((3, 2), (6, 5), (9, 8), (10, 8), (11, 8), (11, 10)):
        if v[part] > v[whole]:
            t.add(f"{label}：({part}){_text(v[part])} 大于 ({whole}){_text(v[whole])}", TABLE_SHEET, _cell(i, part))
    for rate, part, whole in ((4, 3, 2), (7, 6, 5)):
        if v[whole]:
            want = v[part] / v[whole]
            if c[rate] is None or abs((c[rate] or 0) - want) > RATE_TOLERANCE:
                got = "—" if c[rate] is None else f"{(c[rate] or 0) * 100:.2f}%"
                t.add(
                    f"{label}：整改率({rate}) {got} 不等于 ({part})÷({whole})＝{want * 100:.2f}%",
                    TABLE_SHEET,
                    _cell(i, rate),
                )
        elif c[rate] is not None:
            t.add(f"{label}：({whole})为0，整改率({rate})应填“—”", TABLE_SHEET, _cell(i, rate))


def _carried(rows: list[list[Any]]) -> int | None:
    for r in rows:
        m = re.search(r"结转未销号的(\d+)项", _text(r[0]) if r else "")
        if m:
            return int(m.group(1))
    return None


def _read_month(t: Township, rows: list[list[Any]]) -> None:
    head = next(
        (
            i
            for i, r in enumerate(rows)
            if len(r) >= 4 and [_text(v) for v in r[:4]] == ["项目", "单位", "本月", "本年累计"]
        ),
        None,
    )
    if head is None:
        t.add("月报表的表头与本程序的格式（项目、单位、本月、本年累计…）不符", MONTH_SHEET)
        return
    group = ""
    for i in range(head + 1, len(rows)):
        r = rows[i]
        first = r[0] if r else None
        text = first if isinstance(first, str) else _text(first)
        if re.match(r"^[A-Z] ", text) and not any(_text(v) for v in r[1:]):
            group = text.strip()
            if group.startswith(("K ", "L ")):
                break
            continue
        if not text.startswith("  "):
            break  # the notes under the table
        label = text.strip()
        t.items[(group, label)] = Item(
            group, label, _text(r[1]), r[2] if len(r) > 2 else None, r[3] if len(r) > 3 else None, i
        )
    missing = [f"{g[2:]}·{label}" for g, label in REQUIRED_ITEMS if (g, label) not in t.items]
    if missing:
        t.add("月报表缺少项目：" + "、".join(missing), MONTH_SHEET)


def _cross_check(t: Township) -> None:
    """月报表 and 统计表 count the same hazards from January: 一般 = (2), 重大 = (5)."""
    for key, col in ((GENERAL, 2), (MAJOR, 5)):
        ytd = t.items[key].ytd
        if ytd is not None and dg.is_number(ytd) and abs(float(ytd) - float(t.table[col])) > 1e-9:
            t.add(
                f"月报表“{key[1]}”本年累计 {_text(ytd)} 与统计表合计({col}) {_text(t.table[col])} 不一致",
                MONTH_SHEET,
                _cell(t.items[key].row, 3),
            )


def summary_row(t: Township) -> dict[str, Any]:
    """FORMS §2: the township's line of the county table (cumulative from January, like the 统计表)."""
    c = t.table
    found, done = c[2] + c[5], c[3] + c[6]
    return {
        "所属地区": t.town,
        "总企业数": t.value(UNITS_TOTAL, "month"),
        "检查企业数": c[1],
        "出动次数": t.value(INSPECTIONS),
        "查出隐患数": found,
        "完成隐患数": done,
        "隐患整改率": round(done / found, 4) if found else None,
        "重大隐患数": c[5],
        "完成重大隐患数": c[6],
        "重大隐患整改率": round(c[6] / c[5], 4) if c[5] else None,
        "整改资金": Decimal(str(c[12])).quantize(Decimal("0.01")),
        "现场检查记录": t.value(INSPECTIONS),
        "责令限期整改指令书": t.value(NOTICES),
        "强制措施决定书": t.value(SEIZURES),
        "整改复查意见书": t.value(REVIEWS),
    }
