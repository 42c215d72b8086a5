"""Generic use cases over any ledger: validated create/update, soft delete to the recycle bin,
restore, and paged, filtered, sorted queries done in SQL (the UI never loads a whole ledger).

Every change writes one audit row (who, when, ledger, record, before, after) in the same
transaction as the change itself.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Column, Select, and_, case, delete, false, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import Case
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session

from safetystation.domain import LEDGERS, get_spec
from safetystation.domain.attachments import Attachment, AttachmentBlob
from safetystation.domain.base import COMMON_COLUMNS, utcnow
from safetystation.domain.display import text as display_text
from safetystation.domain.spec import BOOL, CHOICE, DATE, DATETIME, LONGTEXT, REF, TEXT, ColumnSpec, LedgerSpec
from safetystation.domain.system import AuditLog, Setting
from safetystation.domain.values import validate
from safetystation.errors import NotFound, UserError, WorkflowError
from safetystation.pinyin import PinyinKey
from safetystation.storage.db import Database, note_written

if TYPE_CHECKING:
    from safetystation.services.operators import Operator

ACTIONS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除（移入回收站）",
    "restore": "从回收站恢复",
    "purge": "彻底删除",
    "status": "状态变更",
    "password": "修改密码",
}
SECRET_FIELDS = frozenset({"password_hash"})  # written only by the operators service, never shown


SETTINGS = Setting.__table__  # type: ignore[attr-defined]


def _purge_attachments(s: Session, owner: str, owner_id: int, *, operator: str, at: dt.datetime) -> None:
    """A record deleted for good takes its photos and scans with it (removed ones too), each audited
    with what it was; none is left in the file belonging to no record."""
    at_, blob = Attachment.__table__, AttachmentBlob.__table__  # type: ignore[attr-defined]
    kept = ("owner", "owner_id", "kind", "name", "caption", "sha256", "size", "deleted_at")
    rows = s.execute(
        select(at_.c.id, *(at_.c[k] for k in kept)).where(at_.c.owner == owner, at_.c.owner_id == owner_id)
    ).all()
    if not rows:
        return
    ids = [r.id for r in rows]
    s.execute(delete(blob).where(blob.c.attachment_id.in_(ids)))
    s.execute(delete(at_).where(at_.c.id.in_(ids)))
    note_written(s, "attachment")
    for r in rows:
        before = {k: getattr(r, k) for k in kept}
        audit(
            s, at=at, operator=operator, ledger="attachment", record_id=r.id, action="purge", before=before, after=None
        )


def put_setting(
    session: Session, key: str, value: str | None, *, operator: str | None, at: dt.datetime | None = None
) -> bool:
    """Set one station-wide setting (``None`` removes it) in the caller's transaction, with an audit
    row (ledger “setting”, record 0, before and after as {key: value}); whether it changed."""
    old = session.execute(select(SETTINGS.c.value).where(SETTINGS.c.key == key)).scalar()
    if old == value:
        return False
    session.execute(delete(SETTINGS).where(SETTINGS.c.key == key))
    if value is not None:
        session.execute(insert(SETTINGS).values(key=key, value=value))
    note_written(session, "setting")
    audit(
        session,
        at=at,
        operator=operator,
        ledger="setting",
        record_id=0,
        action="set",
        before=None if old is None else {key: old},
        after=None if value is None else {key: value},
    )
    return True


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):  # a NUMERIC column read from PostgreSQL
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _is_date(v: Any) -> bool:
    return type(v) is dt.date


def _is_bool(v: Any) -> bool:
    return type(v) is bool


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _audit_json_sql(spec: LedgerSpec, names: Collection[str]) -> str:
    """An SQLite expression giving, for a row of ``spec``'s table, the JSON that :func:`audit` writes
    for a created record, over the business columns ``names`` (a bulk insert leaves out the columns
    empty in every row: the 修改记录 shows null and absent alike), in table order, BOOL as true/false
    and DATETIME in ISO form (tests/unit/test_ledgers.py compares the two)."""

    def value(c: ColumnSpec) -> str:
        q = _quoted(c.name)
        if c.kind == BOOL:
            return f"CASE WHEN {q} IS NULL THEN NULL WHEN {q} THEN json('true') ELSE json('false') END"
        if c.kind == DATETIME:
            return f"replace(CASE WHEN substr({q}, 20) = '.000000' THEN substr({q}, 1, 19) ELSE {q} END, ' ', 'T')"
        return q

    columns = [spec.by_name[c.name] for c in spec.table.columns if c.name in names and c.name not in COMMON_COLUMNS]
    assert 2 * len(columns) <= 127, "SQLite functions take at most 127 arguments"
    return "json_object(" + ", ".join(f"'{c.name}', {value(c)}" for c in columns) + ")"


def audit(
    session: Session,
    *,
    operator: str | None,
    ledger: str,
    record_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: dt.datetime | None = None,
) -> None:
    """Add one audit-trail row to the caller's transaction (``at``: when; default now)."""

    def dump(d: dict[str, Any] | None) -> str | None:
        return None if d is None else json.dumps({k: _jsonable(v) for k, v in d.items()}, ensure_ascii=False)

    row = {
        "at": at or utcnow(),
        "operator": operator,
        "ledger": ledger,
        "record_id": record_id,
        "action": action,
        "before": dump(before),
        "after": dump(after),
    }
    session.execute(insert(AuditLog.__table__), row)  # type: ignore[attr-defined]  # (parameters: one cached statement)


