"""复工复产验收 (R24): an enterprise ordered to stop (停产整顿) applies, is inspected by a team and passes or
fails; “未经验收的企业一律不准恢复生产” (DOMAIN.md R24, 001/§5).

The rule is kept below the window: :func:`reopening_refused` guards the enterprise ledger, so every
change of an enterprise's 经营状态 — the form, an import that updates units, any service — that takes
a stopped enterprise (停产整顿 or 复产验收中) back to 在产 is refused unless a passed acceptance is
recorded for the stoppage.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, cast, func, or_, select, type_coerce

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.enterprise import ENTERPRISES
from safetystation.domain.spec import GROUP_LEDGER, LONGTEXT, col, register
from safetystation.domain.system import AuditLog

STOPPED = ("suspended", "resuming")  # 停产整顿, 复产验收中: not producing until accepted
OPERATING = "operating"
# Days an applied-for acceptance may wait before 首页 calls it overdue: no rule sets one, this is the
# program's default so that a unit waiting on the station is not forgotten.
ACCEPT_WITHIN_DAYS = 15


class Resumption(LedgerBase, table=True):
    """One stoppage of a unit and its 复工复产验收 (R24)."""

    __tablename__ = "resumption"
    enterprise_id: int = col("单位", ref="enterprise", required=True, width=20, synonyms=("单位名称", "企业名称"))
    reason: str = col(
        "停产原因", kind=LONGTEXT, required=True, search=True, width=24, synonyms=("停产整顿原因", "原因")
    )
    stop_date: dt.date = col("停产日期", required=True, index=True, synonyms=("责令停产日期", "停产整顿日期"))
    applied: dt.date | None = col("申请日期", synonyms=("复产申请日期", "申请验收日期"))
    accepted: dt.date | None = col("验收日期", index=True, synonyms=("复产验收日期",))
    team: str | None = col("验收组成员", max_length=100, search=True, width=20, synonyms=("验收组", "验收人员"))
    result: str = col("验收结论", choices=C.RESUMPTION_RESULT, required=True, default="pending", width=10)
    conditions: str | None = col(
        "验收意见/复产条件",
        kind=LONGTEXT,
        search=True,
        width=24,
        synonyms=("验收意见", "复产条件", "整改要求"),
        help="验收组的意见；不合格的写明须继续整改的事项",
    )
    note: str | None = col("备注", kind=LONGTEXT)


def _checks(v: dict) -> list[tuple[str, str]]:
    out = []
    stop, applied, accepted = v.get("stop_date"), v.get("applied"), v.get("accepted")
    today = dt.date.today()
    if stop and stop > today:
        out.append(("stop_date", "停产日期不能晚于今天"))
    if stop and applied and applied < stop:
        out.append(("applied", "申请日期不能早于停产日期"))
    if stop and accepted and accepted < stop:
        out.append(("accepted", "验收日期不能早于停产日期"))
    if applied and accepted and accepted < applied:
        out.append(("accepted", "验收日期不能早于申请日期"))
    if accepted and accepted > today:
        out.append(("accepted", "验收日期不能晚于今天（验收后再记录结论）"))
    if v.get("result") in ("passed", "failed") and not accepted:
        out.append(("accepted", "已有验收结论的须填写验收日期"))
    if v.get("result") == "pending" and accepted:
        out.append(("result", "填写了验收日期，请选择验收结论（合格或不合格）"))
    if v.get("result") in ("passed", "failed") and not v.get("team"):
        out.append(("team", "请填写验收组成员"))
    return out


RESUMPTIONS = register(
    Resumption,
    title="复工复产验收",
    group=GROUP_LEDGER,
    record_code="R24",
    title_field="reason",
    date_field="stop_date",
    order_by=("-stop_date", "-id"),
    picker=("stop_date", "enterprise_id"),
    checks=[_checks],
    printed=("enterprise_id", "reason", "stop_date", "applied", "accepted", "team", "result", "conditions"),
)

RS = Resumption.__table__  # type: ignore[attr-defined]
EN = ENTERPRISES.table
AU = AuditLog.__table__  # type: ignore[attr-defined]


def stopped_at(session: Any, enterprise_id: int) -> dt.datetime | None:
    """When the station last recorded the enterprise as 停产整顿 (its audit trail: the last change, or
    creation or import, that set the status to suspended), or None if it never did."""
    # The JSON text read as JSON: json_extract() on SQLite (no CAST there: its JSON type name has numeric
    # affinity), ->> on PostgreSQL (the text cast to json first).
    after = AU.c.after if session.get_bind().dialect.name == "sqlite" else cast(AU.c.after, JSON)
    stmt = select(func.max(AU.c.at)).where(
        AU.c.ledger == "enterprise",
        AU.c.record_id == enterprise_id,
        type_coerce(after, JSON)["status"].as_string() == "suspended",
    )
    return session.execute(stmt).scalar()


def deciding_acceptance(session: Any, enterprise_id: int) -> dict[str, Any] | None:
    """The acceptance that decides whether the enterprise may produce again: of its live acceptances
    with a conclusion that belong to the current stoppage (accepted on or after the day the station
    recorded the stop, or recorded after it — a stoppage typed in late), the latest by 验收日期; None
    when there is none. A later failed acceptance outweighs an earlier pass."""
    since = stopped_at(session, enterprise_id)
    conds = [RS.c.enterprise_id == enterprise_id, RS.c.deleted_at.is_(None), RS.c.result.in_(("passed", "failed"))]
    if since is not None:
        local = since.replace(tzinfo=dt.UTC).astimezone().date() if since.tzinfo is None else since.date()
        conds.append((RS.c.accepted >= local) | (RS.c.created_at >= since))
    stmt = select(RS).where(*conds).order_by(RS.c.accepted.desc(), RS.c.id.desc()).limit(1)
    row = session.execute(stmt).mappings().first()
    return None if row is None else dict(row)


def reopening_refused(session: Any, current: dict[str, Any], changed: dict[str, tuple[Any, Any]]) -> str | None:
    """The guard on the enterprise ledger: a stopped enterprise goes back to 在产 only after a passed
    复工复产验收 of its stoppage (Guard, domain/spec.py)."""
    if "status" not in changed:
        return None
    old, new = changed["status"]
    if old not in STOPPED or new != OPERATING:
        return None
    name = current.get("name") or f"#{current['id']}"
    a = deciding_acceptance(session, current["id"])
    state = C.ENTERPRISE_STATUS.label(old)
    if a is None:
        return (
            f"“{name}”现为{state}，尚无复工复产验收合格的记录，不能改为在产。"
            "请先在“复工复产验收”中登记验收合格，再修改经营状态。"
        )
    if a["result"] != "passed":
        return f"“{name}”{a['accepted']:%Y-%m-%d}复工复产验收不合格，不能改为在产。整改后重新验收合格，再修改经营状态。"
    return None


ENTERPRISES.guards.append(reopening_refused)


def waiting_for_acceptance(session: Any) -> list[dict[str, Any]]:
    """Units waiting on the station: live, not closed enterprises with a live acceptance still 待验收
    whose 申请日期 is filled in (the latest application of each), and enterprises whose status is
    复产验收中 with no such application recorded (``applied`` None, ``resumption_id`` None)."""
    applied = (
        select(RS.c.enterprise_id, RS.c.id.label("resumption_id"), RS.c.applied)
        .where(RS.c.deleted_at.is_(None), RS.c.result == "pending", RS.c.applied.is_not(None))
        .order_by(RS.c.enterprise_id, RS.c.applied, RS.c.id)
    )
    latest = {r.enterprise_id: r for r in session.execute(applied)}
    out = []
    for e in session.execute(
        select(EN.c.id, EN.c.name, EN.c.status).where(
            EN.c.deleted_at.is_(None),
            EN.c.status != "closed",
            or_(EN.c.status == "resuming", EN.c.id.in_(list(latest))),
        )
    ):
        r = latest.get(e.id)
        if r is not None:
            out.append({"enterprise_id": e.id, "name": e.name, "resumption_id": r.resumption_id, "applied": r.applied})
        elif e.status == "resuming":
            out.append({"enterprise_id": e.id, "name": e.name, "resumption_id": None, "applied": None})
    return out
