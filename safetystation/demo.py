"""A deterministic demo township: 青石镇 with 18 villages, ~150 enterprises and years of records.

Values and seasons follow DOMAIN.md §7: inspections peak before 春节, 五一 and 国庆; publicity in
June (安全生产月) and November (119); drills in June and Oct–Dec; agreements are signed in January;
accidents are mostly road traffic. The same ``seed``, ``years``, ``density`` and ``until`` always give
the same database. Rows are written with bulk SQL inserts in one transaction, and follow the same
rules the services enforce (hazard states and events, drill grades from scores, occurrences from
plans), so that statistics over the demo are meaningful.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import func, insert, select

from safetystation.dates import add_months
from safetystation.defaults import CHECKLISTS, INDUSTRIES, install_defaults
from safetystation.domain import choices as C
from safetystation.domain import get_spec
from safetystation.domain.drill import drill_grade_for
from safetystation.domain.records import accident_grade_for
from safetystation.domain.station import issuing_body, notice_short_name
from safetystation.domain.validators import credit_code_check_char, format_notice_number
from safetystation.errors import UserError
from safetystation.services.drills import occurrence_dates
from safetystation.storage.db import Database

SPRING_FESTIVAL = {
    2015: (2, 19),
    2016: (2, 8),
    2017: (1, 28),
    2018: (2, 16),
    2019: (2, 5),
    2020: (1, 25),
    2021: (2, 12),
    2022: (2, 1),
    2023: (1, 22),
    2024: (2, 10),
    2025: (1, 29),
    2026: (2, 17),
    2027: (2, 6),
    2028: (1, 26),
    2029: (2, 13),
    2030: (2, 3),
    2031: (1, 23),
    2032: (2, 11),
    2033: (1, 31),
    2034: (2, 19),
    2035: (2, 8),
}

VILLAGES = [
    "河口村",
    "新街社区",
    "龙潭村",
    "西岭村",
    "北坪村",
    "庙前村",
    "南湾村",
    "石门村",
    "桃园村",
    "杨柳村",
    "东山村",
    "高桥村",
    "马场村",
    "琅裕村",
    "柏树村",
    "青龙村",
    "白岩村",
    "清水社区",
]

# Enterprise name stems per industry of the default list (safetystation/defaults.py), and how common each is.
STEMS: dict[str, list[str]] = {
    "危险化学品": ["化工有限公司", "危化品仓库"],
    "加油站": ["加油站"],
    "液化气供应点": ["液化气站", "液化气供应点"],
    "烟花爆竹": ["烟花爆竹零售点"],
    "非煤矿山": ["石料场", "砂石场"],
    "建筑施工": ["建筑工程有限公司", "建材有限公司"],
    "交通运输": ["客运站", "货运有限公司"],
    "工贸企业": ["机械加工厂", "竹木制品厂", "纸制品有限公司", "家具厂"],
    "人员密集场所": ["超市", "农贸市场", "宾馆", "网吧"],
    "学校": ["小学", "幼儿园", "中学"],
    "医疗机构": ["卫生院", "诊所"],
    "小作坊": ["食品加工坊", "豆腐坊"],
    "农家乐": ["农家乐"],
    "农业机械": ["农机合作社"],
    "其他企业和单位": ["养殖场", "物流仓库"],
}
IND_WEIGHTS = [5, 4, 4, 4, 6, 10, 4, 30, 18, 10, 4, 10, 8, 5, 8]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = [
    "建国",
    "志强",
    "红梅",
    "秀英",
    "桂兰",
    "海涛",
    "丽娟",
    "国庆",
    "春燕",
    "立新",
    "德明",
    "永红",
    "明",
    "伟",
    "芳",
    "静",
    "军",
    "勇",
    "磊",
    "洋",
    "艳",
    "杰",
    "涛",
    "超",
    "霞",
    "平",
    "刚",
    "华",
    "敏",
    "鑫",
]

HAZARDS: list[tuple[str, str, str]] = [  # (description, category, measures)
    ("灭火器过期未更换", "fire", "更换灭火器并建立检查记录"),
    ("消防通道堆放杂物", "fire", "清理消防通道杂物，落实专人每日巡查"),
    ("安全出口指示灯损坏", "fire", "更换应急照明和疏散指示标志"),
    ("配电箱无漏电保护", "electric", "加装漏电保护器，由持证电工检查线路"),
    ("私拉乱接电线", "electric", "拆除私接线路，规范布线"),
    ("围墙墙体向外倾斜", "building", "设置警戒并拆除重建围墙"),
    ("屋顶漏雨，墙体开裂", "building", "列入维修计划，雨季前完成修缮"),
    ("液化气钢瓶与明火距离不足", "hazchem", "调整钢瓶存放位置，保持安全距离"),
    ("危化品仓库无通风设施", "hazchem", "安装机械通风设施并定期检测"),
    ("危化品未分类存放", "hazchem", "按性质分区分类存放并设置标识"),
    ("特种作业人员无证上岗", "management", "停止无证作业，组织参加培训取证"),
    ("员工未进行三级安全教育", "management", "补开展三级安全教育并建立档案"),
    ("未制定应急预案", "management", "编制应急预案并组织演练"),
    ("安全疏散演练次数不够", "management", "按月组织疏散演练并留存照片"),
    ("食堂采购索证、食品留样制度落实不到位", "food", "落实采购索证和食品留样制度"),
    ("叉车未定期检验", "special_equipment", "报检并在检验合格前停用"),
    ("电梯维保记录缺失", "special_equipment", "签订维保合同，补齐维保记录"),
    ("农用车违规载人", "traffic", "教育驾驶人并签订承诺书"),
    ("高边坡未设置截排水沟", "building", "设置截排水沟并安排专人监测"),
    ("粉尘作业场所未安装除尘设施", "management", "安装除尘设施，停产整改"),
]
MAJOR_HAZARDS = [
    ("尾矿库排洪设施堵塞，汛期存在溃坝风险", "building"),
    ("加油站储罐区防雷接地失效", "hazchem"),
    ("人员密集场所疏散通道被封堵，无第二安全出口", "fire"),
    ("液化气站充装间可燃气体报警装置失效", "hazchem"),
    ("高边坡出现裂缝，下方有住户", "building"),
]
PUBLICITY_THEMES = [
    "安全生产月",
    "119消防宣传",
    "防溺水",
    "冬春火灾防控",
    "防范一氧化碳中毒",
    "道路交通安全",
    "安全生产法宣传",
    "森林防火",
    "汛期安全",
    "烟花爆竹安全",
]
TRAINING_TOPICS = [
    ("企业主要负责人安全生产知识培训", "principal"),
    ("安全管理人员培训", "safety_manager"),
    ("特种作业人员复训", "special_ops"),
    ("新员工三级安全教育", "new_staff"),
    ("义务消防队员实操轮训", "firefighters"),
    ("村干部安全生产业务培训", "village_cadre"),
    ("消防安全知识进校园", "students"),
]


def _month_weight(month: int, kind: str) -> float:
    base = {1: 1.3, 2: 0.8, 3: 1.1, 4: 1.2, 5: 1.0, 6: 1.3, 7: 0.9, 8: 0.9, 9: 1.2, 10: 1.0, 11: 1.1, 12: 1.3}
    if kind == "publicity":
        return {6: 3.0, 11: 2.2, 1: 1.3}.get(month, 0.8)
    if kind == "drill":
        return {6: 2.5, 10: 1.5, 11: 1.8, 12: 1.5}.get(month, 0.6)
    if kind == "accident":
        return {1: 1.3, 2: 1.2, 10: 1.2, 12: 1.2}.get(month, 1.0)
    return base[month]


class _Writer:
    """Buffers rows per table with explicit ids, then bulk-inserts them in dependency order."""

    def __init__(self, operator: str, first_ids: dict[str, int]):
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.next_id: dict[str, int] = defaultdict(lambda: 1, first_ids)
        now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        self.stamp = {
            "created_at": now,
            "updated_at": now,
            "created_by": operator,
            "updated_by": operator,
            "deleted_at": None,
        }

    def add(self, table: str, **values: Any) -> int:
        rid = self.next_id[table]
        self.next_id[table] = rid + 1
        self.rows[table].append({"id": rid, **self.stamp, **values})
        return rid

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())


ORDER = [
    "station",
    "village",
    "industry",
    "staff",
    "enterprise",
    "key_part",
    "agreement",
    "equipment",
    "equipment_schedule",
    "equipment_check",
    "checklist_template",
    "inspection",
    "inspection_item",
    "notice",
    "hazard",
    "hazard_event",
    "hazard_listing",
    "publicity",
    "training",
    "emergency_plan",
    "drill_plan",
    "drill_record",
    "drill_occurrence",
    "drill_problem",
    "brigade",
    "brigade_member",
    "brigade_activity",
    "accident",
    "zero_report",
    "duty",
    "enforcement",
]


SCALE = {"years": 10, "density": 4.0}  # the benchmark township: ten years, more than 100,000 records


def generate(
    db: Database,
    *,
    until: dt.date | None = None,
    years: int = 3,
    density: float = 1.0,
    seed: int = 20261122,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill an empty, migrated database with the demo township; returns row counts per table.

    ``years`` of records end at ``until`` (default today); ``density`` multiplies the number of
    dated records per month (``SCALE``: density 4 over 10 years gives more than 100,000 records).
    """
    until = until or dt.date.today()
    with db.session() as s:
        if s.execute(select(get_spec("station").table.c.id)).first():
            raise UserError("数据库中已有安监站数据；示范数据只能写入空数据库。")
    install_defaults(db)
    with db.session() as s:
        ind, chk = get_spec("industry").table, get_spec("checklist_template").table
        industry_ids = {n: i for i, n in s.execute(select(ind.c.id, ind.c.name).where(ind.c.deleted_at.is_(None)))}
        checklist_ids = {n: i for i, n in s.execute(select(chk.c.id, chk.c.name).where(chk.c.deleted_at.is_(None)))}
        first_ids = {t: (s.execute(select(func.max(get_spec(t).table.c.id))).scalar() or 0) + 1 for t in ORDER}
    rng = random.Random(seed)
    w = _Writer("示范数据", first_ids)
    start = dt.date(until.year - years + 1, 1, 1)
    say = progress or (lambda _m: None)

    def person() -> str:
        return rng.choice(SURNAMES) + rng.choice(GIVEN)

    def phone() -> str:
        return rng.choice(["139", "138", "158", "186", "151", "187", "135"]) + f"{rng.randrange(10**8):08d}"

    def day_in(year: int, month: int, lo: int = 1, hi: int | None = None) -> dt.date:
        last = calendar.monthrange(year, month)[1]
        d = dt.date(year, month, rng.randint(lo, min(hi or last, last)))
        return min(d, until)

    # --- master data -----------------------------------------------------------------------------
    say("基础信息")
    w.add(
        "station",
        name="青石镇安全生产监督管理站",
        town="青石镇",
        county="临江县",
        jurisdiction="town",
        is_key_town=True,
        small_jurisdiction=False,
        entrusted_enforcement=True,
        doc_prefix="青石",
        entrusting_authority="临江县应急管理局",
        address="临江县青石镇新街社区政府路8号",
        phone="0571-64821234",
        head_name="陈国强",
        leader_name="刘建华",
        appeal_government="临江县人民政府",
        appeal_department="临江县应急管理局",
        court="临江县人民法院",
        litigation_months=6,
        report_due_day=5,
    )
    villages = [
        w.add(
            "village",
            name=n,
            kind="community" if n.endswith("社区") else "village",
            sort_order=i,
            secretary=person(),
            phone=phone(),
            households=rng.randint(260, 1400),
            population=rng.randint(900, 4800),
            note=None,
        )
        for i, n in enumerate(VILLAGES, 1)
    ]
    industries = [(name, industry_ids[name], hr, cr) for name, hr, cr in INDUSTRIES if name in industry_ids]
    weights = [IND_WEIGHTS[[n for n, _, _ in INDUSTRIES].index(name)] for name, _, _, _ in industries]
    staff_rows = [
        ("陈国强", "head", "full"),
        ("周晓燕", "staff", "full"),
        ("吴志明", "staff", "part"),
        ("刘建华", "leader", "part"),
    ]
    for i, (name, role, emp) in enumerate(staff_rows):
        w.add(
            "staff",
            name=name,
            role=role,
            employment=emp,
            village_id=None,
            phone=phone(),
            appointment_doc=f"青委〔{start.year}〕{12 + i}号",
            appointment_date=dt.date(start.year, 3, 1),
            filing_date=dt.date(start.year, 3, 15),
            cert_no=f"ZJ3305{rng.randrange(10**6):06d}" if role != "leader" else None,
            cert_expiry=dt.date(until.year + (1 if i else 0), 12 if i else until.month, 31 if i else 28)
            if role != "leader"
            else None,
            active=True,
            left_date=None,
            left_reason=None,
            password_hash=None,
        )
    for vid in villages:
        w.add(
            "staff",
            name=person(),
            role="village_officer",
            employment=rng.choice(["part", "part", "full"]),
            village_id=vid,
            phone=phone(),
            appointment_doc=None,
            appointment_date=dt.date(start.year, 2, 20),
            filing_date=None,
            cert_no=None,
            cert_expiry=None,
            active=True,
            left_date=None,
            left_reason=None,
            password_hash=None,
        )

    # --- enterprises -----------------------------------------------------------------------------
    say("企业")
    enterprises: list[dict[str, Any]] = []
    used_names: set[str] = set()
    n_ent = 150
    for _ in range(n_ent):
        iname, industry_id, high, crowded = rng.choices(industries, weights)[0]
        stems = STEMS.get(iname, ["有限公司"])
        vi = rng.randrange(len(VILLAGES))
        base = "青石" + VILLAGES[vi].removesuffix("村").removesuffix("社区") + rng.choice(stems)
        name, n = base, 2
        while name in used_names:
            name, n = f"{base}{n}号", n + 1
        used_names.add(name)
        code17 = (
            rng.choice(["91", "92", "93"])
            + "330522"
            + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
        )
        risk = rng.choices(["red", "orange", "yellow", "blue"], [1, 3, 6, 8] if not high else [3, 5, 4, 2])[0]
        licensed = high and iname not in ("建筑施工",)
        status = rng.choices(["operating", "suspended", "resuming", "closed"], [40, 2, 1, 1])[0]
        eid = w.add(
            "enterprise",
            name=name,
            credit_code=code17 + credit_code_check_char(code17),
            industry_id=industry_id,
            village_id=villages[vi],
            address=f"临江县青石镇{VILLAGES[vi]}{rng.randint(1, 12)}组",
            legal_rep=person(),
            principal=person(),
            safety_manager=person(),
            phone=phone(),
            scale=rng.choices(["above", "small", "individual"], [2, 6, 3])[0],
            employees=rng.randint(3, 260),
            licence_no=f"(浙)WH安许证字〔{rng.randint(2019, 2025)}〕{rng.randint(100, 999)}号" if licensed else None,
            licence_expiry=add_months(until, rng.randint(-3, 40)) if licensed else None,
            standardization=rng.choice(["l3", "l3", "small", "none", "l2"]),
            risk_level=risk,
            is_key=risk in ("red", "orange") or high,
            status=status,
            note=None,
        )
        enterprises.append(
            {
                "id": eid,
                "name": name,
                "village": villages[vi],
                "industry": iname,
                "high": high,
                "crowded": crowded,
                "risk": risk,
                "status": status,
            }
        )
    live_ents = [e for e in enterprises if e["status"] != "closed"]

    def ent() -> dict[str, Any]:
        return rng.choice(live_ents)

    # key parts
    for i, e in enumerate([e for e in enterprises if e["high"] or e["crowded"]][:40], 1):
        major = e["industry"] in ("危险化学品", "加油站", "液化气站") and rng.random() < 0.4
        w.add(
            "key_part",
            code=f"ZD{i:03d}",
            enterprise_id=e["id"],
            name=rng.choice(["储罐区", "充装间", "仓库", "配电室", "锅炉房", "高边坡", "疏散通道", "厨房"]),
            location=f"{e['name']}厂区",
            hazard_type=rng.choice(["explosion", "fire", "collapse", "poisoning", "crowd"]),
            potential_casualties=rng.randint(3, 30),
            is_major_source=major,
            source_grade=rng.choice(["g3", "g4"]) if major else None,
            monitoring="视频监控、专人巡查、每月检测",
            unit_responsible=person(),
            official_responsible=f"{person()}（包村干部）",
            filed_date=dt.date(start.year, 4, rng.randint(1, 28)),
            filed_to="县安委办",
            last_check=None,
            note=None,
        )

    # --- equipment -------------------------------------------------------------------------------
    say("六有装备")
    eq_specs = [
        ("lh1", "office", "安监站办公室", "", "间", 1, None),
        ("lh1", "archive_room", "资料室", "", "间", 1, None),
        ("lh1", "equipment_room", "装备室", "", "间", 1, None),
        ("lh2", "computer", "台式计算机", "联想 启天M430", "台", 3, 520000),
        ("lh2", "printer", "激光打印机", "惠普 M232dw", "台", 1, 180000),
        ("lh2", "fax", "传真机", "松下 KX-FP7009", "台", 1, 90000),
        ("lh3", "vehicle", "执法车辆", "五菱 宏光 浙A·G1234", "辆", 1, 8800000),
        ("lh4", "recorder", "执法记录仪", "DSJ-A8", "台", 3, 150000),
        ("lh4", "camera", "数码照相机", "佳能 G7X", "台", 1, 420000),
        ("lh5", "detector", "四合一气体检测仪", "MS400", "台", 1, 380000),
        ("lh5", "detector", "红外测温仪", "FLUKE 62MAX", "台", 1, 120000),
        ("lh6", "helmet", "安全帽", "ABS V型", "顶", 6, 3500),
        ("lh6", "gas_mask", "防毒面具", "6800全面罩", "套", 4, 42000),
        ("lh6", "mask", "防尘口罩", "KN95", "只", 50, 300),
        ("fire", "extinguisher", "手提式干粉灭火器", "MFZ/ABC4", "具", 60, 9000),
        ("fire", "pump", "手抬机动消防泵", "JBQ5.5/10", "台", 2, 1250000),
        ("fire", "hose", "消防水带", "13-65-25", "米", 250, 1200),
        ("emergency", "other", "应急照明灯", "", "台", 10, 8000),
        ("publicity", "other", "永久性消防宣传牌", "", "块", 70, 25000),
    ]
    bought = dt.date(start.year, 3, 10)
    for cat, kind, name, model, unit, qty, price in eq_specs:
        expiry = None
        if kind in ("gas_mask", "extinguisher"):
            expiry = add_months(until, 8 if kind == "gas_mask" else 20)
        if kind == "mask":
            expiry = add_months(until, -1)  # a batch that has just expired, as stations find at inspection
        eqid = w.add(
            "equipment",
            category=cat,
            kind=kind,
            name=name,
            model_spec=model or None,
            unit=unit,
            quantity=qty,
            asset_no=f"QS-{cat.upper()}-{w.next_id['equipment']:03d}",
            location="装备室" if cat != "lh1" else "镇政府三楼",
            custodian="周晓燕",
            status="in_use",
            purchase_date=bought,
            price=price,
            funding_source=rng.choice(["财政预算", "县局配发", "千村万户消防安全扶持行动"]),
            expiry_date=expiry,
            note=None,
        )
        schedules: list[tuple[str, str, int, str]] = []
        if kind == "detector":
            schedules.append(("年度检定校准", "calibration", 12, "month"))
        if kind == "extinguisher":
            schedules.append(("压力检查", "check", 1, "month"))
        if kind == "vehicle":
            schedules += [("车辆年检", "check", 12, "month"), ("交强险续保", "maintenance", 12, "month")]
        if kind == "pump":
            schedules.append(("试机保养", "maintenance", 3, "month"))
        for task, ck, iv, unit_ in schedules:
            sid = w.add(
                "equipment_schedule",
                equipment_id=eqid,
                task=task,
                kind=ck,
                interval_value=iv,
                interval_unit=unit_,
                last_done=None,
                active=True,
            )
            day = add_months(bought, iv) if unit_ == "month" else bought + dt.timedelta(days=iv)
            last = None
            while day <= until:
                # the pump's last due maintenance slips, so the demo shows an overdue check
                if kind == "pump" and add_months(day, iv) > until:
                    break
                w.add(
                    "equipment_check",
                    equipment_id=eqid,
                    schedule_id=sid,
                    date=day,
                    kind=ck,
                    result="pass" if rng.random() > 0.05 else "fail",
                    checker=rng.choice(["周晓燕", "吴志明"]),
                    status_from=None,
                    status_to=None,
                    note=None,
                )
                last = day
                day = add_months(day, iv) if unit_ == "month" else day + dt.timedelta(days=iv)
            w.rows["equipment_schedule"][-1]["last_done"] = last

    # --- checklists (the shipped ones; a station may have deleted them) -------------------------
    fire_check = checklist_ids.get(CHECKLISTS[0]["name"])
    school_check = checklist_ids.get(CHECKLISTS[1]["name"])
    items_of = {
        c: len(d["items"].splitlines()) for c, d in zip((fire_check, school_check), CHECKLISTS, strict=True) if c
    }

    # --- monthly records -------------------------------------------------------------------------
    months = []
    cursor = start
    while cursor <= until:
        months.append((cursor.year, cursor.month))
        cursor = add_months(cursor, 1)
    notice_seq: dict[int, int] = defaultdict(int)
    # Numbers as the services give them (the specs' numbering): JC2026-0001, YH2026-00001, per year.
    inspection_no: dict[int, Iterator[int]] = defaultdict(lambda: itertools.count(1))
    hazard_no: dict[int, Iterator[int]] = defaultdict(lambda: itertools.count(1))
    inspection_numbering = get_spec("inspection").numbering
    hazard_numbering = get_spec("hazard").numbering
    assert inspection_numbering is not None and hazard_numbering is not None
    say("检查与隐患")

    def add_notice(iid: int, e: dict[str, Any], day: dt.date) -> tuple[int, str, dt.date, int]:
        """One 指令书 for an inspection and its unit (FORMS §3): every problem found there goes on it,
        numbered and issued as the hazard service does from the station's profile."""
        station = w.rows["station"][0]
        notice_seq[day.year] += 1
        seq = notice_seq[day.year]
        number = format_notice_number(station.get("notice_pattern"), notice_short_name(station), day.year, seq)
        nid = w.add(
            "notice",
            number=number,
            year=day.year,
            seq=seq,
            kind="order" if station["entrusted_enforcement"] else "notice",
            date=day,
            inspection_id=iid,
            enterprise_id=e["id"],
            issuer=issuing_body(station),
            person=rng.choice(["陈国强", "周晓燕"]),
            cancelled=False,
            cancel_reason=None,
        )
        return nid, number, day, seq

    def verify(found: dt.date, e: dict[str, Any], source: str) -> int:
        """A reported hazard is checked on site first (核查): the record a notice follows."""
        day = min(found + dt.timedelta(days=rng.choice([0, 1, 2])), until)
        return w.add(
            "inspection",
            record_no=inspection_numbering.format(day.year, next(inspection_no[day.year])),
            date=day,
            type="verify",
            enterprise_id=e["id"],
            place=e["name"],
            lead=rng.choice(["陈国强", "周晓燕"]),
            inspectors="吴志明",
            person_times=2,
            checklist_id=None,
            findings=f"核查{C.HAZARD_SOURCE.label(source)}反映的问题，情况属实",
            fixed_on_spot=False,
            notice_issued=True,
            next_follow_up=None,
            note=None,
        )

    def add_hazard(
        found: dt.date,
        e: dict[str, Any] | None,
        source: str,
        inspection_id: int | None,
        major: bool = False,
        notice: dict[str, Any] | None = None,
    ) -> None:
        """One hazard through the workflow's rules: a hazard with a deadline gets the notice of its
        inspection and unit (``notice`` holds it, made by the first such hazard of the inspection); a
        reported one at a unit is verified on site first; one fixed on the spot, or with no unit to
        address a notice to, is closed as 现场立即整改 when fixed, never reviewed."""
        if major:
            desc, cat = rng.choice(MAJOR_HAZARDS)
            measures = "停产整改，制定治理方案，落实专项资金"
            deadline = found + dt.timedelta(days=rng.choice([60, 90, 120]))
        else:
            desc, cat, measures = rng.choice(HAZARDS)
            deadline = found + dt.timedelta(days=rng.choice([0, 3, 7, 10, 15, 15, 30, 30]))
        hid = w.next_id["hazard"]
        needs_notice = (deadline > found or major) and e is not None
        if needs_notice and inspection_id is None:
            assert e is not None
            inspection_id = verify(found, e, source)
        if needs_notice and notice is None:
            notice = {}
        if needs_notice and notice is not None and not notice:
            assert e is not None and inspection_id is not None
            day = min(found + dt.timedelta(days=rng.choice([0, 1, 2])), until)
            notice.update(zip(("id", "number", "date", "seq"), add_notice(inspection_id, e, day), strict=True))
        events: list[tuple[dt.date, str, str | None, str, bool | None, str | None]] = [
            (found, "登记", None, "registered", None, desc)
        ]
        row: dict[str, Any] = dict(
            hazard_no=hazard_numbering.format(found.year, next(hazard_no[found.year])),
            found_date=found,
            source=source,
            inspection_id=inspection_id,
            enterprise_id=e["id"] if e else None,
            village_id=e["village"] if e else rng.choice(villages),
            location=rng.choice(["仓库", "生产车间", "配电房", "厨房", "办公楼", "院内", "储罐区", "宿舍"]),
            category=cat,
            description=desc,
            grade="major" if major else "general",
            notice_id=None,
            notice_no=None,
            notice_date=None,
            notice_seq=None,
            deadline=deadline,
            responsible=person(),
            measures=measures,
            funds=rng.choice([0, 20000, 50000, 120000, 300000]) if not major else rng.randint(5, 60) * 1_000_000,
            interim_measures="设置警示标志，专人看护" if major else None,
            status="registered",
            rectified_date=None,
            failed_reviews=0,
            accountability=False,
            verifier=None,
            verified_date=None,
            verify_result=None,
            closed_date=None,
            reported_upward=major,
            note=None,
        )
        row["inspection_id"] = inspection_id
        status = "registered"
        if needs_notice and notice:
            issued = max(notice["date"], found)
            row.update(
                notice_id=notice["id"],
                notice_date=issued,
                notice_seq=notice["seq"],
                notice_no=notice["number"],
                status="noticed",
            )
            events.append((issued, "下发整改通知", status, "noticed", None, row["notice_no"]))
            status = "noticed"
            start_fix = min(issued + dt.timedelta(days=1), until)
            if start_fix <= until and rng.random() < 0.97:
                events.append((start_fix, "开始整改", status, "rectifying", None, measures))
                status = "rectifying"
        # how long the fix takes: mostly on time, some late, a few never
        span = max((deadline - found).days, 1)
        fix_days = int(span * rng.choice([0.3, 0.6, 0.8, 1.0, 1.0, 1.3, 2.0])) if rng.random() > 0.03 else 10_000
        done = found + dt.timedelta(days=fix_days)
        failures = 0
        by: dict[int, str] = {}  # event → who did it, where it matters (the reviewer signs the review)
        if status == "registered" and done <= until:  # no notice: fixed on the spot, closed without a review
            verifier = rng.choice(["陈国强", "周晓燕", "吴志明"])
            by[len(events)] = verifier
            events.append((done, "现场立即整改销号", status, "closed", True, "现场立即整改到位"))
            row.update(
                status="closed",
                rectified_date=done,
                verifier=verifier,
                verified_date=done,
                verify_result="现场立即整改到位",
                closed_date=done,
            )
            status = "closed"
        while status != "closed" and done <= until:
            events.append((done, "报告整改完成", status, "awaiting_review", None, None))
            row["rectified_date"] = done
            review = done + dt.timedelta(days=rng.choice([0, 1, 2, 3]))
            if review > until:
                status = "awaiting_review"
                break
            verifier = rng.choice(["陈国强", "周晓燕", "吴志明"])
            if rng.random() < 0.08:
                failures += 1
                again = review + dt.timedelta(days=rng.choice([7, 10, 15]))
                why = f"整改不到位，继续整改（原限期{row['deadline']:%Y-%m-%d}，重新限期至{again:%Y-%m-%d}）"
                row["deadline"] = again
                by[len(events)] = verifier
                events.append((review, "复查不合格", "awaiting_review", "rectifying", False, why))
                if failures == 2:
                    events.append((review, "两次整改不到位须追责", "rectifying", "rectifying", None, None))
                status = "rectifying"
                done = review + dt.timedelta(days=rng.choice([3, 7, 10]))
                continue
            by[len(events)] = verifier
            events.append((review, "复查合格销号", "awaiting_review", "closed", True, "经复查，隐患已整改到位"))
            row.update(
                status="closed",
                verifier=verifier,
                verified_date=review,
                verify_result="经复查，隐患已整改到位",
                closed_date=review,
            )
            status = "closed"
            break
        row.update(status=status, failed_reviews=failures, accountability=failures >= 2)
        w.add("hazard", **row)
        for k, (d, action, s_from, s_to, passed, note) in enumerate(events):
            someone = rng.choice(["陈国强", "周晓燕"])
            w.add(
                "hazard_event",
                hazard_id=hid,
                date=d,
                action=action,
                status_from=s_from,
                status_to=s_to,
                person=by.get(k, someone),
                passed=passed,
                note=note,
            )
        if major:
            listed = found + dt.timedelta(days=rng.randint(3, 15))
            if listed <= until:
                complete = rng.random() < 0.7
                w.add(
                    "hazard_listing",
                    hazard_id=hid,
                    level=rng.choice(["county", "county", "town", "city"]),
                    listed_date=listed,
                    doc_no=f"临安委办〔{listed.year}〕{rng.randint(10, 99)}号",
                    deadline=deadline,
                    resp_person=row["responsible"],
                    measures=measures,
                    funds=row["funds"] if complete else None,
                    time_limit=deadline,
                    plan="已制定专项应急预案" if complete else None,
                    progress="按计划推进",
                    delisted_date=row["closed_date"],
                    delisting_body="临江县安委办" if row["closed_date"] else None,
                )

    for y, m in months:
        month_len = calendar.monthrange(y, m)[1]
        last_day = min(month_len, until.day) if (y, m) == (until.year, until.month) else month_len
        if (y, m) == (until.year, until.month) and until.day < 3:
            continue
        n_insp = max(1, round(rng.gauss(18, 3) * _month_weight(m, "inspection") * density))
        for _ in range(n_insp):
            e = ent()
            d = day_in(y, m, 1, last_day)
            typ = rng.choices(
                ["routine", "special", "holiday", "joint", "covert", "review"],
                [50, 15, 12 if m in (1, 2, 4, 9, 12) else 2, 10, 3, 8],
            )[0]
            checklist = (
                school_check
                if e["industry"] == "学校"
                else (fire_check if e["crowded"] or rng.random() < 0.4 else None)
            )
            problems = rng.choices([0, 1, 2, 3], [50, 30, 14, 6])[0]
            iid = w.add(
                "inspection",
                record_no=inspection_numbering.format(d.year, next(inspection_no[d.year])),
                date=d,
                type=typ,
                enterprise_id=e["id"],
                place=e["name"],
                lead=rng.choice(["陈国强", "周晓燕", "刘建华"]),
                inspectors="、".join(
                    rng.sample(["陈国强", "周晓燕", "吴志明", "刘建华", "派出所民警", "消防专干"], rng.randint(2, 3))
                ),
                person_times=rng.randint(2, 5),
                checklist_id=checklist,
                findings=f"发现问题{problems}处，已下发整改通知" if problems else "未发现明显隐患",
                fixed_on_spot=problems > 0 and rng.random() < 0.3,
                notice_issued=problems > 0,
                next_follow_up=None,
                note=None,
            )
            if checklist:
                for k in range(items_of[checklist]):
                    w.add(
                        "inspection_item",
                        inspection_id=iid,
                        item=f"第{k + 1}项",
                        result="problem" if k < problems else "ok",
                        note=None,
                    )
            found_here: dict[str, Any] = {}  # the notice of this inspection and unit, once one is needed
            for _p in range(problems):
                add_hazard(d, e, "inspection", iid, notice=found_here)
        if rng.random() < 0.09 * density:
            add_hazard(
                day_in(y, m, 1, last_day), ent(), rng.choice(["inspection", "superior", "tip"]), None, major=True
            )
        for _ in range(round(rng.uniform(1, 4) * density)):
            add_hazard(
                day_in(y, m, 1, last_day),
                None if rng.random() < 0.5 else ent(),
                rng.choice(["village", "self_report", "tip"]),
                None,
            )
        # publicity and training
        for _ in range(max(1, round(rng.gauss(8, 2) * _month_weight(m, "publicity") * density))):
            typ = rng.choice(
                [
                    "broadcast",
                    "slogan",
                    "banner",
                    "blackboard",
                    "board",
                    "meeting",
                    "leaflet",
                    "contest",
                    "consult",
                    "film",
                ]
            )
            qty, unit = {
                "slogan": (rng.randint(5, 40), "条"),
                "banner": (rng.randint(2, 12), "条"),
                "blackboard": (1, "期"),
                "board": (rng.randint(1, 3), "期"),
                "meeting": (1, "次"),
                "leaflet": (rng.randint(100, 1500), "份"),
            }.get(typ, (1, "次"))
            theme = "安全生产月" if m == 6 else ("119消防宣传" if m == 11 else rng.choice(PUBLICITY_THEMES))
            w.add(
                "publicity",
                date=day_in(y, m, 1, last_day),
                activity_type=typ,
                theme=theme,
                place=rng.choice(VILLAGES) + rng.choice(["村委会", "集市", "小学", "文化广场"]),
                village_id=rng.choice(villages),
                quantity=qty,
                unit=unit,
                audience=rng.randint(30, 600)
                if typ in ("meeting", "contest", "consult", "film", "broadcast")
                else rng.randint(0, 200),
                organizer="青石镇安监站",
                cost=rng.choice([None, 20000, 50000, 150000]),
                note=None,
            )
        for _ in range(max(0, round(rng.gauss(3, 1) * density))):
            topic, group = rng.choice(TRAINING_TOPICS)
            d = day_in(y, m, 1, last_day)
            n = rng.randint(15, 120)
            w.add(
                "training",
                start_date=d,
                end_date=d + dt.timedelta(days=rng.choice([0, 0, 1, 2])) if d < until - dt.timedelta(days=2) else d,
                topic=topic,
                trainer=rng.choice(["县应急管理局", "县消防救援大队", "青石镇安监站"]),
                group=group,
                trainees=n,
                hours=rng.choice([2, 4, 8, 16]),
                passed=n - rng.randint(0, 3),
                place="镇政府会议室",
                note=None,
            )
        # enforcement
        for _ in range(max(0, round(rng.gauss(4, 1.5) * density))):
            measure = rng.choices(
                ["order", "suspend", "seal", "seize", "confiscate", "fine", "close", "refer"],
                [40, 6, 6, 4, 6, 20, 2, 6],
            )[0]
            e = ent()
            fine = rng.choice([200000, 500000, 1000000, 2000000, 3000000]) if measure == "fine" else None
            w.add(
                "enforcement",
                case_no=f"青安执〔{y}〕{w.next_id['enforcement']}号",
                date=day_in(y, m, 1, last_day),
                enterprise_id=e["id"],
                party=None,
                legal_basis="《中华人民共和国安全生产法》",
                violation=rng.choice(
                    [
                        "未按规定开展隐患排查",
                        "特种作业人员未持证上岗",
                        "无证经营成品油",
                        "安全设施未保持正常使用",
                        "未按规定对从业人员进行安全生产教育培训",
                    ]
                ),
                measure=measure,
                items={"seal": "柴油3475公斤", "seize": "液化气16桶", "confiscate": "非法烟花爆竹30箱"}.get(measure),
                fine=fine,
                pre_accident=rng.random() < 0.8,
                executed=True,
                referred_to="县应急管理局" if measure == "refer" else None,
                note=None,
            )
        # accidents: mostly road traffic, 0–3 a month
        for _ in range(rng.choices([0, 0, 1, 1, 2, 3], [30, 20, 25, 12, 9, 4])[0]):
            industry = rng.choices(
                ["road", "fire", "industry_trade", "construction", "water", "agri_machinery", "other"],
                [80, 6, 5, 4, 2, 2, 1],
            )[0]
            deaths = rng.choices([0, 1, 2, 3], [70, 22, 6, 2])[0]
            injuries = rng.choices([0, 1, 2, 3, 5], [20, 40, 20, 12, 8])[0]
            serious = min(injuries, rng.choice([0, 0, 1]))
            loss = rng.randint(1, 80) * 500_000
            d = day_in(y, m, 1, last_day)
            w.add(
                "accident",
                code=f"{d.month}·{d.day}",
                date=d,
                time=f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}",
                village_id=rng.choice(villages),
                enterprise_id=ent()["id"] if industry != "road" else None,
                place=rng.choice(["县道X602线", "省道S213线", "乡道", "村组道路", "厂区"]),
                industry=industry,
                type={"road": "traffic", "fire": "fire", "water": "drowning"}.get(
                    industry, rng.choice(["fall", "struck", "machinery", "collapse", "electric"])
                ),
                deaths=deaths,
                injuries=injuries,
                serious_injuries=serious,
                missing=0,
                loss=loss,
                grade=accident_grade_for(deaths, serious, loss),
                counted=industry != "other",
                reported_at=dt.datetime.combine(d, dt.time(rng.randint(8, 20), 0)),
                reporting_issue=rng.choices(["none", "late"], [95, 5])[0],
                investigation="closed" if d < until - dt.timedelta(days=60) else "open",
                description="事故经过详见调查报告",
                note=None,
            )
    say("责任书、预案与演练")
    for y in range(start.year, until.year + 1):
        jan = dt.date(y, 1, rng.randint(8, 20))
        if jan > until:
            continue
        for vid, vname in zip(villages, VILLAGES, strict=True):
            w.add(
                "agreement",
                year=y,
                type="target",
                party_a="青石镇人民政府",
                party_b=vname + "委会" if vname.endswith("村") else vname + "居委会",
                party_kind="village",
                enterprise_id=None,
                village_id=vid,
                signatory=person(),
                signed_date=jan,
                indicators="全年不发生较大以上生产安全事故；死亡人数控制在1人以内",
                assessment="pending" if y == until.year else rng.choice(["pass", "pass", "excellent"]),
                note=None,
            )
        for e in rng.sample(enterprises, 40):
            w.add(
                "agreement",
                year=y,
                type=rng.choice(["target", "fire", "pledge"]),
                party_a="青石镇人民政府",
                party_b=e["name"],
                party_kind="enterprise",
                enterprise_id=e["id"],
                village_id=None,
                signatory=person(),
                signed_date=jan + dt.timedelta(days=rng.randint(0, 20)),
                indicators="落实安全生产主体责任，杜绝重大事故",
                note=None,
                assessment="pending" if y == until.year else rng.choice(["pass", "pass", "fail"]),
            )
    plans = []
    for name, level, typ, hazard in [
        ("青石镇生产安全事故应急预案", "town", "comprehensive", "综合"),
        ("青石镇防汛抢险应急预案", "town", "special", "防汛"),
        ("青石镇森林火灾扑救应急预案", "town", "special", "森林火灾"),
        ("青石镇危险化学品事故应急预案", "town", "special", "危化"),
        ("青石镇道路交通事故应急预案", "town", "special", "交通"),
    ]:
        plans.append(
            w.add(
                "emergency_plan",
                name=name,
                level=level,
                type=typ,
                hazard=hazard,
                owner="青石镇人民政府",
                enterprise_id=None,
                village_id=None,
                prepared_date=dt.date(start.year, 3, 20),
                revised_date=dt.date(until.year - 1, 5, 10) if until.year > start.year else None,
                reviewed_date=dt.date(start.year, 4, 15),
                version="2.0",
                note=None,
            )
        )
    for e in [e for e in enterprises if e["high"] or e["crowded"]][:20]:
        plans.append(
            w.add(
                "emergency_plan",
                name=f"{e['name']}现场处置方案",
                level="enterprise",
                type="onsite",
                hazard="火灾",
                owner=e["name"],
                enterprise_id=e["id"],
                village_id=None,
                prepared_date=dt.date(start.year, rng.randint(2, 11), 10),
                revised_date=None,
                reviewed_date=None,
                version="1.0",
                note=None,
            )
        )
    schools = [e for e in enterprises if e["industry"] == "学校"][:3]
    plan_defs: list[tuple[str, str, str, str, str, str | None, int, int, dict[str, Any] | None]] = [
        ("全镇安全生产月综合应急演练", "comprehensive", "live", "fire", "yearly", None, 6, 18, None),
        ("汛期防汛抢险演练", "single", "live", "flood", "yearly", None, 5, 20, None),
        ("冬季森林火灾扑救桌面推演", "single", "tabletop", "forest_fire", "months", "11,12", 11, 10, None),
        ("危化企业泄漏处置演练", "single", "live", "hazchem", "half_yearly", None, 3, 25, None),
    ]
    plan_defs += [
        (f"{s['name']}疏散演练", "single", "live", "evacuation", "months", "3,4,5,6,9,10,11,12", 3, 12, s)
        for s in schools
    ]
    say("演练")
    for name, content, form, scen, rec, mons, first_month, plan_day, school in plan_defs:
        pstart = dt.date(start.year, first_month, 1)
        pid = w.add(
            "drill_plan",
            name=name,
            content=content,
            form=form,
            scenario=scen,
            organizer=school["name"] if school else "青石镇人民政府",
            responsible="陈国强",
            enterprise_id=school["id"] if school else None,
            village_id=None,
            plan_id=plans[0] if not school else None,
            recurrence=rec,
            months=mons,
            day_of_month=plan_day,
            start_date=pstart,
            end_date=None,
            expected_scale=80 if not school else 600,
            active=True,
        )
        plan = {"start_date": pstart, "end_date": None, "recurrence": rec, "months": mons, "day_of_month": plan_day}
        horizon = dt.date(until.year, 12, 31)
        for due in occurrence_dates(plan, horizon):
            rid = None
            status = "planned"
            if due <= until - dt.timedelta(days=3) and rng.random() < 0.88:
                when = dt.datetime.combine(due + dt.timedelta(days=rng.randint(-3, 3)), dt.time(9, 0))
                when = min(when, dt.datetime.combine(until, dt.time(9, 0)))
                score = rng.choices(
                    [rng.randint(90, 98), rng.randint(80, 89), rng.randint(62, 79), rng.randint(45, 59)],
                    [25, 45, 25, 5],
                )[0]
                people = rng.randint(30, 120) if not school else rng.randint(300, 900)
                rid = w.add(
                    "drill_record",
                    name=name,
                    start_at=when,
                    end_at=when + dt.timedelta(hours=2),
                    place=school["name"] if school else rng.choice(VILLAGES) + "村委会广场",
                    organizer=school["name"] if school else "青石镇安监站",
                    commander="刘建华",
                    recorder="周晓燕",
                    participant_units="镇安监站、派出所、义务消防队、村委会" if not school else "全校师生",
                    participants=people,
                    content=content,
                    form=form,
                    scenario=scen,
                    scenario_text="模拟发生险情，组织人员疏散与处置",
                    plan_id=plans[0] if not school else None,
                    enterprise_id=school["id"] if school else None,
                    village_id=None,
                    cost=rng.choice([None, 200000, 500000]),
                    equipment_used="灭火器、消防水带、手抬机动消防泵",
                    summary="演练组织有序，达到预期目的" if score >= 80 else "演练基本完成，存在不足",
                    score=score,
                    grade=drill_grade_for(score),
                    evaluator="吴志明",
                    evaluation_date=when.date(),
                    plan_revised=score < 70,
                    reported_date=None,
                )
                status = "done"
                if score < 80:
                    w.add(
                        "drill_problem",
                        record_id=rid,
                        problem=rng.choice(
                            [
                                "疏散路线指示不清",
                                "对讲机信号差，指挥不畅",
                                "部分人员不会使用灭火器",
                                "集合点清点人数耗时过长",
                            ]
                        ),
                        measure="加强培训，修订方案",
                        deadline=when.date() + dt.timedelta(days=30),
                        status="done" if when.date() + dt.timedelta(days=30) < until else "open",
                        rectifier="周晓燕",
                        confirmer="陈国强",
                        hazard_id=None,
                    )
            w.add("drill_occurrence", plan_id=pid, due_date=due, status=status, record_id=rid)

    say("义务消防队")
    brigade_defs: list[tuple[str, str, int, int | None]] = [("青石镇集镇义务消防队", "town", villages[1], None)]
    brigade_defs += [(f"{VILLAGES[i]}义务消防队", "village", villages[i], None) for i in range(0, 16, 2)]
    brigade_defs += [
        (f"{e['name']}消防队", "enterprise", e["village"], e["id"]) for e in [e for e in enterprises if e["high"]][:4]
    ]
    for name, typ, vid, brigade_enterprise in brigade_defs:
        bid = w.add(
            "brigade",
            name=name,
            type=typ,
            village_id=vid,
            enterprise_id=brigade_enterprise,
            captain=person(),
            phone=phone(),
            founded=dt.date(start.year - 2, 4, 1),
            equipment="手抬机动消防泵、灭火器、消防水带",
        )
        for _ in range(rng.randint(8, 16)):
            w.add(
                "brigade_member",
                brigade_id=bid,
                name=person(),
                phone=phone(),
                birth_year=rng.randint(1965, 2000),
                veteran=rng.random() < 0.15,
                trained_date=None,
                active=True,
            )
        for y, m in months:
            for wk in range(rng.choice([1, 2, 3, 4]) if density >= 1 else 1):
                d = day_in(y, m, 1 + 7 * wk, 7 + 7 * wk)
                w.add(
                    "brigade_activity",
                    brigade_id=bid,
                    date=d,
                    kind="training",
                    content="体能和技能训练，检查装备",
                    place=None,
                    attendees=rng.randint(6, 14),
                    loss_avoided=None,
                )
            if rng.random() < 0.12:
                w.add(
                    "brigade_activity",
                    brigade_id=bid,
                    date=day_in(y, m),
                    kind="callout",
                    content=rng.choice(["民房起火", "柴草堆起火", "山林火情", "车辆自燃"]),
                    place=rng.choice(VILLAGES),
                    attendees=rng.randint(5, 12),
                    loss_avoided=rng.randint(1, 30) * 1_000_000,
                )

    say("值班与零报告")
    for y in range(start.year, until.year + 1):
        sf = dt.date(y, *SPRING_FESTIVAL.get(y, (2, 1)))
        holidays = [
            ("元旦", dt.date(y, 1, 1), 3),
            ("春节", sf - dt.timedelta(days=1), 8),
            ("五一", dt.date(y, 5, 1), 5),
            ("国庆", dt.date(y, 10, 1), 7),
        ]
        for hname, first, n in holidays:
            for k in range(n):
                d = first + dt.timedelta(days=k)
                if d > until:
                    break
                w.add(
                    "duty",
                    date=d,
                    shift="full",
                    leader=rng.choice(["刘建华", "陈国强"]),
                    staff=rng.choice(["周晓燕", "吴志明"]),
                    phone="0571-64821234",
                    events="无" if rng.random() < 0.85 else "接报村民房屋漏电隐患，已通知电工处理",
                    handling=None,
                    handover=rng.choice(["周晓燕", "吴志明"]),
                )
            last = first + dt.timedelta(days=n - 1)
            if last <= until:
                for vid in villages:
                    w.add(
                        "zero_report",
                        period=f"{y}年{hname}假期",
                        report_date=last,
                        village_id=vid,
                        enterprise_id=None,
                        no_accident=True,
                        no_hazard=True,
                        accident_id=None,
                        hazard_id=None,
                        signer=person(),
                        note=None,
                    )

    say("写入数据库")
    with db.session() as s:
        for table in ORDER:
            rows = w.rows.get(table)
            if rows:
                s.execute(insert(get_spec(table).table), rows)
        s.commit()
    return {t: len(w.rows.get(t, [])) for t in ORDER}