def integrity_message(spec: LedgerSpec, e: IntegrityError) -> str:
    """A Chinese sentence for a constraint the database refused."""
    diag = getattr(e.orig, "diag", None)
    if diag is not None:  # PostgreSQL (psycopg): the constraint, its columns and values are in the diagnostics
        return _server_integrity_message(spec, getattr(e.orig, "sqlstate", None) or "", diag)
    msg = str(e.orig)
    if "UNIQUE" in msg:
        names = msg.split(":", 1)[-1].strip().split(", ")
        names = [n for n in names if n.split(".")[-1] != "station_id"] or names  # unique within the station
        labels = []
        for n in names:
            col = n.split(".")[-1]
            labels.append(spec.column(col).label if col in spec.names else col)
        return f"{spec.title}中已有相同“{'、'.join(labels)}”的记录"
    if "FOREIGN KEY" in msg:
        return f"{spec.title}：所选的关联记录不存在，或该记录仍被其他台账引用"
    if "NOT NULL" in msg:
        col = msg.rsplit(".", 1)[-1]
        label = spec.column(col).label if col in spec.names else col
        return f"{spec.title}：“{label}”必填"
    return f"{spec.title}：数据库拒绝了这次保存（{msg}）"


class EditConflict(UserError):
    """Another clerk saved the record after this one opened it: nothing was written (#19)."""

    def __init__(self, spec: LedgerSpec, record_id: int, now: dict[str, Any]):
        when = now.get("updated_at")
        shown = when.astimezone().strftime("%H:%M:%S") if isinstance(when, dt.datetime) else "刚才"
        who = now.get("updated_by") or "另一位操作员"
        super().__init__(
            f"{spec.title}中的这条记录（编号 {record_id}）在您打开之后已被“{who}”于 {shown} 修改过。"
            "为免覆盖对方的修改，您这次的修改没有保存：请关闭后重新打开这条记录，核对后再改。"
        )
        self.record_id = record_id


def _server_integrity_message(spec: LedgerSpec, code: str, diag: Any) -> str:
    def label(name: str) -> str:
        return spec.column(name).label if name in spec.names else name

    if code == "23505":  # unique_violation; detail: Key (name, kind)=(甲厂, x) already exists.
        detail = diag.message_detail or ""
        inside = detail[detail.find("(") + 1 : detail.find(")")] if "(" in detail else ""
        names = [n.strip().strip('"') for n in inside.split(",") if n.strip()]
        constraint = diag.constraint_name or ""
        if not names and constraint.startswith(f"uq_{spec.table.name}_"):  # no detail under row-level security
            names = [constraint.removeprefix(f"uq_{spec.table.name}_")]
        names = [n for n in names if n != "station_id"] or names
        return f"{spec.title}中已有相同“{'、'.join(map(label, names))}”的记录"
    if code == "23503":  # foreign_key_violation
        return f"{spec.title}：所选的关联记录不存在，或该记录仍被其他台账引用"
    if code == "23502":  # not_null_violation
        return f"{spec.title}：“{label(diag.column_name or '')}”必填"
    return f"{spec.title}：数据库拒绝了这次保存（{diag.message_primary}）"


def _assign_numbers(s: Session, spec: LedgerSpec, rows: builtins.list[dict[str, Any]]) -> None:
    """Give each row whose number field is blank the next number of its year (spec.numbering)."""
    numbering = spec.numbering
    if numbering is None:
        return
    t, field_, date_field = spec.table, numbering.field, spec.date_field
    assert date_field is not None
    highest: dict[int, int] = {}
    for row in rows:
        if row.get(field_):
            continue
        when = row.get(date_field)
        year = when.year if isinstance(when, dt.date) else dt.date.today().year
        if year not in highest:
            like = f"{numbering.prefix}{year}-%"
            taken = s.execute(select(t.c[field_]).where(t.c[field_].like(like))).scalars().all()  # bin's too
            given = [r.get(field_) or "" for r in rows]  # numbers typed into the same batch
            highest[year] = max((n for v in [*taken, *given] if (n := numbering.sequence(v, year))), default=0)
        highest[year] += 1
        row[field_] = numbering.format(year, highest[year])


@dataclass
class Query:
    """What a ledger page asks for: search text, exact/any-of filters (a key ``"<name"`` means name
    earlier than the value), a date range and an order (column names, ``"-name"`` descending; None:
    the ledger's own order, ``LedgerSpec.order_by``; Chinese text sorts by pinyin)."""

    search: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    order_by: tuple[str, ...] | None = None
    deleted: bool = False  # True: the recycle bin


