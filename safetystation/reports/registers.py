"""Group A of the report (基本情况): the registers as they stood at the end of a day.

The registers (村(社区), 生产经营单位, 行业, 重点部位, 人员, 义务消防队 and 队员) carry no history of
their own, but every change to them is in the audit trail (who, when, the values before and after).
The state at the end of day D is the current rows with every audited change made after D undone,
newest first: a record created after D did not exist, one deleted or purged after D still did, a
field changed after D had its old value. Business dates refine it where the register has them
(a person's 任命日期/离岗日期, a brigade's 成立日期).

A register that had no records at D (it was started — 建账 — later, e.g. imported on first use)
is taken as it stood at the end of the day it was started, and the note says so. Figures of a
period that has ended are kept (``save``) when its report is exported, so exporting the same month
again gives the same figures whatever was typed in since.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session

from safetystation.dates import chinese_date
from safetystation.domain import get_spec
from safetystation.domain.system import AuditLog, Setting
from safetystation.services.ledger import put_setting
from safetystation.storage.db import Database

AL = AuditLog.__table__  # type: ignore[attr-defined]
ST = Setting.__table__  # type: ignore[attr-defined]

LABELS = {
    "a_villages": ("行政村(社区)数", "个"),
    "a_enterprises": ("生产经营单位总数（不含已关闭）", "家"),
    "a_high_risk": ("其中：高危行业", "家"),
    "a_crowded": ("其中：人员密集场所", "家"),
    "a_key_enterprises": ("其中：重点监管", "家"),
    "a_key_parts": ("重点部位", "处"),
    "a_major_sources": ("重大危险源", "处"),
    "a_staff_full": ("安监站专职人员", "人"),
    "a_staff_part": ("安监站兼职人员", "人"),
    "a_village_officers": ("村(居)安全信息员", "人"),
    "a_brigades": ("义务消防队", "支"),
    "a_brigade_members": ("义务消防队员", "人"),
}

# The fields of each register that group A reads (besides id and deleted_at).
FIELDS = {
    "village": (),
    "industry": ("high_risk", "crowded"),
    "enterprise": ("status", "industry_id", "is_key"),
    "key_part": ("is_major_source",),
    "staff": ("role", "employment", "active", "appointment_date", "left_date"),
    "brigade": ("founded",),
    "brigade_member": ("brigade_id", "active"),
}
# Registers whose start (建账) matters for the note: the ones group A counts.
COUNTED = {
    "village": "村(社区)",
    "enterprise": "生产经营单位台账",
    "key_part": "重点部位台账",
    "staff": "人员名册",
    "brigade": "义务消防队台账",
    "brigade_member": "义务消防队员名册",
}
SETTING_PREFIX = "report_registers:"
# A purged record was in the recycle bin: deleted, at a time only its own audit row can undo.
_PURGED = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass
class Registers:
    """Group A as of the end of ``as_of``; ``basis`` says how it was obtained (a report note)."""

    as_of: dt.date
    figures: dict[str, int]
    late: list[str] = field(default_factory=list)  # registers started after as_of: "X建立于…"
    saved: dt.date | None = None  # when the figures were kept, for a period already reported
    current: bool = False  # as_of is today: the registers as they are now

    @property
    def basis(self) -> str:
        day = chinese_date(self.as_of)
        if self.current:
            text = f"A 组为截至{day}的在册数"
        elif self.saved:
            text = f"A 组为{day}日终在册数（{chinese_date(self.saved)}首次导出本期报表时计算并保存，再次导出沿用）"
        else:
            text = f"A 组为{day}日终在册数，按台账及其修改记录推算（其后新增、修改、删除的不计）"
        if self.late:
            text += "；" + "、".join(self.late) + "，晚于该日，按建账当日在册数填列"
        return text + "。"


def end_of_day_utc(day: dt.date) -> dt.datetime:
    """The instant local day ``day`` ends (this computer's time zone), in UTC as the stamps are."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone().astimezone(dt.UTC)


def _utc(stamp: dt.datetime) -> dt.datetime:
    """A stored stamp as aware UTC (SQLite keeps UTC without its offset)."""
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def _local_day(stamp: dt.datetime) -> dt.date:
    return _utc(stamp).astimezone().date()


def _decode(key: str, name: str, value: Any) -> Any:
    """A value from the audit trail's JSON back to the type the table gives."""
    if value is None:
        return None
    kind = get_spec(key).column(name).kind if name != "deleted_at" else "datetime"
    if kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if kind == "datetime" and isinstance(value, str):
        return _utc(dt.datetime.fromisoformat(value))
    if kind == "bool":
        return bool(value)
    return value


def state_at(s: Session, key: str, instant: dt.datetime) -> dict[int, dict[str, Any]]:
    """The live records of register ``key`` at ``instant`` (aware UTC), with the fields of ``FIELDS``."""
    return _states_at(s, key, instant, by_station=False).get(None, {})


def _states_at(s: Session, key: str, instant: dt.datetime, *, by_station: bool) -> dict[int | None, dict[int, Any]]:
    """:func:`state_at` of every station the session sees, keyed by station id (``by_station``; the
    county's one pass over a shared database) or of the one it shows, keyed None."""
    names = FIELDS[key]
    t = get_spec(key).table
    sid = (lambda c: c.station_id) if by_station else (lambda c: null())
    out: dict[int | None, dict[int, dict[str, Any]]] = {}
    fields = ("id", "deleted_at", *names)
    for station, *values in s.execute(select(sid(t.c), *(t.c[n] for n in fields))).all():  # tuples, fetched at once
        rec = dict(zip(fields, values, strict=True))
        rec["deleted_at"] = _utc(rec["deleted_at"]) if rec["deleted_at"] else None
        out.setdefault(station, {})[rec["id"]] = rec
    later = s.execute(
        select(sid(AL.c), AL.c.record_id, AL.c.action, AL.c.before)
        .where(AL.c.ledger == key, AL.c.at > instant)
        .order_by(AL.c.at.desc(), AL.c.id.desc())
    )
    for station, rid, action, before in later:
        recs = out.setdefault(station, {})
        old = json.loads(before) if before else {}
        if action == "create":
            recs.pop(rid, None)
        elif action == "purge":
            recs[rid] = {"id": rid, "deleted_at": _PURGED, **{n: _decode(key, n, old.get(n)) for n in names}}
        elif rid in recs:
            for name, value in old.items():
                if name in recs[rid]:
                    recs[rid][name] = _decode(key, name, value)
    return {
        station: {i: r for i, r in recs.items() if r["deleted_at"] is None or r["deleted_at"] > instant}
        for station, recs in out.items()
    }


def _started(s: Session, key: str, *, by_station: bool) -> dict[int | None, dt.datetime]:
    """When the register got its first audited record, per station (none: it has records from
    before auditing, or none at all)."""
    first = select(func.min(AL.c.at)).where(AL.c.ledger == key, AL.c.action == "create")
    if by_station:
        first = first.add_columns(AL.c.station_id).group_by(AL.c.station_id)
    rows = ((r[1] if by_station else None, r[0]) for r in s.execute(first))
    return {station: _utc(first) for station, first in rows if first is not None}


def compute(db: Database, as_of: dt.date, *, current: bool = False) -> Registers:
    """Group A at the end of ``as_of`` from the registers and their audit trail (``current``: as_of
    is today, the registers as they are)."""
    return _compute(db, as_of, [None], current=current)[None]


def _compute(
    db: Database, as_of: dt.date, stations: list[int] | list[None], *, current: bool = False
) -> dict[Any, Registers]:
    """:func:`compute` for each of ``stations`` (ids: every query grouped by station, once for all of
    them; ``[None]``: the one station the database shows)."""
    by_station = stations != [None]
    instant = end_of_day_utc(as_of)
    states: dict[Any, dict[str, dict[int, dict[str, Any]]]] = {sid: {} for sid in stations}
    late: dict[Any, list[str]] = {sid: [] for sid in stations}
    with db.session() as s:
        for key in FIELDS:
            now = _states_at(s, key, instant, by_station=by_station)
            for sid in stations:
                states[sid][key] = now.get(sid, {})
            empty = [sid for sid in stations if not states[sid][key] and key in COUNTED]
            started = _started(s, key, by_station=by_station) if empty else {}
            later: dict[dt.date, dict[Any, dict[int, Any]]] = {}
            for sid in empty:
                first = started.get(sid)
                if first is not None and first > instant:  # started after the day: as it was that first day
                    opened = _local_day(first)
                    if opened not in later:
                        later[opened] = _states_at(s, key, end_of_day_utc(opened), by_station=by_station)
                    state = later[opened].get(sid, {})
                    if state:
                        states[sid][key] = state
                        late[sid].append(f"{COUNTED[key]}建立于{chinese_date(opened)}")
    return {sid: Registers(as_of, _figures(states[sid], as_of), late[sid], current=current) for sid in stations}


def _figures(states: dict[str, dict[int, dict[str, Any]]], day: dt.date) -> dict[str, int]:
    industries = states["industry"]
    enterprises = [e for e in states["enterprise"].values() if e["status"] != "closed"]

    def flag(e: dict[str, Any], name: str) -> bool:
        ind = industries.get(e["industry_id"]) if e["industry_id"] is not None else None
        return bool(ind and ind[name])

    def in_post(p: dict[str, Any]) -> bool:
        if p["appointment_date"] is not None and p["appointment_date"] > day:
            return False
        if p["left_date"] is not None:
            return bool(p["left_date"] > day)
        return bool(p["active"])

    staff = [p for p in states["staff"].values() if in_post(p)]
    brigades = {i: b for i, b in states["brigade"].items() if b["founded"] is None or b["founded"] <= day}
    parts = states["key_part"].values()
    station_staff = [p for p in staff if p["role"] in ("head", "staff")]
    return {
        "a_villages": len(states["village"]),
        "a_enterprises": len(enterprises),
        "a_high_risk": sum(flag(e, "high_risk") for e in enterprises),
        "a_crowded": sum(flag(e, "crowded") for e in enterprises),
        "a_key_enterprises": sum(bool(e["is_key"]) for e in enterprises),
        "a_key_parts": len(parts),
        "a_major_sources": sum(bool(p["is_major_source"]) for p in parts),
        "a_staff_full": sum(p["employment"] == "full" for p in station_staff),
        "a_staff_part": sum(p["employment"] == "part" for p in station_staff),
        "a_village_officers": sum(p["role"] == "village_officer" for p in staff),
        "a_brigades": len(brigades),
        "a_brigade_members": sum(
            bool(m["active"]) and m["brigade_id"] in brigades for m in states["brigade_member"].values()
        ),
    }


def stored(db: Database, as_of: dt.date) -> Registers | None:
    """The figures kept when a report ending on ``as_of`` was first exported, if any."""
    return _stored(db, as_of, by_station=False).get(None)


def _stored(db: Database, as_of: dt.date, *, by_station: bool) -> dict[int | None, Registers]:
    sid = ST.c.station_id if by_station else null()
    with db.session() as s:
        rows = s.execute(select(sid, ST.c.value).where(ST.c.key == SETTING_PREFIX + as_of.isoformat())).all()
    out = {}
    for station, value in rows:
        if not value:
            continue
        data = json.loads(value)
        figures = {k: int(v) for k, v in data["figures"].items() if k in LABELS}
        if set(figures) != set(LABELS):  # kept by a version with other figures: not used
            continue
        out[station] = Registers(as_of, figures, list(data.get("late", [])), dt.date.fromisoformat(data["saved"]))
    return out


def keep(db: Database, as_of: dt.date, *, today: dt.date, operator: str | None = None) -> None:
    """Before a report ending on ``as_of`` is exported: compute and keep its group A figures if the
    period has ended and none are kept yet (the workbook then says from the first export on that
    they are kept, and every later export gives the same). ``operator`` is named in the audit."""
    if as_of < today and not db.read_only and stored(db, as_of) is None:
        save(db, compute(db, as_of), today=today, operator=operator)


def save(db: Database, registers: Registers, *, today: dt.date, operator: str | None = None) -> None:
    """Keep ``registers`` for later exports of a report ending on ``registers.as_of`` (not for a
    period that has not ended: its figures still change). Never replaces figures already kept."""
    if registers.as_of >= today or registers.saved is not None or db.read_only:
        return
    value = json.dumps(
        {"figures": registers.figures, "saved": today.isoformat(), "late": registers.late}, ensure_ascii=False
    )
    key = SETTING_PREFIX + registers.as_of.isoformat()
    with db.session() as s:
        if s.execute(select(ST.c.key).where(ST.c.key == key)).first() is None:
            put_setting(s, key, value, operator=operator)
            s.commit()


def forget(db: Database, as_of: dt.date, *, operator: str | None = None) -> None:
    """Drop the figures kept for ``as_of`` (the next export computes them again)."""
    with db.session() as s:
        put_setting(s, SETTING_PREFIX + as_of.isoformat(), None, operator=operator)
        s.commit()


def registers_at(db: Database, as_of: dt.date, *, today: dt.date) -> Registers:
    """Group A at the end of ``as_of``: as the registers are now when ``as_of`` is today, the
    figures kept when a report ending that day was exported, otherwise computed."""
    return _registers_at(db, as_of, [None], today=today)[None]


def stations_registers_at(db: Database, as_of: dt.date, stations: list[int], *, today: dt.date) -> dict[int, Registers]:
    """:func:`registers_at` of each of ``stations`` of a shared database, seen by the county's login:
    each query once for all of them, grouped by station."""
    return _registers_at(db, as_of, stations, today=today)


def _registers_at(db: Database, as_of: dt.date, stations: list[Any], *, today: dt.date) -> dict[Any, Registers]:
    if as_of >= today:
        return _compute(db, today, stations, current=True)
    kept = _stored(db, as_of, by_station=stations != [None])
    missing = [sid for sid in stations if sid not in kept]
    computed = _compute(db, as_of, missing) if missing else {}
    return {sid: kept[sid] if sid in kept else computed[sid] for sid in stations}
