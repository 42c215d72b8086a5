"""Operators: who is working, chosen at start from the staff roster, with an optional password.

Passwords are stored only as scrypt hashes (``scrypt$n$r$p$salt$hash``, base64), compared in
constant time. Rights: the station head (岗位 = 安监站长) may purge the recycle bin and restore
backups; other operators may not. A roster with no active station head (a new station before its
setup is finished) gives every operator the head's rights, so nobody is locked out of their own data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from sqlalchemy import select, update

from safetystation.domain import get_spec
from safetystation.domain.base import utcnow
from safetystation.errors import UserError
from safetystation.services.ledger import audit
from safetystation.storage.db import Database

# scrypt cost: n=2**14, r=8 (16 MiB, ~50 ms on a township PC) — OWASP's minimum recommendation.
_N, _R, _P = 2**14, 8, 1
OPERATOR_ROLES = ("head", "staff", "leader")


class PermissionDenied(UserError):
    """The operator lacks the right for this action."""


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(want)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


@dataclass(frozen=True)
class Operator:
    """The person at the keyboard; ``name`` is what the audit trail records."""

    name: str
    staff_id: int | None = None
    is_head: bool = False

    def require_head(self, action: str) -> None:
        if not self.is_head:
            raise PermissionDenied(f"只有安监站长可以{action}（当前操作员：{self.name}）。")


@dataclass(frozen=True)
class Candidate:
    staff_id: int
    name: str
    role: str
    has_password: bool


class OperatorService:
    def __init__(self, db: Database):
        self.db = db
        self.table = get_spec("staff").table

    def candidates(self) -> list[Candidate]:
        """Active station staff who can be chosen as the operator, head first."""
        t = self.table
        stmt = (
            select(t.c.id, t.c.name, t.c.role, t.c.password_hash)
            .where(t.c.deleted_at.is_(None), t.c.active.is_(True), t.c.role.in_(OPERATOR_ROLES))
            .order_by(t.c.role != "head", t.c.id)
        )
        with self.db.session() as s:
            return [Candidate(i, n, r, bool(h)) for i, n, r, h in s.execute(stmt)]

    def _has_head(self) -> bool:
        return any(c.role == "head" for c in self.candidates())

    def login(self, staff_id: int, password: str | None = None) -> Operator:
        """The operator for this staff member; a set password must match."""
        t = self.table
        with self.db.session() as s:
            row = s.execute(
                select(t.c.name, t.c.role, t.c.password_hash).where(
                    t.c.id == staff_id, t.c.deleted_at.is_(None), t.c.active.is_(True)
                )
            ).first()
        if row is None:
            raise UserError("该人员不在岗或不存在，不能作为操作员。")
        name, role, stored = row
        if stored and not verify_password(password or "", stored):
            raise PermissionDenied(f"“{name}”的密码不正确。")
        return Operator(name, staff_id, is_head=role == "head" or not self._has_head())

    def login_by_name(self, name: str, password: str | None = None) -> Operator:
        matches = [c for c in self.candidates() if c.name == name.strip()]
        if not matches:
            if not self.candidates():  # no roster yet: the clerk setting the station up
                return Operator(name.strip(), None, is_head=True)
            names = "、".join(c.name for c in self.candidates())
            raise UserError(f"操作员“{name}”不在人员名册中（可选：{names}）。")
        return self.login(matches[0].staff_id, password)

    def anonymous(self) -> Operator:
        """The operator when the roster is empty (first start): full rights until staff exist."""
        return Operator("（未指定）", None, is_head=not self._has_head())

    def set_password(self, staff_id: int, new: str | None, *, by: Operator) -> None:
        """Set (or with ``None``/empty clear) a password: one's own, or anyone's by the station head."""
        if by.staff_id != staff_id:
            by.require_head("修改他人的密码")
        if new is not None and new != "" and len(new) < 4:
            raise UserError("密码至少4位。")
        t = self.table
        with self.db.session() as s:
            found = s.execute(select(t.c.id).where(t.c.id == staff_id)).first()
            if found is None:
                raise UserError("没有这个人员。")
            s.execute(
                update(t)
                .where(t.c.id == staff_id)
                .values(password_hash=hash_password(new) if new else None, updated_at=utcnow(), updated_by=by.name)
            )
            audit(
                s,
                operator=by.name,
                ledger="staff",
                record_id=staff_id,
                action="password",
                before=None,
                after={"password_hash": "（已设置）" if new else "（已清除）"},
            )
            s.commit()