class LedgerService:
    """Create, change, delete (to the recycle bin), restore and list the records of any ledger."""

    def __init__(self, db: Database, *, operator: Operator | None = None):
        if isinstance(operator, str):  # a bare name would skip the roster, the password and the rights
            raise TypeError("LedgerService needs an Operator from OperatorService, not a name")
        self.db = db
        self.operator = operator
        # The time stamped on records and the audit trail. Only the demo township moves it (to the day
        # each of its records would have been typed, so that "as of a past day" reads it right).
        self.clock: Callable[[], dt.datetime] = utcnow

    @property
    def by(self) -> str | None:
        """The operator's name, as the audit trail and the created_by/updated_by stamps record it."""
        return None if self.operator is None else self.operator.name

    # --- reading -------------------------------------------------------------------------------
    def _select(self, spec: LedgerSpec, q: Query, columns: list[Any] | None = None) -> Select[Any]:
        t = spec.table
        stmt = select(*(columns or [t]))
        conds = [t.c.deleted_at.is_not(None) if q.deleted else Likely(t.c.deleted_at.is_(None))]
        if q.search and q.search.strip():
            like = "%" + q.search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            terms = [t.c[c.name].like(like, escape="\\") for c in spec.search_columns]
            if terms:
                conds.append(or_(*terms))
        for key, value in q.filters.items():
            name = key.removeprefix("<")
            if name not in t.c:
                raise KeyError(f"{spec.key}: no column {name!r}")
            if key.startswith("<"):  # earlier than: overdue deadlines, expiring licences
                conds.append(and_(t.c[name].is_not(None), t.c[name] < value))
            elif isinstance(value, list | tuple | set):
                conds.append(t.c[name].in_(list(value)))
            elif value is None:
                conds.append(t.c[name].is_(None))
            else:
                conds.append(t.c[name] == value)
        if spec.date_field and (q.date_from or q.date_to):
            dcol = t.c[spec.date_field]
            is_dt = spec.column(spec.date_field).kind == DATETIME
            if q.date_from:
                conds.append(dcol >= (dt.datetime.combine(q.date_from, dt.time()) if is_dt else q.date_from))
            if q.date_to:
                end = q.date_to + dt.timedelta(days=1)
                conds.append(dcol < (dt.datetime.combine(end, dt.time()) if is_dt else end))
        return stmt.where(and_(*conds))

    def _sort_keys(self, spec: LedgerSpec, order: tuple[str, ...]) -> builtins.list[SortKey]:
        """What ``order`` (column names, ``-name`` descending) sorts on, term by term (see
        :func:`_sort_terms`): rows equal on the named columns follow the ledger's default order, and
        the id, unique, ends it."""
        named = {k.lstrip("-") for k in order}
        out = []
        for key in (*order, *(k for k in spec.order_by if k.lstrip("-") not in named), "id"):
            desc = key.startswith("-")
            out += [SortKey(term, desc, _may_be_null(term)) for term in _sort_terms(spec, key.lstrip("-"))]
            if key.lstrip("-") == "id":  # a stable order for paging; nothing after it could matter
                break
        return out

    def _order(self, spec: LedgerSpec, order: tuple[str, ...]) -> builtins.list[Any]:
        """ORDER BY terms for ``order`` (see :meth:`_sort_keys`). Empty values come first going up and
        last going down: SQLite's order, PostgreSQL's made the same (a column that cannot be empty
        needs no NULLS clause there, so a plain index on it serves both directions)."""
        return [k.sql(self.db.is_server) for k in self._sort_keys(spec, order)]

    def count(self, key: str, q: Query | None = None) -> int:
        spec = get_spec(key)
        q = q or Query()
        stmt = self._select(spec, q, [func.count()]).select_from(spec.table)
        with self.db.session() as s:
            return int(s.execute(stmt).scalar_one())

    def counts(self, keys: Collection[str]) -> dict[str, int]:
        """The live records of each ledger in ``keys`` (``count(key)`` of each), in one query: the
        window's navigation shows thirty of them at start-up."""
        keys = builtins.list(keys)
        if not keys:
            return {}
        terms = [f"(SELECT count(*) FROM {_quoted(get_spec(k).table.name)} WHERE deleted_at IS NULL)" for k in keys]
        with self.db.session() as s:
            row = s.connection().exec_driver_sql("SELECT " + ", ".join(terms)).one()
        return dict(zip(keys, map(int, row), strict=True))

    def list(
        self, key: str, q: Query | None = None, *, offset: int = 0, limit: int | None = 200
    ) -> builtins.list[dict]:
        """One page of rows (dicts of every column), in ``q.order_by`` or the ledger's order."""
        spec = get_spec(key)
        q = q or Query()
        stmt = self._select(spec, q).order_by(*self._order(spec, q.order_by or spec.order_by))
        stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.db.session() as s:
            return [dict(r) for r in s.execute(stmt).mappings()]

    def page(
        self,
        key: str,
        q: Query | None = None,
        *,
        after: tuple[Any, ...] | None = None,
        backward: bool = False,
        offset: int = 0,
        limit: int = 200,
    ) -> Page:
        """Keyset (seek) paging: ``limit`` rows, in ``q.order_by`` or the ledger's order, that follow
        the row whose sort keys are ``after`` (a :attr:`Page.first`/:attr:`Page.last` of an earlier
        page; None: from the first row), skipping ``offset`` of them first. ``backward``: the rows
        before ``after`` instead (None: from the last row), nearest first when skipping, returned in
        the query's order.

        The database reads only the rows it returns and skips (an index on the order's first column
        serves the seek: a row after ``after`` is found as ``k1 ≥ v1 AND (k1 > v1 OR k1 = v1 AND
        (k2 > v2 OR …))``, directions and empty values as :meth:`_order` sorts them); OFFSET alone
        reads every row before the page."""
        spec = get_spec(key)
        q = q or Query()
        keys = self._sort_keys(spec, q.order_by or spec.order_by)
        if backward:
            keys = [k.reversed() for k in keys]
        labels = [f"__sort{i}" for i in range(len(keys))]
        stmt = self._select(spec, q, [spec.table, *(k.term.label(n) for k, n in zip(keys, labels, strict=True))])
        if after is not None:
            if len(after) != len(keys):
                raise ValueError(f"{spec.key}: an anchor of {len(after)} sort keys for an order of {len(keys)}")
            stmt = stmt.where(_seek(keys, after))
        stmt = stmt.order_by(*(k.sql(self.db.is_server) for k in keys)).offset(offset).limit(limit)
        rows, sort = [], []
        with self.db.session() as s:
            for r in s.execute(stmt).mappings():
                row = dict(r)
                sort.append(tuple(row.pop(n) for n in labels))
                rows.append(row)
        if backward:
            rows.reverse()
            sort.reverse()
        return Page(rows, sort[0] if sort else None, sort[-1] if sort else None)

    def iter_rows(self, key: str, q: Query | None = None, *, batch: int = 2000) -> Iterator[builtins.list[dict]]:
        """Every matching row, in batches, from one streaming query (for exports of any size)."""
        spec = get_spec(key)
        q = q or Query()
        stmt = self._select(spec, q).order_by(*self._order(spec, q.order_by or spec.order_by))
        with self.db.session() as s:
            result = s.execute(stmt.execution_options(yield_per=batch)).mappings()
            try:
                for part in result.partitions(batch):
                    yield [dict(r) for r in part]
            finally:  # an export cancelled half-way: PostgreSQL's server-side cursor is closed, not left to GC
                result.close()

    def get(self, key: str, record_id: int, *, session: Session | None = None) -> dict:
        spec = get_spec(key)
        stmt = select(spec.table).where(spec.table.c.id == record_id)
        if session is not None:
            row = session.execute(stmt).mappings().first()
        else:
            with self.db.session() as s:
                row = s.execute(stmt).mappings().first()
        if row is None:
            raise NotFound(f"{spec.title}中没有编号为{record_id}的记录")
        return dict(row)

    def titles(self, ref_key: str, ids: builtins.list[int]) -> dict[int, str]:
        """Display names for referenced records (their ledger's title field)."""
        spec = get_spec(ref_key)
        if not ids or not spec.title_field:
            return {}
        t = spec.table
        with self.db.session() as s:
            rows = s.execute(select(t.c.id, t.c[spec.title_field]).where(t.c.id.in_(set(ids))))
            return {i: str(v) if v is not None else f"#{i}" for i, v in rows}

    def picker_choices(self, ref_key: str) -> builtins.list[tuple[str, int]]:
        """(label, id) of every live record of a ledger for picking one from another ledger's form,
        in the ledger's own order; the label is the spec's ``picker`` columns (检查记录:
        "2026-11-29 青石砖厂 JC2026-0007"), or the title for a ledger without them."""
        spec = get_spec(ref_key)
        names = spec.picker or ((spec.title_field,) if spec.title_field else ("id",))
        t = spec.table
        titles = {c.name: self._titles(c.ref) for c in spec.columns if c.name in names and c.kind == REF and c.ref}
        stmt = select(t.c.id, *(t.c[n] for n in names)).where(t.c.deleted_at.is_(None))
        stmt = stmt.order_by(*self._order(spec, spec.order_by))
        out = []
        with self.db.session() as s:
            for rid, *values in s.execute(stmt):
                parts = []
                for n, v in zip(names, values, strict=True):
                    if v is None or v == "":
                        continue
                    parts.append(titles[n].get(v, f"#{v}") if n in titles else display_text(spec.column(n), v))
                out.append(("  ".join(parts) or f"#{rid}", int(rid)))
        return out

    def _titles(self, key: str) -> dict[int, str]:
        return {i: name for name, i in self.lookup(key).items()}

    def lookup(self, ref_key: str) -> dict[str, int]:
        """Title → id of every live record of a ledger (for resolving names typed in imports)."""
        spec = get_spec(ref_key)
        assert spec.title_field
        t = spec.table
        with self.db.session() as s:
            rows = s.execute(select(t.c[spec.title_field], t.c.id).where(t.c.deleted_at.is_(None)))
            return {str(name).strip(): i for name, i in rows if name is not None}

    # --- writing -------------------------------------------------------------------------------
    def create(
        self,
        key: str,
        values: dict[str, Any],
        *,
        session: Session | None = None,
        external: bool = False,
        workflow: str | None = None,
    ) -> int:
        """Validate and insert one record; returns its id. ``workflow``: the workflow service calling
        (only it may create records of a ledger it owns and fill the columns it owns)."""
        spec = get_spec(key)
        _refuse_secrets(values)
        _check_workflow(spec, values, workflow, creating=True)
        clean = validate(spec, values, external=external)
        if session is not None:
            return self._insert(session, spec, clean)
        with self.db.session() as s:
            new_id = self._insert(s, spec, clean)
            self._commit(s, spec)
            return new_id

    def _insert(self, s: Session, spec: LedgerSpec, clean: dict[str, Any]) -> int:
        now = self.clock()
        row = spec.model(**clean)  # fills the table's defaults
        data = {k: v for k, v in row.model_dump().items() if k != "id"}
        data.update(created_at=now, updated_at=now, created_by=self.by, updated_by=self.by)
        _assign_numbers(s, spec, [data])
        try:
            with s.begin_nested():
                result: Any = s.execute(insert(spec.table), data)  # parameters, not .values(): one cached statement
                new_id = result.inserted_primary_key[0]
        except IntegrityError as e:
            raise UserError(integrity_message(spec, e)) from e
        note_written(s, spec.key)
        audit(
            s,
            at=now,
            operator=self.by,
            ledger=spec.key,
            record_id=new_id,
            action="create",
            before=None,
            after=_business(data),
        )
        return int(new_id)

    def bulk_insert(
        self, s: Session, key: str, rows: builtins.list[dict[str, Any]], *, workflow: str | None = None
    ) -> builtins.list[int]:
        """Insert already-validated rows with one executemany inside the caller's transaction; returns
        their ids in the order of ``rows``. Writes one audit row per record.

        Ids are assigned here (after the highest existing one) instead of read back with RETURNING,
        which SQLite would execute row by row; if another writer took one of those ids meanwhile, the
        UNIQUE constraint fails and the caller's whole transaction is rolled back.

        The values go to the driver column by column, each converted by its column type's own bind
        processor (so dates and timestamps are stored exactly as an ORM insert stores them), and the
        audit rows are made by SQLite from the rows just inserted (:func:`_audit_json_sql`):
        SQLAlchemy's per-row parameter handling and a ``json.dumps`` per record would otherwise cost
        ten times the insert itself on a 10,000-row import.
        """
        if not rows:
            return []
        spec = get_spec(key)
        if spec.workflow is not None or spec.owned:
            for r in rows:
                _check_workflow(spec, r, workflow, creating=True)
        if spec.numbering is not None:
            rows = [dict(r) for r in rows]  # the caller's rows stay as they were
            _assign_numbers(s, spec, rows)
        t = spec.table
        now = self.clock()
        if s.get_bind().dialect.name != "sqlite":
            return self._bulk_insert_server(s, spec, rows, now)
        first = (s.execute(select(func.max(t.c.id))).scalar() or 0) + 1
        last = first + len(rows) - 1
        conn = s.connection()
        dialect = conn.dialect

        def stored(name: str, values: builtins.list[Any]) -> builtins.list[Any]:
            column = t.c[name]
            python_type = column.type.python_type
            if python_type is dt.date and all(map(_is_date, values)):
                return builtins.list(map(dt.date.isoformat, values))  # what SQLAlchemy's DATE stores, in C
            proc = column.type.dialect_impl(dialect).bind_processor(dialect)
            if proc is not None and python_type is bool and all(map(_is_bool, values)):
                return builtins.list(map({True: proc(True), False: proc(False)}.__getitem__, values))
            return values if proc is None else [None if v is None else proc(v) for v in values]

        # executemany needs the same columns in every row; columns that are empty in every row are left
        # out (the database stores NULL), which halves the work for sparse spreadsheets.
        defaults = spec.defaults
        columns: dict[str, builtins.list[Any]] = {}
        for name in spec.names:
            values = builtins.list(map(dict.get, rows, repeat(name), repeat(defaults.get(name))))
            if values.count(None) < len(values):
                columns[name] = stored(name, values)
        business = builtins.list(columns)
        stamp = stored("created_at", [now])[0]
        columns["created_at"] = columns["updated_at"] = [stamp] * len(rows)
        if self.by is not None:  # (binding None is slow in Python's sqlite3: it looks for an adapter)
            columns["created_by"] = columns["updated_by"] = [self.by] * len(rows)
        columns["id"] = builtins.list(range(first, last + 1))
        names = builtins.list(columns)
        marks = ", ".join("?" * len(names))
        sql = f"INSERT INTO {_quoted(t.name)} ({', '.join(_quoted(n) for n in names)}) VALUES ({marks})"
        try:
            with s.begin_nested():
                conn.exec_driver_sql(sql, builtins.list(zip(*columns.values(), strict=True)))
        except IntegrityError as e:
            raise UserError(integrity_message(spec, e)) from e
        audit_sql = (
            "INSERT INTO audit_log (at, operator, ledger, record_id, action, before, after) "
            f"SELECT ?, ?, ?, id, 'create', NULL, {_audit_json_sql(spec, business)} FROM {_quoted(t.name)} "
            "WHERE id BETWEEN ? AND ? ORDER BY id"
        )
        conn.exec_driver_sql(audit_sql, (stamp, self.by, key, first, last))
        note_written(s, key)
        return builtins.list(range(first, last + 1))

    def _bulk_insert_server(
        self, s: Session, spec: LedgerSpec, rows: builtins.list[dict[str, Any]], now: dt.datetime
    ) -> builtins.list[int]:
        """:meth:`bulk_insert` on PostgreSQL: the ids come from the table's sequence (so a clerk saving
        a record meanwhile never collides with the import), read back with RETURNING in the order of
        ``rows``; the audit rows hold what the table now holds, as the SQLite path's do."""
        t = spec.table
        defaults = spec.defaults
        business = [n for n in spec.names if any(r.get(n, defaults.get(n)) is not None for r in rows)]
        stamp: dict[str, Any] = {"created_at": now, "updated_at": now, "created_by": self.by, "updated_by": self.by}
        params = [{**{n: r.get(n, defaults.get(n)) for n in business}, **stamp} for r in rows]
        try:
            with s.begin_nested():
                result = s.execute(insert(t).returning(t.c.id, sort_by_parameter_order=True), params)
                ids = [int(i) for i in result.scalars()]
        except IntegrityError as e:
            raise UserError(integrity_message(spec, e)) from e
        shown = [t.c[c.name] for c in t.columns if c.name in business and c.name not in COMMON_COLUMNS]
        stored = {r[0]: r[1:] for r in s.execute(select(t.c.id, *shown).where(t.c.id.in_(ids)))}
        names = [c.name for c in shown]
        audits = [
            {
                "at": now,
                "operator": self.by,
                "ledger": spec.key,
                "record_id": i,
                "action": "create",
                "before": None,
                "after": json.dumps(
                    {n: _jsonable(v) for n, v in zip(names, stored[i], strict=True)}, ensure_ascii=False
                ),
            }
            for i in ids
        ]
        s.execute(insert(AuditLog.__table__), audits)  # type: ignore[attr-defined]
        note_written(s, spec.key)
        return ids

    def update(
        self,
        key: str,
        record_id: int,
        values: dict[str, Any],
        *,
        session: Session | None = None,
        external: bool = False,
        workflow: str | None = None,
        action: str = "update",
        seen: dt.datetime | None = None,
    ) -> dict[str, Any]:
        """Validate and apply a change; returns the changed fields as {name: (old, new)}. Columns a
        workflow owns change only when that workflow's service calls (``workflow``); ``action`` is
        what the audit trail calls the change (a workflow step: "status").

        Optimistic concurrency (#19): ``seen`` is the record's ``updated_at`` when the clerk opened it
        (a form passes it); if anyone has saved the record since, :class:`EditConflict` is raised and
        nothing is written — never a silent overwrite of the other clerk's change. Without ``seen`` the
        check still covers the moment between reading the record here and writing it (the UPDATE
        matches the ``updated_at`` it read: another connection's commit in between is a conflict)."""
        spec = get_spec(key)
        _refuse_secrets(values)
        if session is not None:
            return self._update(session, spec, record_id, values, external, workflow, action, seen)
        with self.db.session() as s:
            changed = self._update(s, spec, record_id, values, external, workflow, action, seen)
            self._commit(s, spec)
            return changed

    def _update(
        self,
        s: Session,
        spec: LedgerSpec,
        record_id: int,
        values: dict[str, Any],
        external: bool,
        workflow: str | None = None,
        action: str = "update",
        seen: dt.datetime | None = None,
    ) -> dict[str, Any]:
        current = self.get(spec.key, record_id, session=s)
        if current["deleted_at"] is not None:
            raise NotFound(f"{spec.title}中编号为{record_id}的记录已在回收站，请先恢复")
        if seen is not None and current["updated_at"] != seen:
            raise EditConflict(spec, record_id, current)
        clean = validate(spec, values, existing=_business(current), external=external)
        changed = {k: (current[k], v) for k, v in clean.items() if current[k] != v}
        if not changed:
            return {}
        _check_workflow(spec, {k: new for k, (_, new) in changed.items()}, workflow, creating=False)
        for guard in spec.guards:
            if (reason := guard(s, current, changed)) is not None:
                raise WorkflowError(reason)
        now = self.clock()  # one instant for the row's stamp and its audit entry
        same = [spec.table.c.id == record_id]
        if s.get_bind().dialect.name != "sqlite":
            # Several writers (PostgreSQL, read committed): only the version read above is updated. (SQLite
            # needs no such check: one writer, and a transaction that read an older snapshot cannot write.)
            same.append(spec.table.c.updated_at == current["updated_at"])
        try:
            with s.begin_nested():
                done: Any = s.execute(
                    update(spec.table)
                    .where(*same)
                    .values(**{k: new for k, (_, new) in changed.items()}, updated_at=now, updated_by=self.by)
                )
        except IntegrityError as e:
            raise UserError(integrity_message(spec, e)) from e
        if done.rowcount != 1:  # saved by another connection since it was read above
            raise EditConflict(spec, record_id, self.get(spec.key, record_id, session=s))
        note_written(s, spec.key)
        audit(
            s,
            at=now,
            operator=self.by,
            ledger=spec.key,
            record_id=record_id,
            action=action,
            before={k: old for k, (old, _) in changed.items()},
            after={k: new for k, (_, new) in changed.items()},
        )
        return changed

    def delete(self, key: str, record_id: int) -> None:
        """Move a record to the recycle bin (it stays in the file and can be restored)."""
        self._set_deleted(key, record_id, self.clock(), "delete")

    def restore(self, key: str, record_id: int) -> None:
        """Bring a record back from the recycle bin."""
        self._set_deleted(key, record_id, None, "restore")

    def _set_deleted(self, key: str, record_id: int, when: dt.datetime | None, action: str) -> None:
        spec = get_spec(key)
        if spec.undeletable:
            raise WorkflowError(spec.undeletable)
        with self.db.session() as s:
            current = self.get(key, record_id, session=s)
            if (current["deleted_at"] is None) == (when is None):
                return
            now = self.clock()
            s.execute(
                update(spec.table)
                .where(spec.table.c.id == record_id)
                .values(deleted_at=when, updated_at=now, updated_by=self.by)
            )
            note_written(s, key)
            audit(
                s,
                at=now,
                operator=self.by,
                ledger=key,
                record_id=record_id,
                action=action,
                before={"deleted_at": current["deleted_at"]},
                after={"deleted_at": when},
            )
            self._commit(s, spec)

    def purge(self, key: str, record_id: int, *, by: Operator) -> None:
        """Delete a record from the recycle bin for good (station head only); the audit keeps its values."""
        by.require_head("彻底删除回收站中的记录")
        spec = get_spec(key)
        with self.db.session() as s:
            current = self.get(key, record_id, session=s)
            if current["deleted_at"] is None:
                raise UserError(f"{spec.title}中编号为{record_id}的记录不在回收站，请先删除再彻底删除")
            try:
                with s.begin_nested():
                    s.execute(delete(spec.table).where(spec.table.c.id == record_id))
            except IntegrityError as e:
                raise UserError(
                    f"{spec.title}中编号为{record_id}的记录仍被其他记录引用，不能彻底删除（可留在回收站）"
                ) from e
            note_written(s, key)
            now = self.clock()
            audit(
                s,
                at=now,
                operator=by.name,
                ledger=key,
                record_id=record_id,
                action="purge",
                before=_business(current),
                after=None,
            )
            _purge_attachments(s, key, record_id, operator=by.name, at=now)
            self._commit(s, spec)

    def remove_generated(self, s: Session, key: str, ids: Collection[int], *, workflow: str) -> None:
        """Delete records a workflow generated and no longer wants (a plan's dropped due dates), in the
        caller's transaction; the audit keeps each one's values."""
        spec = get_spec(key)
        if spec.workflow != workflow:
            raise WorkflowError(f"{spec.title}的记录不是由“{workflow}”产生的")
        t = spec.table
        rows = s.execute(select(t).where(t.c.id.in_(builtins.list(ids)))).mappings().all()
        s.execute(delete(t).where(t.c.id.in_(builtins.list(ids))))
        note_written(s, key)
        for row in rows:
            audit(
                s,
                at=self.clock(),
                operator=self.by,
                ledger=key,
                record_id=row["id"],
                action="purge",
                before=_business(dict(row)),
                after=None,
            )

    def recycle_bin(self) -> builtins.list[BinEntry]:
        """Every deleted record of every ledger, newest deletion first."""
        out: builtins.list[BinEntry] = []
        with self.db.session() as s:
            for spec in LEDGERS.values():
                t = spec.table
                title = t.c[spec.title_field] if spec.title_field else t.c.id
                rows = s.execute(
                    select(t.c.id, title, t.c.deleted_at, t.c.updated_by).where(t.c.deleted_at.is_not(None))
                )
                out += [BinEntry(spec.key, spec.title, i, str(n or f"#{i}"), d, b) for i, n, d, b in rows]
        return sorted(out, key=lambda e: e.deleted_at, reverse=True)

    def history(self, key: str, record_id: int) -> builtins.list[HistoryEntry]:
        """The record's 修改记录: every audit row, oldest first, with field labels and shown values."""
        spec = get_spec(key)
        a = AuditLog.__table__  # type: ignore[attr-defined]
        with self.db.session() as s:
            rows = s.execute(
                select(a.c.at, a.c.operator, a.c.action, a.c.before, a.c.after)
                .where(a.c.ledger == key, a.c.record_id == record_id)
                .order_by(a.c.id)
            ).all()
        entries = []
        for at, operator, action, before, after in rows:
            old = json.loads(before) if before else {}
            new = json.loads(after) if after else {}
            changes = []
            for name in [n for n in spec.by_name if n in old or n in new]:
                if name in SECRET_FIELDS and action != "password":
                    continue
                col = spec.by_name[name]
                was, now = self._shown(col, old.get(name)), self._shown(col, new.get(name))
                if was != now:
                    changes.append((col.label, was, now))
            entries.append(HistoryEntry(at, operator or "", ACTIONS.get(action, action), changes))
        return entries

    def _shown(self, col: Any, value: Any) -> str:
        if value is None:
            return ""
        if col.kind == DATE and isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        elif col.kind == DATETIME and isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        titles = self.titles(col.ref, [value]) if col.kind == REF and col.ref and isinstance(value, int) else None
        try:
            return display_text(col, value, titles)
        except (KeyError, ValueError, TypeError):  # a code no longer in the pick-list: show it raw
            return str(value)

    def _commit(self, s: Session, spec: LedgerSpec) -> None:
        try:
            s.commit()
        except IntegrityError as e:
            s.rollback()
            raise UserError(integrity_message(spec, e)) from e


