"""Photos and scans on records (#18): an image or PDF attached to any ledger's record.

Kept inside the station's one SQLite file (DESIGN.md §3 "Attachments"), in two tables: ``attachment``
holds what lists and forms show (owner, name, size, checksum, a small thumbnail), ``attachment_blob``
the file itself, read only when a photo is opened, printed or exported. No statistic reads either.
"""

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Index, Integer, LargeBinary
from sqlmodel import Field, SQLModel

from safetystation.domain.base import FILLED_BY_DATABASE, LedgerBase

IMAGE, PDF = "image", "pdf"
KINDS = {IMAGE: "照片", PDF: "扫描件（PDF）"}


class Attachment(LedgerBase, table=True):
    """One photo or scan on a record of ledger ``owner``; ``deleted_at`` set: removed (restorable)."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_owner", "owner", "owner_id"),)
    owner: str = Field(max_length=40)  # the ledger key (drill_record, hazard, meeting…)
    owner_id: int
    kind: str = Field(max_length=8)  # image / pdf
    name: str = Field(max_length=200)  # the file's original name, as the clerk picked it
    caption: str | None = Field(default=None, max_length=200)  # printed under the photo
    sha256: str = Field(max_length=64, index=True)  # of the stored bytes
    size: int  # stored bytes
    original_size: int  # bytes of the file as picked (before downscaling)
    width: int | None = None  # pixels of the stored image (None: a PDF)
    height: int | None = None
    original_width: int | None = None
    original_height: int | None = None
    taken: NaiveDatetime | None = None  # when the photo was taken (EXIF), local time
    thumbnail: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # JPEG, long side ≤ THUMB_SIDE


class AttachmentBlob(SQLModel, table=True):
    """The stored bytes of an attachment: the downscaled JPEG, or the PDF as it was."""

    __tablename__ = "attachment_blob"
    attachment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True)
    )
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # as LedgerBase.station_id
    station_id: int = Field(default=None, index=True, exclude=True, sa_column_kwargs=FILLED_BY_DATABASE)
