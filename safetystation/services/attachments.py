"""Photos and scans on any record (#18): attach (downscaled, checked), list with thumbnails, open,
remove to the recycle state and back, export to a file, and the photos a printed document appends.

Every change writes an audit row (ledger ``attachment``, the attachment's id) in the same transaction,
with the record it belongs to; removing keeps the file in the database (``deleted_at``), as every
other record's deletion does. The stored file is read only by :meth:`AttachmentService.data` and
:meth:`AttachmentService.printable`: listing reads the small ``attachment`` rows only.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from safetystation.domain import get_spec
from safetystation.domain.attachments import IMAGE, KINDS, Attachment, AttachmentBlob
from safetystation.errors import NotFound, UserError, os_reason
from safetystation.outputs import write_output_bytes
from safetystation.services.ledger import LedgerService, audit
from safetystation.storage.db import note_written

AT = Attachment.__table__  # type: ignore[attr-defined]
BL = AttachmentBlob.__table__  # type: ignore[attr-defined]
KEY = "attachment"  # the key of its audit rows and change notices
MAX_PER_RECORD = 60  # a drill wants 3–6 photos; sixty is a mistake (a whole folder picked)

# What lists and forms read: everything but the stored file.
_LISTED = [AT.c[n] for n in AT.c.keys()]


@dataclass(frozen=True)
class AttachmentInfo:
    """One attachment as a list shows it (the thumbnail, never the stored file)."""

    id: int
    owner: str
    owner_id: int
    kind: str  # image / pdf
    name: str
    caption: str | None
    size: int
    original_size: int
    width: int | None
    height: int | None
    original_width: int | None
    original_height: int | None
    taken: dt.datetime | None
    added: dt.datetime  # UTC
    added_by: str | None
    thumbnail: bytes
    deleted: bool

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def title(self) -> str:
        """The caption, else the file's name without its extension."""
        return self.caption or Path(self.name).stem

    @property
    def reduced(self) -> bool:
        return self.width is not None and (self.width, self.height) != (self.original_width, self.original_height)

    def describe(self) -> str:
        """One line for a tooltip: name, kind, size, and whether the photo was made smaller."""
        parts = [self.name, self.kind_label, f"{self.size / 1024:.0f} KB"]
        if self.width is not None:
            parts.append(f"{self.width}×{self.height}")
            if self.reduced:
                parts.append(f"原图 {self.original_width}×{self.original_height}，已缩小保存")
        if self.taken is not None:
            parts.append(f"拍摄于 {self.taken:%Y-%m-%d %H:%M}")
        return "，".join(parts)


@dataclass(frozen=True)
class Added:
    """The result of attaching one file: its id and what the clerk should be told about it."""

    id: int
    name: str
    note: str | None  # e.g. that the photo was made smaller


@dataclass(frozen=True)
class Photo:
    """A photo for a printed appendix: its caption and the stored JPEG."""

    id: int
    caption: str
    data: bytes
    width: int
    height: int
    taken: dt.datetime | None


def _info(row: Any) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id,
        owner=row.owner,
        owner_id=row.owner_id,
        kind=row.kind,
        name=row.name,
        caption=row.caption,
        size=row.size,
        original_size=row.original_size,
        width=row.width,
        height=row.height,
        original_width=row.original_width,
        original_height=row.original_height,
        taken=row.taken,
        added=row.created_at,
        added_by=row.created_by,
        thumbnail=row.thumbnail,
        deleted=row.deleted_at is not None,
    )


