"""What a new station database starts with: the industry list and the shipped inspection checklists.

Both are ordinary ledger rows the station may edit or delete; they are installed once, when the
database file is created, and never re-added afterwards.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from safetystation.domain import get_spec
from safetystation.domain.base import stamps
from safetystation.storage.db import Database

# (name, high-risk, crowded place) — the 统计表 rows in this order (FORMS.md §1: “use the station's own
# industry list”); DOMAIN.md §2 R05 gives the taxonomy.
INDUSTRIES: list[tuple[str, bool, bool]] = [
    ("危险化学品", True, False),
    ("加油站", True, False),
    ("液化气供应点", True, False),
    ("烟花爆竹", True, False),
    ("非煤矿山", True, False),
    ("建筑施工", True, False),
    ("交通运输", True, False),
    ("工贸企业", False, False),
    ("人员密集场所", False, True),
    ("学校", False, True),
    ("医疗机构", False, True),
    ("小作坊", False, False),
    ("农家乐", False, True),
    ("农业机械", False, False),
    ("其他企业和单位", False, False),
]

CHECKLISTS: list[dict[str, str]] = [
    {
        "name": "消防安全“六个必查”",
        "applies_to": "人员密集场所、企业",
        "source": "002/篇四d",
        "items": "\n".join(
            [
                "是否经过消防验收",
                "安全出口是否畅通",
                "建筑消防设施是否正常运行",
                "建筑内部装饰是否符合消防安全要求",
                "消防安全组织制度是否健全、员工是否受到消防安全教育培训",
                "是否制定灭火应急疏散预案和演练",
            ]
        ),
    },
    {
        "name": "学校安全检查表",
        "applies_to": "学校、幼儿园",
        "source": "000/篇六",
        "items": "\n".join(
            ["消防设施", "用电线路", "围墙", "厕所", "房屋", "用水", "化学实验室", "食堂采购索证", "食品留样"]
        ),
    },
]


def install_defaults(db: Database) -> None:
    """Add the default industries and checklists that are missing (by name)."""
    ind, chk = get_spec("industry").table, get_spec("checklist_template").table
    with db.session() as s:
        have_ind = set(s.execute(select(ind.c.name)).scalars())
        have_chk = set(s.execute(select(chk.c.name)).scalars())
        rows = [
            {"name": n, "sort_order": i, "high_risk": hr, "crowded": cr, **stamps(None)}
            for i, (n, hr, cr) in enumerate(INDUSTRIES, 1)
            if n not in have_ind
        ]
        if rows:
            s.execute(insert(ind), rows)
        rows = [{**c, **stamps(None)} for c in CHECKLISTS if c["name"] not in have_chk]
        if rows:
            s.execute(insert(chk), rows)
        s.commit()