class Likely(FunctionElement[bool]):
    """A condition nearly every row meets: SQLite's ``likely(x)``, plain ``x`` elsewhere. Live rows are
    almost all rows (the recycle bin is small), but without statistics SQLite takes ``deleted_at IS
    NULL`` for a selective index lookup: at 1,000,000 rows it read every row through that index and
    sorted them (~250 ms a page) instead of walking the index of the order (~1 ms). PostgreSQL plans
    from its statistics."""

    type = Boolean()
    name = "likely"
    inherit_cache = True


@compiles(Likely)
def _likely(element: Likely, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)})"


@compiles(Likely, "sqlite")
def _likely_on_sqlite(element: Likely, compiler: Any, **kw: Any) -> str:
    return f"likely({compiler.process(element.clauses, **kw)})"


@dataclass(frozen=True)
class Page:
    """Rows of :meth:`LedgerService.page`, with the sort keys of the first and the last (None when no
    row came): the anchors to read the pages next to it by keyset."""

    rows: builtins.list[dict]
    first: tuple[Any, ...] | None
    last: tuple[Any, ...] | None


@dataclass(frozen=True)
class SortKey:
    """One ORDER BY term: an SQL expression, its direction, whether it can be NULL (empty values come
    first going up, last going down)."""

    term: Any
    desc: bool
    nullable: bool

    def sql(self, server: bool) -> Any:
        if not server or not self.nullable:
            return self.term.desc() if self.desc else self.term.asc()
        return self.term.desc().nulls_last() if self.desc else self.term.asc().nulls_first()

    def reversed(self) -> SortKey:
        """The same term the other way (asc with NULLs first ⇄ desc with NULLs last: the exact reverse)."""
        return SortKey(self.term, not self.desc, self.nullable)

    def past(self, value: Any) -> Any:
        """Rows strictly after ``value`` on this term; None when no row can be."""
        e = self.term
        if not self.desc:  # NULL first
            return e.is_not(None) if value is None else e > self._value(value)
        if value is None:  # NULL last: nothing after it
            return None
        return or_(e < self._value(value), e.is_(None)) if self.nullable else e < self._value(value)

    def at(self, value: Any) -> Any:
        return self.term.is_(None) if value is None else self.term == self._value(value)

    def _value(self, value: Any) -> Any:
        return literal(value, self.term.type)  # (a bare True would make `term > true` an error)

    def bound(self, value: Any) -> Any:
        """A range on the term alone that every row at or after ``value`` is in (None when it would
        not be one range): it lets the database seek an index instead of filtering from the start."""
        e = self.term
        if not self.desc:
            return None if value is None else e >= self._value(value)
        if value is None:
            return e.is_(None)
        return None if self.nullable else e <= self._value(value)