class AttachmentService:
    """Photos and scans attached to the records of any ledger."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    # --- writing -------------------------------------------------------------------------------
    def attach_file(self, owner: str, owner_id: int, path: Path, *, caption: str | None = None) -> Added:
        """Attach the file at ``path`` (a photo is downscaled, a PDF kept as it is)."""
        from safetystation.images import check_size  # Pillow: loaded when a file is first attached

        path = Path(path)
        try:
            check_size(path.name, path.stat().st_size)  # before reading a huge file into memory
            data = path.read_bytes()
        except OSError as e:
            raise UserError(f"无法读取“{path}”：{os_reason(e)}") from e
        return self.add(owner, owner_id, name=path.name, data=data, caption=caption)

    def add(
        self,
        owner: str,
        owner_id: int,
        *,
        name: str,
        data: bytes,
        caption: str | None = None,
        taken: dt.datetime | None = None,
    ) -> Added:
        """Attach the file ``name`` with content ``data`` to record ``owner_id`` of ledger ``owner``."""
        from safetystation.images import prepare

        spec = get_spec(owner)
        name = (Path(name.replace("\\", "/")).name or "附件")[:200]
        caption = (caption or "").strip()[:200] or None
        prepared = prepare(name, data)  # refuses what is not a readable photo or PDF (before any write)
        digest = hashlib.sha256(prepared.data).hexdigest()
        now = self.ledger.clock()
        row = {
            "owner": owner,
            "owner_id": owner_id,
            "kind": prepared.kind,
            "name": name,
            "caption": caption,
            "sha256": digest,
            "size": len(prepared.data),
            "original_size": len(data),
            "width": prepared.width,
            "height": prepared.height,
            "original_width": prepared.original_width,
            "original_height": prepared.original_height,
            "taken": taken or prepared.taken,
            "created_at": now,
            "updated_at": now,
            "created_by": self.ledger.by,
            "updated_by": self.ledger.by,
        }
        with self.db.session() as s:
            current = self.ledger.get(owner, owner_id, session=s)  # NotFound: no such record
            if current["deleted_at"] is not None:
                raise NotFound(f"{spec.title}中编号为{owner_id}的记录在回收站中，不能添加附件，请先恢复")
            live = s.execute(
                select(func.count()).where(AT.c.owner == owner, AT.c.owner_id == owner_id, AT.c.deleted_at.is_(None))
            ).scalar_one()
            if live >= MAX_PER_RECORD:
                raise UserError(f"这条记录已有 {live} 个附件，达到上限 {MAX_PER_RECORD} 个，没有添加“{name}”。")
            result: Any = s.execute(insert(AT), {**row, "thumbnail": prepared.thumbnail})
            new_id = result.inserted_primary_key[0]
            s.execute(insert(BL), {"attachment_id": new_id, "data": prepared.data})
            self._audit(s, new_id, "create", None, _audited(row))
            s.commit()
        note = None
        if prepared.reduced:
            note = (
                f"照片原为 {prepared.original_width}×{prepared.original_height} 像素，"
                f"已缩小为 {prepared.width}×{prepared.height} 保存（{len(data) / 1024:.0f} KB → "
                f"{len(prepared.data) / 1024:.0f} KB）"
            )
        elif prepared.kind == IMAGE and prepared.converted:
            note = "照片已转存为 JPEG 格式"
        return Added(int(new_id), name, note)

    def set_caption(self, attachment_id: int, caption: str | None) -> None:
        """Change the caption printed under a photo."""
        caption = (caption or "").strip()[:200] or None
        with self.db.session() as s:
            current = self._get(s, attachment_id)
            if current.caption == caption:
                return
            s.execute(
                update(AT)
                .where(AT.c.id == attachment_id)
                .values(caption=caption, updated_at=self.ledger.clock(), updated_by=self.ledger.by)
            )
            self._audit(s, attachment_id, "update", {"caption": current.caption}, {"caption": caption})
            s.commit()

    def remove(self, attachment_id: int) -> None:
        """Take an attachment off its record; it stays in the file (deleted_at) and can be restored."""
        self._set_deleted(attachment_id, self.ledger.clock(), "delete")

    def restore(self, attachment_id: int) -> None:
        """Put a removed attachment back on its record."""
        self._set_deleted(attachment_id, None, "restore")

    def _set_deleted(self, attachment_id: int, when: dt.datetime | None, action: str) -> None:
        with self.db.session() as s:
            current = self._get(s, attachment_id)
            if (current.deleted_at is None) == (when is None):
                return
            s.execute(
                update(AT)
                .where(AT.c.id == attachment_id)
                .values(deleted_at=when, updated_at=self.ledger.clock(), updated_by=self.ledger.by)
            )
            before = {"owner": current.owner, "owner_id": current.owner_id, "name": current.name}
            self._audit(
                s,
                attachment_id,
                action,
                {**before, "deleted_at": current.deleted_at},
                {**before, "deleted_at": when},
            )
            s.commit()

    def _audit(
        self, s: Any, attachment_id: int, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        note_written(s, KEY)
        audit(
            s,
            at=self.ledger.clock(),
            operator=self.ledger.by,
            ledger=KEY,
            record_id=attachment_id,
            action=action,
            before=before,
            after=after,
        )

    # --- reading -------------------------------------------------------------------------------
    def _get(self, s: Any, attachment_id: int) -> Any:
        row = s.execute(select(*_LISTED).where(AT.c.id == attachment_id)).one_or_none()
        if row is None:
            raise NotFound(f"没有编号为{attachment_id}的附件")
        return row

    def get(self, attachment_id: int) -> AttachmentInfo:
        with self.db.session() as s:
            return _info(self._get(s, attachment_id))

    def list(self, owner: str, owner_id: int, *, deleted: bool = False) -> builtins.list[AttachmentInfo]:
        """The record's attachments in the order they were added (``deleted``: the removed ones)."""
        cond = AT.c.deleted_at.is_not(None) if deleted else AT.c.deleted_at.is_(None)
        stmt = select(*_LISTED).where(AT.c.owner == owner, AT.c.owner_id == owner_id, cond).order_by(AT.c.id)
        with self.db.session() as s:
            return [_info(r) for r in s.execute(stmt)]

    def counts(self, owner: str, owner_ids: builtins.list[int]) -> dict[int, int]:
        """How many attachments each of these records has (records without any are left out)."""
        if not owner_ids:
            return {}
        stmt = (
            select(AT.c.owner_id, func.count())
            .where(AT.c.owner == owner, AT.c.owner_id.in_(owner_ids), AT.c.deleted_at.is_(None))
            .group_by(AT.c.owner_id)
        )
        with self.db.session() as s:
            return {int(i): int(n) for i, n in s.execute(stmt)}

    def data(self, attachment_id: int) -> bytes:
        """The stored file (the downscaled JPEG, or the PDF)."""
        with self.db.session() as s:
            self._get(s, attachment_id)
            blob = s.execute(select(BL.c.data).where(BL.c.attachment_id == attachment_id)).scalar_one_or_none()
        if blob is None:
            raise NotFound(f"附件{attachment_id}的文件内容缺失")
        return bytes(blob)

    def export(self, attachment_id: int, path: Path) -> Path:
        """Write the stored file to ``path`` (through the one door for output files)."""
        return write_output_bytes(Path(path), self.data(attachment_id))

    def suggested_name(self, attachment_id: int) -> str:
        """A file name for exporting: the original name, with .jpg when the photo was converted."""
        info = self.get(attachment_id)
        stem = Path(info.name).stem or f"附件{attachment_id}"
        return f"{stem}.pdf" if info.kind != IMAGE else f"{stem}.jpg"

    def printable(self, owner: str, owner_id: int) -> builtins.list[Photo]:
        """The record's photos (not its PDFs) for a printed appendix, with their captions."""
        stmt = (
            select(AT.c.id, AT.c.caption, AT.c.name, AT.c.width, AT.c.height, AT.c.taken, BL.c.data)
            .join(BL, BL.c.attachment_id == AT.c.id)
            .where(AT.c.owner == owner, AT.c.owner_id == owner_id, AT.c.deleted_at.is_(None), AT.c.kind == IMAGE)
            .order_by(AT.c.id)
        )
        with self.db.session() as s:
            return [
                Photo(r.id, r.caption or Path(r.name).stem, bytes(r.data), r.width or 0, r.height or 0, r.taken)
                for r in s.execute(stmt)
            ]


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    keep = ("owner", "owner_id", "kind", "name", "caption", "sha256", "size", "original_size", "width", "height")
    return {k: row[k] for k in keep}
