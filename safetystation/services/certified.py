"""特种作业人员持证上岗 (R12): who works without a valid certificate, whose certificate runs out soon,
and the 持证上岗率 of the year summary (DOMAIN.md §3.9: “各类人员持证上岗率达到100%”, 000/篇二).

A person counts as required to hold a certificate while on the job (在岗); as certified on a day when a
certificate number is recorded and its validity (有效期至) has not passed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from safetystation.domain.enterprise import Enterprise
from safetystation.domain.routine import CertifiedOperator
from safetystation.services.ledger import LedgerService

CO = CertifiedOperator.__table__  # type: ignore[attr-defined]
EN = Enterprise.__table__  # type: ignore[attr-defined]

# A certificate is reminded of this many days before it runs out, and again, more urgently, from the
# second (the 复审 is applied for within 60 days before expiry: 原安监总局令第30号 第二十一条).
REMIND_DAYS = (90, 30)


@dataclass(frozen=True)
class CertifiedRate:
    """The 持证上岗 figures on one day: people on the job in 特种作业 (required), those with a valid
    certificate (certified), with one that has run out (expired) and with none recorded (missing)."""

    required: int
    certified: int
    expired: int
    missing: int

    @property
    def rate(self) -> float | None:
        """持证上岗率 in per cent; None when nobody is required to hold a certificate."""
        return None if self.required == 0 else 100.0 * self.certified / self.required


@dataclass(frozen=True)
class Certificate:
    """A certificate on the job, with who holds it and where (a reminder names both)."""

    id: int
    name: str
    unit: str
    kind: str
    cert_no: str
    expiry: dt.date


class CertifiedService:
    """Reading the certified-operator register; its records are written by LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def rate(self, on: dt.date, *, enterprise_id: int | None = None) -> CertifiedRate:
        """The 持证上岗 figures on ``on`` (of one unit, or of every unit)."""
        stmt = select(CO.c.cert_no, CO.c.expiry).where(CO.c.deleted_at.is_(None), CO.c.active.is_(True))
        if enterprise_id is not None:
            stmt = stmt.where(CO.c.enterprise_id == enterprise_id)
        with self.db.session() as s:
            rows = s.execute(stmt).all()
        missing = sum(1 for no, _ in rows if not no)
        expired = sum(1 for no, expiry in rows if no and expiry is not None and expiry < on)
        certified = len(rows) - missing - expired
        return CertifiedRate(required=len(rows), certified=certified, expired=expired, missing=missing)

    def expiring(self, by: dt.date) -> list[Certificate]:
        """Certificates of people on the job that run out on or before ``by`` (expired ones too),
        soonest first."""
        stmt = (
            select(CO.c.id, CO.c.name, EN.c.name.label("unit"), CO.c.kind, CO.c.cert_no, CO.c.expiry)
            .select_from(CO.outerjoin(EN, EN.c.id == CO.c.enterprise_id))
            .where(
                CO.c.deleted_at.is_(None),
                CO.c.active.is_(True),
                CO.c.cert_no.is_not(None),
                CO.c.expiry.is_not(None),
                CO.c.expiry <= by,
            )
            .order_by(CO.c.expiry, CO.c.id)
        )
        with self.db.session() as s:
            return [
                Certificate(r.id, r.name, r.unit or "单位未填", r.kind, r.cert_no, r.expiry) for r in s.execute(stmt)
            ]