def _seek(keys: builtins.list[SortKey], values: tuple[Any, ...]) -> Any:
    """The rows after ``values`` in the order of ``keys``: an OR-chain (directions may differ, so a
    row-value comparison cannot do), with the first term's range in front of it."""
    branches: builtins.list[Any] = []
    equal: builtins.list[Any] = []
    for key, value in zip(keys, values, strict=True):
        past = key.past(value)
        if past is not None:
            branches.append(and_(*equal, past))
        equal.append(key.at(value))
    chain = or_(*branches) if branches else false()
    first = keys[0].bound(values[0])
    return chain if first is None else and_(first, chain)


def _may_be_null(term: Any) -> bool:
    if isinstance(term, Column):
        return bool(term.nullable)
    if isinstance(term, Case):  # a pick-list's place: codes not in the list (and NULL) take the last
        return False
    if isinstance(term, PinyinKey):
        (arg,) = term.clauses
        return not isinstance(arg, Column) or bool(arg.nullable)
    return True


def _sort_terms(spec: LedgerSpec, name: str) -> builtins.list[Any]:
    """What sorting by column ``name`` sorts on, in SQL: text by pinyin (then the text itself, for
    ties of case or width), a pick-list in the list's own order (not by its codes), a reference by
    the pinyin of the name of the record it points to (then the reference itself, keeping one
    record's rows together), anything else (dates, numbers, yes/no) by its value."""
    column = spec.table.c[name]
    c = spec.by_name.get(name)
    if c is None:  # id and the bookkeeping columns
        return [column]
    if c.kind in (TEXT, LONGTEXT):
        return [PinyinKey(column), column]
    if c.kind == CHOICE and c.choices is not None:
        codes = c.choices.codes
        return [case({code: i for i, code in enumerate(codes)}, value=column, else_=len(codes)), column]
    if c.kind == REF and c.ref:
        ref = get_spec(c.ref)
        if ref.title_field and ref.column(ref.title_field).kind in (TEXT, LONGTEXT):
            rt = ref.table
            title = select(rt.c[ref.title_field]).where(rt.c.id == column).scalar_subquery()
            return [PinyinKey(title), column]
    return [column]


