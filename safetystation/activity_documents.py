"""The 方案 and the 总结 of an activity (R23) as printed documents (``ui/printing.py`` lays them out
like the 现场检查记录): the six 定 above, then the plan's text, or the summary's three parts in the
seeds' structure (一、主要工作及成效 / 二、存在的问题 / 三、下步工作打算, 002/篇四a, 篇四d)."""

from __future__ import annotations

from typing import Any

from safetystation.dates import chinese_date
from safetystation.documents import BLANK, Block, Fields, Heading, Paragraph, RecordDocument
from safetystation.domain import get_spec
from safetystation.domain.display import text as display_text
from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService
from safetystation.services.station import StationService

KEY = "activity_plan"


def _paragraphs(text: str | None, empty: str) -> Paragraph:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return Paragraph("\n".join("　　" + line for line in lines) if lines else f"　　{empty}")


def _title(r: dict[str, Any], what: str) -> str:
    """“2026年“安全生产月”活动” + 宣传工作方案 / 方案 / 总结, without saying 方案 twice."""
    name = r["activity"].strip()
    return name if name.endswith(what) else name + what


def _six(r: dict[str, Any]) -> Fields:
    when = f"{chinese_date(r['start'])}至{chinese_date(r['end'])}"
    return Fields(
        [
            ("组织单位", r["organizer"]),
            ("责任人", r["responsible"]),
            ("活动时间", when),
            ("活动地点", r["place"]),
            ("活动内容", r["content"]),
            ("活动规模", r["scale"]),
            ("方案类别", display_text(get_spec(KEY).column("kind"), r["kind"])),
        ]
    )


def plan_document(ledger: LedgerService, record_id: int) -> RecordDocument:
    """The activity's 方案: the six 定 (组织单位、责任人、时间、地点、活动内容、活动规模), then its text."""
    r = ledger.get(KEY, record_id)
    station = StationService(ledger.db).profile() or {}
    kind = display_text(get_spec(KEY).column("kind"), r["kind"])
    what = "方案" if r["kind"] == "other" else kind  # 总体方案, 宣传工作方案…
    # The plan's own text follows the six 定 unheaded: it carries its own 一、二、三 (指导思想, 组织领导…).
    blocks: list[Block] = [_six(r), _paragraphs(r["plan_text"], "（方案正文未录入）")]
    issued = chinese_date(r["issued"]) if r["issued"] else f"{BLANK}年{BLANK}月{BLANK}日"
    return RecordDocument(
        heading=station.get("name") or "",
        title=_title(r, what),
        number=None,
        blocks=blocks,
        signatures=[f"制定：{BLANK}　　　　审核：{BLANK}", f"印发日期：{issued}"],
    )


def summary_document(ledger: LedgerService, record_id: int) -> RecordDocument:
    """The activity's 总结: the six 定, then 主要工作及成效, 存在的问题, 下步工作打算. Refused, saying so,
    while the activity has no summary."""
    r = ledger.get(KEY, record_id)
    if not r["summarized"]:
        raise UserError(f"“{r['activity']}”还没有总结（未填写总结日期）。请先在记录中填写总结内容和总结日期。")
    station = StationService(ledger.db).profile() or {}
    blocks: list[Block] = [
        _six(r),
        Heading("一、主要工作及成效"),
        _paragraphs(r["achievements"], "（未填写）"),
        Heading("二、存在的问题"),
        _paragraphs(r["problems"], "无。"),
        Heading("三、下步工作打算"),
        _paragraphs(r["next_steps"], "（未填写）"),
    ]
    body = station.get("name") or ""
    return RecordDocument(
        heading=body,
        title=_title(r, "总结"),
        number=None,
        blocks=blocks,
        signatures=[
            f"{body}（盖章）" if body else f"报送单位（盖章）：{BLANK}",
            f"日期：{chinese_date(r['summarized'])}",
        ],
    )
