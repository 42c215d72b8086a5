"""#18: a printed drill record (or inspection record) carries its photos on appendix pages, two or three
a page, numbered and captioned; a removed photo and a PDF scan are not printed; no photos, no appendix.
Checked in the PDF by page count, extracted text and the pictures' places on the page."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image

from safetystation.services.attachments import AttachmentService
from tests.conftest import need_tool
from tests.ui.test_printing import pages_text
from tests.unit.factory import make
from ui.printing import document_to_pdf, photos_per_page
from ui.theme import install_font


@pytest.fixture(autouse=True)
def bundled_font(qapp):
    install_font(qapp)


def _jpeg(w: int, h: int, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (w, h), colour).save(out, "JPEG")
    return out.getvalue()


def image_boxes(path) -> list[tuple[int, int, int]]:
    """(page, width, height) of each picture in the PDF, as poppler's pdfimages lists them."""
    out = subprocess.run([need_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]
    return [(int(r[0]), int(r[3]), int(r[4])) for r in rows if r[2] == "image"]


@pytest.mark.parametrize("n,per_page", [(1, [1]), (3, [3]), (4, [2, 2]), (5, [3, 2]), (6, [3, 3])])
def test_photos_go_two_or_three_a_page(n, per_page):
    size = photos_per_page(n)
    chunks = [min(size, n - i) for i in range(0, n, size)]
    assert chunks == per_page


def test_the_drill_record_prints_its_photos_on_an_appendix(ledger, tmp_path):
    drill = make(ledger, "drill_record")
    photos = AttachmentService(ledger)
    bare = tmp_path / "bare.pdf"
    record_pages = document_to_pdf(ledger, "drill", drill, bare)
    assert not any("附件：现场照片" in p for p in pages_text(bare))
    captions = ["人员疏散", "集合点清点人数", "灭火器实操", "总结讲评", "撤离通道"]
    for i, caption in enumerate(captions):
        portrait = i == 2
        data = _jpeg(900, 1200, (200, 40, 40)) if portrait else _jpeg(1200, 900, (40, 40, 200))
        photos.add("drill_record", drill, name=f"IMG_{i}.jpg", data=data, caption=caption)
    gone = photos.add("drill_record", drill, name="拍错了.jpg", data=_jpeg(800, 600, (0, 0, 0)), caption="拍错了")
    photos.remove(gone.id)
    photos.add("drill_record", drill, name="签到表.pdf", data=b"%PDF-1.4\ntrailer<<>>\n%%EOF\n")
    path = tmp_path / "演练记录.pdf"
    pages = document_to_pdf(ledger, "drill", drill, path)
    assert pages == record_pages + 2  # five photos: three, then two
    text = pages_text(path)
    assert len(text) == pages
    first, second = text[record_pages], text[record_pages + 1]
    assert "生产安全事故应急演练记录附件：现场照片" in first and "附件第1页共2页" in first
    assert [c for c in captions if c in first] == captions[:3] and "图1人员疏散" in first and "图3灭火器实操" in first
    assert [c for c in captions if c in second] == captions[3:] and "图5撤离通道" in second
    assert "拍错了" not in "".join(text)
    boxes = image_boxes(path)
    assert [p for p, _w, _h in boxes] == [record_pages + 1] * 3 + [record_pages + 2] * 2
    assert [w > h for _p, w, h in boxes] == [True, True, False, True, True]  # upright as attached


def test_the_inspection_record_prints_its_photos_too(ledger, tmp_path):
    firm = make(ledger, "enterprise")
    inspection = ledger.create(
        "inspection", {"date": "2026-03-01", "type": "routine", "lead": "周晓燕", "enterprise_id": firm}
    )
    AttachmentService(ledger).add("inspection", inspection, name="现场.jpg", data=_jpeg(1200, 900, (90, 90, 90)))
    path = tmp_path / "检查记录.pdf"
    pages = document_to_pdf(ledger, "inspection", inspection, path)
    assert pages >= 2 and "图1现场" in pages_text(path)[-1]