@dataclass(frozen=True)
class BinEntry:
    ledger: str
    ledger_title: str
    record_id: int
    title: str
    deleted_at: dt.datetime
    deleted_by: str | None


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime  # UTC
    operator: str
    action: str  # Chinese label
    changes: builtins.list[tuple[str, str, str]]  # (field label, before, after) as shown


def _check_workflow(spec: LedgerSpec, values: dict[str, Any], workflow: str | None, *, creating: bool) -> None:
    """Refuse a write that belongs to a workflow when it does not come from that workflow's service:
    a new record of a ledger the workflow owns, or a value for a column it owns (a new record may
    carry the column's default: that is what the workflow starts from)."""
    if creating and spec.workflow is not None and workflow != spec.workflow:
        raise WorkflowError(f"{spec.title}的记录只能通过“{spec.workflow}”产生，不能直接新增或导入。")
    for name, value in values.items():
        owner = spec.owned.get(name)
        if owner is None or owner == workflow or (creating and value == spec.defaults.get(name)):
            continue
        raise WorkflowError(f"{spec.title}的“{spec.column(name).label}”只能由“{owner}”填写，不能直接修改。")


def _refuse_secrets(values: dict[str, Any]) -> None:
    if any(values.get(k) is not None for k in SECRET_FIELDS):
        raise UserError("密码只能在“操作员”设置中修改")


def _business(row: dict[str, Any]) -> dict[str, Any]:
    """A row without the bookkeeping columns."""
    return {k: v for k, v in row.items() if k not in COMMON_COLUMNS}
