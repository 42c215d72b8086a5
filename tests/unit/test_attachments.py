"""Photos and scans on records (#18): stored downscaled and upright, refused with a Chinese sentence
when broken or too large, listed without reading the stored files, removed and restored with an audit
row, exported, and never read by the monthly report."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from PIL import Image
from sqlalchemy import event, select

from safetystation.domain.system import AuditLog
from safetystation.errors import NotFound, UserError
from safetystation.images import LONG_SIDE, MAX_FILE_BYTES, THUMB_SIDE
from safetystation.reports.monthly import monthly_report
from safetystation.services.attachments import AttachmentService
from tests.unit.factory import make

A = AuditLog.__table__  # type: ignore[attr-defined]


def jpeg(w: int, h: int, *, orientation: int | None = None, taken: str | None = None, quality: int = 90) -> bytes:
    """A photo whose top half is red and bottom half blue (so a rotation shows), with EXIF tags."""
    im = Image.new("RGB", (w, h), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, w, h // 2))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def png(w: int, h: int, mode: str = "RGBA") -> bytes:
    im = Image.new(mode, (w, h), (0, 128, 0, 0) if mode == "RGBA" else 0)
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def photos(ledger):
    return AttachmentService(ledger)


@pytest.fixture
def drill(ledger):
    return make(ledger, "drill_record")


def stored_image(photos, attachment_id):
    return Image.open(io.BytesIO(photos.data(attachment_id)))


def test_a_large_photo_is_stored_smaller_upright_with_its_date(photos, drill):
    data = jpeg(4000, 3000, orientation=6, taken="2026:05:12 09:31:07")  # camera held upright: turn 90°
    added = photos.add("drill_record", drill, name="IMG_0001.JPG", data=data)
    [info] = photos.list("drill_record", drill)
    im = stored_image(photos, added.id)
    assert im.format == "JPEG" and max(im.size) == LONG_SIDE
    assert im.size == (1500, 2000) == (info.width, info.height)  # portrait after applying the orientation
    assert (info.original_width, info.original_height) == (3000, 4000)
    # Orientation 6 means "rotate 90° clockwise to show": the red top goes to the right side.
    rgb = im.convert("RGB")
    right, left = rgb.getpixel((im.width - 10, im.height // 2)), rgb.getpixel((10, im.height // 2))
    assert right[0] > 200 and right[2] < 60 and left[2] > 200 and left[0] < 60
    assert im.getexif().get(0x0112, 1) not in (5, 6, 7, 8)  # never turned twice by a viewer
    assert info.taken == dt.datetime(2026, 5, 12, 9, 31, 7)
    assert "3000×4000" in (added.note or "") and "1500×2000" in (added.note or "")
    thumb = Image.open(io.BytesIO(info.thumbnail))
    assert max(thumb.size) <= THUMB_SIDE and thumb.size[0] < thumb.size[1]
    assert info.size == len(photos.data(added.id)) < len(data)


def test_the_checksum_is_of_the_stored_bytes(photos, drill, db):
    added = photos.add("drill_record", drill, name="a.jpg", data=jpeg(800, 600))
    from safetystation.domain.attachments import Attachment

    with db.session() as s:
        digest = s.execute(select(Attachment.__table__.c.sha256)).scalar_one()  # type: ignore[attr-defined]
    assert digest == hashlib.sha256(photos.data(added.id)).hexdigest()


def test_a_small_photo_keeps_its_size_and_a_transparent_png_becomes_a_white_jpeg(photos, drill):
    small = photos.add("drill_record", drill, name="小图.jpg", data=jpeg(640, 480))
    assert small.note is None and stored_image(photos, small.id).size == (640, 480)
    clear = photos.add("drill_record", drill, name="签到表.png", data=png(300, 200))
    im = stored_image(photos, clear.id)
    assert im.format == "JPEG" and im.mode == "RGB"
    assert min(im.convert("RGB").getpixel((150, 100))) > 240  # transparent → white, not black
    assert clear.note == "照片已转存为 JPEG 格式"


def test_a_pdf_is_kept_as_it_is_and_has_a_thumbnail(photos, drill):
    added = photos.add("drill_record", drill, name="签字协议.pdf", data=PDF)
    assert photos.data(added.id) == PDF
    [info] = photos.list("drill_record", drill)
    assert info.kind == "pdf" and info.width is None
    assert Image.open(io.BytesIO(info.thumbnail)).format == "JPEG"
    assert photos.printable("drill_record", drill) == []  # a scan is not printed as a photo


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("协议.pdf", b"PK\x03\x04 this is a zip renamed", "不是有效的 PDF 文件"),
        ("协议.pdf", PDF[:60], "不完整"),
        ("照片.jpg", jpeg(1200, 900)[:5000], "已损坏或不完整"),
        ("照片.jpg", b"\xff\xd8\xff\xe0 not really a jpeg" * 10, "已损坏或不完整"),
        ("照片.jpg", b"GIF89a garbage after the magic", "已损坏或不完整|不是能识别"),
        ("记录.docx", b"PK\x03\x04" + b"\x00" * 200, "不是能识别的照片格式"),
        ("IMG_1234.HEIC", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, "HEIC"),
        ("空.jpg", b"", "空文件"),
    ],
)
def test_a_broken_or_foreign_file_is_refused_and_nothing_is_stored(photos, drill, db, name, data, message):
    with pytest.raises(UserError, match=message) as e:
        photos.add("drill_record", drill, name=name, data=data)
    assert f"“{name}”" in str(e.value) and "没有添加" in str(e.value)
    assert photos.list("drill_record", drill) == []
    with db.session() as s:
        assert s.execute(select(A.c.id).where(A.c.ledger == "attachment")).first() is None


def test_a_file_over_the_limit_is_refused_before_it_is_read(photos, drill, tmp_path, monkeypatch):
    big = tmp_path / "巨大.jpg"
    with big.open("wb") as f:  # sparse: the size is there, the bytes are not
        f.truncate(MAX_FILE_BYTES + 1)

    def never(*_a, **_k):
        raise AssertionError("the file was read")

    monkeypatch.setattr(type(big), "read_bytes", never)
    with pytest.raises(UserError, match=r"超过附件上限 40.0 MB"):
        photos.attach_file("drill_record", drill, big)


def test_attach_file_reads_the_name_and_the_caption_prints(photos, drill, tmp_path):
    path = tmp_path / "演练现场.jpg"
    path.write_bytes(jpeg(900, 600))
    added = photos.attach_file("drill_record", drill, path, caption=" 疏散集合 ")
    [info] = photos.list("drill_record", drill)
    assert (info.name, info.caption, info.title) == ("演练现场.jpg", "疏散集合", "疏散集合")
    photos.set_caption(added.id, "")
    assert photos.get(added.id).title == "演练现场"  # no caption: the file's name
    [photo] = photos.printable("drill_record", drill)
    assert photo.caption == "演练现场" and photo.data == photos.data(added.id)


def test_only_a_live_record_takes_attachments(photos, ledger, drill):
    with pytest.raises(NotFound):
        photos.add("drill_record", 999_999, name="a.jpg", data=jpeg(100, 100))
    ledger.delete("drill_record", drill)
    with pytest.raises(NotFound, match="回收站"):
        photos.add("drill_record", drill, name="a.jpg", data=jpeg(100, 100))
    with pytest.raises(KeyError):
        photos.add("no_such_ledger", 1, name="a.jpg", data=jpeg(100, 100))


def test_remove_and_restore_are_audited_and_keep_the_file(photos, drill, db):
    added = photos.add("drill_record", drill, name="a.jpg", data=jpeg(300, 200))
    other = photos.add("drill_record", drill, name="b.jpg", data=jpeg(300, 200))
    photos.remove(added.id)
    assert [i.id for i in photos.list("drill_record", drill)] == [other.id]
    assert [i.id for i in photos.list("drill_record", drill, deleted=True)] == [added.id]
    assert photos.data(added.id)  # still in the file
    assert photos.counts("drill_record", [drill, drill + 1]) == {drill: 1}
    photos.restore(added.id)
    assert [i.id for i in photos.list("drill_record", drill)] == [added.id, other.id]
    with db.session() as s:
        rows = s.execute(
            select(A.c.action, A.c.operator, A.c.after).where(A.c.ledger == "attachment", A.c.record_id == added.id)
        ).all()
    assert [r.action for r in rows] == ["create", "delete", "restore"]
    assert {r.operator for r in rows} == {"测试员"}
    created = json.loads(rows[0].after)
    assert created["owner"] == "drill_record" and created["owner_id"] == drill and created["name"] == "a.jpg"


def test_export_writes_the_stored_file_and_never_over_the_database(photos, drill, tmp_path, db):
    added = photos.add("drill_record", drill, name="IMG_9.png", data=png(50, 40, "L"))
    assert photos.suggested_name(added.id) == "IMG_9.jpg"
    out = photos.export(added.id, tmp_path / "out" / "照片.jpg")
    assert out.read_bytes() == photos.data(added.id)
    with pytest.raises(UserError, match="台账数据库"):
        photos.export(added.id, db.path)


def test_listing_never_reads_the_stored_files(photos, drill, db):
    for i in range(3):
        photos.add("drill_record", drill, name=f"{i}.jpg", data=jpeg(600, 400))
    seen: list[str] = []

    def trace(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", trace)
    try:
        assert len(photos.list("drill_record", drill)) == 3
        photos.counts("drill_record", [drill])
    finally:
        event.remove(db.engine, "before_cursor_execute", trace)
    assert seen and not any("attachment_blob" in s for s in seen)


def test_the_monthly_report_reads_no_attachment(photos, drill, db):
    photos.add("drill_record", drill, name="a.jpg", data=jpeg(600, 400))
    seen: list[str] = []

    def trace(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", trace)
    try:
        monthly_report(db, 2026, 3)
    finally:
        event.remove(db.engine, "before_cursor_execute", trace)
    assert len(seen) > 3 and not any("attachment" in s for s in seen)


def test_a_record_deleted_for_good_takes_its_attachments_with_it(photos, ledger, drill, db):
    """Purging a record from the recycle bin purges its photos (removed ones too) with audit rows; the
    photos of other records stay."""
    from safetystation.domain.attachments import Attachment, AttachmentBlob
    from safetystation.services.operators import Operator

    kept_drill = make(ledger, "drill_record")
    gone = [photos.add("drill_record", drill, name=f"{n}.jpg", data=jpeg(300, 200)).id for n in "ab"]
    photos.remove(gone[1])
    kept = photos.add("drill_record", kept_drill, name="c.jpg", data=jpeg(300, 200)).id
    ledger.delete("drill_record", drill)
    assert len(photos.list("drill_record", drill)) == 1  # only in the recycle bin: the photos stay
    ledger.purge("drill_record", drill, by=Operator("陈国强", is_head=True))
    at, blob = Attachment.__table__, AttachmentBlob.__table__  # type: ignore[attr-defined]
    with db.session() as s:
        assert s.execute(select(at.c.id)).scalars().all() == [kept]
        assert s.execute(select(blob.c.attachment_id)).scalars().all() == [kept]
        rows = s.execute(
            select(A.c.record_id, A.c.operator, A.c.before).where(A.c.ledger == "attachment", A.c.action == "purge")
        ).all()
    assert sorted(r.record_id for r in rows) == gone and {r.operator for r in rows} == {"陈国强"}
    assert {json.loads(r.before)["name"] for r in rows} == {"a.jpg", "b.jpg"}
    assert photos.data(kept)
