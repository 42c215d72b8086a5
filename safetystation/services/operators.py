"""Operators: who is working, chosen at start from the staff roster, with an optional password.

Passwords are stored only as scrypt hashes (``scrypt$n$r$p$salt$hash``, base64), compared in
constant time. Rights: the station head (岗位 = 安监站长) may purge the recycle bin and restore
backups; other operators may not. A roster with no active station head (a new station before its
setup is finished) gives every operator the head's rights, so nobody is locked out of their own data.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

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


# A real scrypt hash of nothing useful: checking against it costs what checking a real one does.
_DUMMY_HASH = "scrypt$16384$8$1$c2FmZXR5c3RhdGlvbi1kdW1teQ==$" + base64.b64encode(bytes(32)).decode()
# Repeated failures slow down: from the 4th failure within the window, each try waits longer.
FAIL_WINDOW = 15 * 60
FAIL_FREE, FAIL_MAX_DELAY = 3, 30.0


def _failures_file(db: Database) -> Path:
    """Failures are kept beside the user's settings (not in the database: a read-only open must be
    able to count them too), per database file."""
    from safetystation.config import config_path

    key = hashlib.sha256(db.location.encode()).hexdigest()[:16]  # the file, or the server's database URL
    return config_path().with_name(f"login-failures-{key}.json")


def _recent_failures(db: Database) -> list[float]:
    try:
        stamps = json.loads(_failures_file(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    now = time.time()
    return [t for t in stamps if isinstance(t, int | float) and now - FAIL_WINDOW < t <= now]


def _throttle(db: Database) -> None:
    extra = len(_recent_failures(db)) - FAIL_FREE
    if extra >= 0:
        time.sleep(min(2.0**extra, FAIL_MAX_DELAY))


def _failed(db: Database) -> None:
    stamps = [*_recent_failures(db), time.time()]
    with contextlib.suppress(OSError):  # counting is a brake, not a record: never a reason to fail
        path = _failures_file(db)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stamps), encoding="utf-8")


def _succeeded(db: Database) -> None:
    with contextlib.suppress(OSError):
        _failures_file(db).unlink(missing_ok=True)


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
        if stored:
            _throttle(self.db)
            if not verify_password(password or "", stored):
                _failed(self.db)
                raise PermissionDenied(f"“{name}”的密码不正确。")
            _succeeded(self.db)
        return Operator(name, staff_id, is_head=role == "head" or not self._has_head())

    def login_by_name(self, name: str, password: str | None = None) -> Operator:
        """The operator named on a command line: checked against the roster and its passwords like
        the window's choice. An unknown name gets the same answer, after the same work, as a wrong
        password, so neither the roster nor who has a password can be learned by guessing."""
        candidates = self.candidates()
        matches = [c for c in candidates if c.name == name.strip()]
        if not matches:
            if not candidates:  # no roster yet: the clerk setting the station up
                return Operator(name.strip(), None, is_head=True)
            _throttle(self.db)
            verify_password(password or "", _DUMMY_HASH)  # the cost of a real check
            _failed(self.db)
            raise PermissionDenied(f"操作员“{name.strip()}”不在人员名册中，或密码不正确。")
        # One without a password is let in whatever is typed: that it succeeded tells all there is to
        # tell, so there is no failure's delay to match (and no scrypt work: 40 ms of a start with
        # --operator, #17).
        try:
            return self.login(matches[0].staff_id, password)
        except PermissionDenied:
            raise PermissionDenied(f"操作员“{name.strip()}”不在人员名册中，或密码不正确。") from None

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
