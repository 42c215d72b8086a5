"""#18: the demo township has photos where a clerk would take them — held drills (3–4 each, captioned,
upright JPEGs within the stored size), closed hazards before and after, a meeting's sign-in sheet — all
on live records and each audited."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import func, select

from safetystation.domain.system import AuditLog
from safetystation.images import LONG_SIDE
from safetystation.services.attachments import AttachmentService
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator

A = AuditLog.__table__  # type: ignore[attr-defined]


def test_the_demo_has_photos_on_drills_hazards_and_a_meeting(demo_db):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    photos = AttachmentService(ledger)
    drills = [r["id"] for r in ledger.list("drill_record", limit=None)]
    counts = photos.counts("drill_record", drills)
    assert len(counts) >= 3 and all(3 <= n <= 6 for n in counts.values())
    hazards = photos.counts("hazard", [r["id"] for r in ledger.list("hazard", limit=None)])
    assert hazards and set(hazards.values()) == {2}
    for hid in hazards:
        assert ledger.get("hazard", hid)["status"] == "closed"
        before, after = photos.list("hazard", hid)
        assert before.caption.startswith("整改前") and after.caption.startswith("整改后")
        assert before.taken < after.taken
    meetings = photos.counts("meeting", [r["id"] for r in ledger.list("meeting", limit=None)])
    assert list(meetings.values()) == [1]
    some = photos.list("drill_record", next(iter(counts)))
    im = Image.open(io.BytesIO(photos.data(some[0].id)))
    assert im.format == "JPEG" and max(im.size) <= LONG_SIDE and some[0].caption
    total = sum(counts.values()) + sum(hazards.values()) + 1
    with demo_db.session() as s:
        audited = s.execute(select(func.count()).where(A.c.ledger == "attachment", A.c.action == "create")).scalar_one()
    assert audited == total
