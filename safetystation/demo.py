"""A deterministic demo township: 青石镇 with 18 villages, ~150 enterprises and years of records.

Values and seasons follow DOMAIN.md §7: inspections peak before 春节, 五一 and 国庆; publicity in
June (安全生产月) and November (119); drills in June and Oct–Dec; agreements are signed in January;
accidents are mostly road traffic. The same ``seed``, ``years``, ``density`` and ``until`` always give
the same records (their contents; the created/updated stamps and the audit trail carry the time of
writing). Every record goes through the services a clerk's window uses, in one transaction
(:class:`DemoTownship`), so the demo obeys the same rules: numbering, the paperwork order of
FORMS.md §3, drill grades and occurrences, audit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from safetystation.dates import add_months
from safetystation.defaults import CHECKLISTS, INDUSTRIES, install_defaults
from safetystation.domain import get_spec
from safetystation.domain.records import accident_grade_for
from safetystation.domain.validators import credit_code_check_char
from safetystation.domain.values import validate
from safetystation.errors import UserError
from safetystation.reports.narrative import save_month_text
from safetystation.services.complaints import ComplaintService
from safetystation.services.drills import DrillService
from safetystation.services.equipment import EquipmentService
from safetystation.services.hazards import HazardService
from safetystation.services.inspections import InspectionService
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from safetystation.services.reminders import ReminderService
from safetystation.services.station import StationService
from safetystation.services.work_calendar import OVERDUE, WorkCalendarService
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


# What a checklist line's 不符合 looks like on the spot (the item's note), and how it is put right.
CHECK_PROBLEMS: dict[str, tuple[str, str, str]] = {  # line → (note, category, measures)
    "是否经过消防验收": ("改建后未重新办理消防验收", "fire", "停止使用改建部分，申请消防验收"),
    "安全出口是否畅通": ("安全出口被货物堵塞", "fire", "清理安全出口，落实专人每日巡查"),
    "建筑消防设施是否正常运行": ("室内消火栓无水，灭火器压力不足", "fire", "维修消火栓，更换灭火器"),
    "建筑内部装饰是否符合消防安全要求": ("使用易燃泡沫板装修", "fire", "拆除易燃装修材料"),
    "消防安全组织制度是否健全、员工是否受到消防安全教育培训": (
        "员工不会使用灭火器",
        "management",
        "组织全员消防安全培训并记录",
    ),
    "是否制定灭火应急疏散预案和演练": ("未制定灭火和应急疏散预案", "management", "编制预案并组织一次疏散演练"),
    "消防设施": ("教学楼灭火器过期", "fire", "更换灭火器并建立检查记录"),
    "用电线路": ("教室插座线路老化", "electric", "由持证电工更换线路"),
    "围墙": ("围墙局部开裂倾斜", "building", "设置警戒并修复围墙"),
    "厕所": ("厕所地面湿滑无防滑措施", "building", "铺设防滑垫，张贴警示标志"),
    "房屋": ("宿舍楼屋面漏雨", "building", "雨季前完成屋面修缮"),
    "用水": ("饮用水未定期检测", "management", "委托检测并公示结果"),
    "化学实验室": ("实验室危化品未双人双锁管理", "hazchem", "落实双人双锁和领用登记"),
    "食堂采购索证": ("食堂采购未索证索票", "food", "落实采购索证索票制度"),
    "食品留样": ("食品留样不足48小时", "food", "按规定留样48小时并记录"),
}
# 预警预测: next month's seasonal risks (DOMAIN R18, §4.2).
FORECASTS = {
    1: "春节临近，重点防范烟花爆竹、人员密集场所火灾和道路交通事故",
    2: "春季开工复产，注意企业复工前安全检查和森林防火",
    3: "清明节前后森林防火形势严峻，加强野外用火管理",
    4: "五一节前开展安全检查，关注旅游景点和农家乐",
    5: "即将进入汛期，注意地质灾害点、山塘水库和尾矿库",
    6: "主汛期，防范强降雨引发的山洪、滑坡和城镇内涝",
    7: "高温天气，注意有限空间作业中毒窒息和防溺水",
    8: "汛期后期，注意台风影响和危化品储存安全",
    9: "国庆节前开展安全大检查，关注人员密集场所",
    10: "秋冬季森林防火期开始，注意秋收用火",
    11: "冬季防火，防范一氧化碳中毒和电气火灾",
    12: "元旦春节临近，加强烟花爆竹和道路交通安全管理",
}
MISSED_REASONS = ["汛期抢险，人员无法集中", "上级临时安排检查，演练推迟未补", "场地维修，未能组织"]

DEMO_OPERATOR = "示范数据"
SCALE = {"years": 10, "density": 4.0}  # the benchmark township: ten years, more than 100,000 records
# `demo --town N` (issue #19): township N of a demo county, with its own seed and name (1 is 青石镇).
DEMO_TOWNS = (
    "青石镇 河口镇 石门镇 柳溪乡 白沙镇 龙泉镇 桃源乡 松林镇 金竹乡 高桥镇 双河镇 新塘镇 大坪乡 长岭镇 "
    "马头镇 清水镇 杨柳镇 花园乡 东山镇 西岭乡 南湖街道 北关街道 凤凰镇 黄土镇 三江镇 永安镇 太平乡 红岩镇"
).split()
DEMO_SEED = 20261122

# The ledgers the demo fills, in the order their records can be referred to.
TABLES = [
    "station",
    "village",
    "staff",
    "enterprise",
    "key_part",
    "equipment",
    "equipment_schedule",
    "equipment_check",
    "inspection",
    "inspection_item",
    "notice",
    "hazard",
    "hazard_event",
    "hazard_listing",
    "publicity",
    "training",
    "enforcement",
    "accident",
    "agreement",
    "emergency_plan",
    "drill_plan",
    "drill_record",
    "drill_occurrence",
    "drill_problem",
    "brigade",
    "brigade_member",
    "brigade_activity",
    "duty",
    "zero_report",
    "report_narrative",
    "rule",
    "certified_operator",
    "meeting",
    "meeting_followup",
    "complaint",
    "funding",
    "resumption",
    "vehicle",
    "driver",
    "traffic_violation",
    "work_task_done",  # (its work_task templates are shipped defaults, like the industry list)
    "fireworks_outlet",
    "fireworks_flow",
    "fireworks_search",
    "activity_plan",
    "food_check",
    "fire_priority",
    "self_built_house",
]


# 方案与总结 (R23): the text the demo's plans and summaries are written from.
PLAN_TEXT = (
    "一、指导思想\n以习近平新时代中国特色社会主义思想为指导，坚持安全第一、预防为主、综合治理的方针。\n"
    "二、组织领导\n成立{name}领导小组，镇长任组长，分管副镇长任副组长，领导小组办公室设在镇安监站。\n"
    "三、活动安排\n（一）动员部署阶段：召开动员会，印发本方案。\n（二）组织实施阶段：在{place}开展活动，"
    "规模为{scale}。\n（三）总结提高阶段：活动结束后对整个活动进行总结通报。\n"
    "四、工作要求\n各单位要定组织单位、定责任人、定时间、定地点、定活动内容、定活动规模，确保活动取得实效。"
)
SUMMARY_WORKS = (
    "{name}期间，镇党委、政府高度重视，成立了领导小组，制定了方案。\n"
    "共检查生产经营单位{n}家次，发现并督促整改一般隐患{m}项；悬挂横幅、张贴标语，发放宣传资料，"
    "群众安全意识进一步提高。"
)


@dataclass(frozen=True)
class _Unit:
    """An enterprise of the demo as the later sections need it."""

    id: int
    name: str
    village: int
    industry: str
    high: bool
    crowded: bool


@dataclass(frozen=True)
class _Found:
    """A hazard just registered, with what its demo story needs: when it is put right."""

    id: int
    found: dt.date
    deadline: dt.date
    major: bool
    measures: str
    responsible: str


def generate(
    db: Database,
    *,
    until: dt.date | None = None,
    years: int = 3,
    density: float = 1.0,
    seed: int = DEMO_SEED,
    town: str = DEMO_TOWNS[0],
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Fill an empty, migrated database with the demo township; returns row counts per table.

    ``progress(what, done, total)`` is told each part as it starts (a month of records is a part);
    an exception it raises (the window's 取消) rolls everything back.

    ``years`` of records end at ``until`` (default today, never later); ``density`` multiplies the
    number of dated records per month (``SCALE``: density 4 over 10 years gives more than 100,000
    records).
    """
    until = min(until or dt.date.today(), dt.date.today())
    return DemoTownship(db, until=until, years=years, density=density, seed=seed, progress=progress, town=town).build()


class DemoTownship:
    """青石镇, written through the same services the window uses, one method per part of its books.

    Plain ledgers are validated and bulk-inserted (``LedgerService.bulk_insert``, audited); the
    workflows go through their services: inspections through ``InspectionService`` (numbered, the
    checklist's items filled and answered, 检查情况 composed), hazards through ``HazardService``
    (registered, verified, noticed one notice per inspection and unit, reviewed, listed, closed),
    drills through ``DrillService`` (plans, occurrences, records, 未开展), equipment checks through
    ``EquipmentService``. Everything is one transaction: an error leaves the database empty.
    """

    def __init__(
        self,
        db: Database,
        *,
        until: dt.date,
        years: int,
        density: float,
        seed: int,
        progress: Callable[[str, int, int], None] | None = None,
        town: str = DEMO_TOWNS[0],
    ):
        self.db = db
        self.town = town  # the station's own name; the records' village and unit names stay 青石's
        self.until = until
        self.start = dt.date(until.year - years + 1, 1, 1)
        self.density = density
        self.rng = random.Random(seed)
        self.progress = progress
        self.done = 0
        # Records are stamped (and audited) on the day the clerk would have typed them, not today.
        self.now = dt.datetime.combine(self.start, dt.time(1, 0), tzinfo=dt.UTC)
        self.ledger = LedgerService(db, operator=Operator(DEMO_OPERATOR))
        self.ledger.clock = lambda: self.now
        self.hazards = HazardService(self.ledger)
        self.inspections = InspectionService(self.ledger)
        self.drills = DrillService(self.ledger)
        self.equipment_service = EquipmentService(self.ledger)
        self.months: list[tuple[int, int]] = []
        cursor = self.start
        while cursor <= until:
            self.months.append((cursor.year, cursor.month))
            cursor = add_months(cursor, 1)
        self.village_ids: list[int] = []
        self.units: list[_Unit] = []
        self.officers: list[tuple[int, str]] = []  # staff with 执法证: (id, name)
        self.industry_ids: dict[str, int] = {}
        self.checklist_ids: dict[str, int] = {}
        self.plans: list[int] = []
        self.case_no: dict[int, int] = defaultdict(int)  # 执法文书 numbers per year
        self.listed: dict[int, tuple[str | None, dt.date]] = {}  # major hazard → (挂牌 level or None: not listed, date)

    # --- the whole township ----------------------------------------------------------------------
    def build(self) -> dict[str, int]:
        with self.db.session() as s:
            if s.execute(select(get_spec("station").table.c.id)).first():
                raise UserError("数据库中已有安监站数据；示范数据只能写入空数据库。")
        with self.db.one_transaction():
            install_defaults(self.db)
            self._read_defaults()
            self.say("基础信息")
            self.station()
            self.villages()
            self.staff()
            self.say("企业")
            self.enterprises()
            self.key_parts()
            self.say("六有装备")
            self.equipment()
            for y, m in self.months:
                self.month(y, m)
            self.say("责任书、预案与演练")
            self.agreements()
            self.emergency_plans()
            self.say("演练")
            self.drill_plans()
            self.say("义务消防队")
            self.brigades()
            self.say("值班与零报告")
            self.duty_and_zero_reports()
            self.month_texts()
            self.say("制度、持证、会议、举报与经费")
            self.rules()
            self.certified_operators()
            self.meetings()
            self.complaints()
            self.funding()
            self.say("复工复产与拖拉机")
            self.resumptions()
            self.tractors()
            self.say("烟花爆竹、方案总结与其他台账")
            self.more_books()
            self.say("年度工作日历")
            self.work_calendar()
            self.say("照片")
            self.photos()
        with self.db.session() as s:
            return {t: s.execute(select(func.count()).select_from(get_spec(t).table)).scalar() or 0 for t in TABLES}

    def work_calendar(self) -> None:
        """年度工作日历 (R31): each month's report marked as sent by its day (the last one not yet: 首页
        reminds it), and the occurrences of the work tasks that fell due done — most linked to the
        record of their kind nearest the deadline (a task done by a meeting gets its 联席会议 or 动员部署会),
        done that day — but for three of the last four months, left overdue (首页 and the calendar show them)."""
        rng, until = self.rng, self.until
        reminders = ReminderService(self.ledger)
        for y, m in self.months[:-2]:
            sent = add_months(dt.date(y, m, 1), 1).replace(day=self.rng.randint(2, 5))
            self.typed(sent)
            reminders.mark_report_sent(y, m, on=sent)
        calendar_ = WorkCalendarService(self.ledger)
        due = [
            o for o in calendar_.occurrences(self.start, until, today=until) if o.state == OVERDUE and not o.automatic
        ]
        recent = [o for o in due if o.due >= until - dt.timedelta(days=120)]
        left = set(rng.sample(range(len(recent)), min(3, len(recent))))
        for o in due:
            if o in {recent[i] for i in left}:
                continue
            if o.completes == "meeting":  # a 联席会议 or 动员部署会 of its own, a few days before
                self._task_meeting(o.name, o.due - dt.timedelta(days=rng.randint(1, min(10, o.lead_days))))
            found = calendar_.candidates(o.task_id, o.period, today=until)
            if found and rng.random() < 0.9:
                rid, day, _ = found[0]
                done = min(day, until)
            else:
                rid, done = None, o.due - dt.timedelta(days=rng.randint(0, min(3, o.lead_days)))
            self.typed(done)
            calendar_.mark_done(o.task_id, o.period, date=done, record_id=rid, today=until)

    def _task_meeting(self, task: str, day: dt.date) -> None:
        kind = "joint" if "联席" in task else "mobilization"
        self.typed(day)
        self.ledger.create(
            "meeting",
            {
                "date": day,
                "type": kind,
                "topic": f"{day.year}年{task.removesuffix('和动员部署').removesuffix('动员部署')}"
                + ("" if kind == "joint" else "动员部署会"),
                "place": "镇政府三楼会议室",
                "chair": "刘建华",
                "recorder": "周晓燕",
                "attendees": self.rng.randint(20, 45),
                "units": "镇安委会成员单位、各村(社区)、重点企业",
                "agenda": f"部署{task}",
            },
        )

    def say(self, what: str) -> None:
        """Report the part starting now: twelve parts plus one per month."""
        self.done += 1
        if self.progress is not None:
            self.progress(what, self.done, len(self.months) + 12)

    def _read_defaults(self) -> None:
        ind, chk = get_spec("industry").table, get_spec("checklist_template").table
        with self.db.session() as s:
            live = ind.c.deleted_at.is_(None)
            self.industry_ids = {n: i for i, n in s.execute(select(ind.c.id, ind.c.name).where(live))}
            live = chk.c.deleted_at.is_(None)
            self.checklist_ids = {n: i for i, n in s.execute(select(chk.c.id, chk.c.name).where(live))}

    def typed(self, day: dt.date) -> None:
        """What is written next was typed on ``day`` (18:00 Beijing time)."""
        self.now = dt.datetime.combine(min(day, self.until), dt.time(10, 0), tzinfo=dt.UTC)

    def put(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        """Validate rows of a plain ledger (the demo's own mistakes surface here, as a clerk's would)
        and insert them, audited; returns their ids. Dated rows go in a batch per month, typed on the
        last day among them; undated ones (registers) now."""
        spec = get_spec(table)
        clean = [validate(spec, r) for r in rows]
        day = spec.date_field
        months: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, r in enumerate(clean):
            d = r.get(day) if day else None
            d = d.date() if isinstance(d, dt.datetime) else d
            months[(d.year, d.month) if isinstance(d, dt.date) else (0, 0)].append(i)
        ids = [0] * len(clean)
        for key in sorted(months):
            batch = months[key]
            if key != (0, 0):
                last = max(clean[i][day] for i in batch)  # type: ignore[index]
                self.typed(last.date() if isinstance(last, dt.datetime) else last)
            with self.db.session() as s:
                for i, new in zip(batch, self.ledger.bulk_insert(s, table, [clean[i] for i in batch]), strict=True):
                    ids[i] = new
                s.commit()
        return ids

    # --- random values -------------------------------------------------------------------------
    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def phone(self) -> str:
        return self.rng.choice(["139", "138", "158", "186", "151", "187", "135"]) + f"{self.rng.randrange(10**8):08d}"

    def day_in(self, year: int, month: int, lo: int = 1, hi: int | None = None) -> dt.date:
        last = calendar.monthrange(year, month)[1]
        d = dt.date(year, month, self.rng.randint(lo, min(hi or last, last)))
        return min(d, self.until)

    def unit(self) -> _Unit:
        return self.rng.choice(self.live_units)

    def station_staff(self) -> str:
        return self.rng.choice(["陈国强", "周晓燕"])

    # --- master data ---------------------------------------------------------------------------
    def station(self) -> None:
        station = StationService(self.db, operator=self.ledger.operator)
        station.ledger.clock = self.ledger.clock
        station.save_profile(
            {
                "name": f"{self.town}安全生产监督管理站",
                "town": self.town,
                "county": "临江县",
                "jurisdiction": "town",
                "is_key_town": True,
                "small_jurisdiction": False,
                "entrusted_enforcement": True,
                "doc_prefix": self.town[:2],
                "entrusting_authority": "临江县应急管理局",
                "address": f"临江县{self.town}新街社区政府路8号",
                "phone": "0571-64821234",
                "head_name": "陈国强",
                "leader_name": "刘建华",
                "appeal_government": "临江县人民政府",
                "appeal_department": "临江县应急管理局",
                "court": "临江县人民法院",
                "litigation_months": 6,
                "report_due_day": 5,
            }
        )

    def villages(self) -> None:
        rows = [
            {
                "name": n,
                "kind": "community" if n.endswith("社区") else "village",
                "sort_order": i,
                "secretary": self.person(),
                "phone": self.phone(),
                "households": self.rng.randint(260, 1400),
                "population": self.rng.randint(900, 4800),
            }
            for i, n in enumerate(VILLAGES, 1)
        ]
        self.village_ids = self.put("village", rows)

    def staff(self) -> None:
        """The station's four (three with 执法证) and one safety officer per village."""
        start, until = self.start, self.until
        rows: list[dict[str, Any]] = []
        for i, (name, role, emp) in enumerate(
            [
                ("陈国强", "head", "full"),
                ("周晓燕", "staff", "full"),
                ("吴志明", "staff", "part"),
                ("刘建华", "leader", "part"),
            ]
        ):
            certified = role != "leader"
            rows.append(
                {
                    "name": name,
                    "role": role,
                    "employment": emp,
                    "phone": self.phone(),
                    "appointment_doc": f"青委〔{start.year}〕{12 + i}号",
                    "appointment_date": dt.date(start.year, 3, 1),
                    "filing_date": dt.date(start.year, 3, 15),
                    "cert_no": f"ZJ3305{self.rng.randrange(10**6):06d}" if certified else None,
                    # the head's certificate runs out at the end of this month: a reminder to renew
                    "cert_expiry": (dt.date(until.year + 1, 12, 31) if i else dt.date(until.year, until.month, 28))
                    if certified
                    else None,
                    "active": True,
                }
            )
        for vid in self.village_ids:
            rows.append(
                {
                    "name": self.person(),
                    "role": "village_officer",
                    "employment": self.rng.choice(["part", "part", "full"]),
                    "village_id": vid,
                    "phone": self.phone(),
                    "appointment_date": dt.date(start.year, 2, 20),
                    "active": True,
                }
            )
        ids = self.put("staff", rows)
        self.officers = [(sid, r["name"]) for sid, r in zip(ids, rows, strict=True) if r.get("cert_no")]

    def enterprises(self) -> None:
        rng, until = self.rng, self.until
        industries = [(name, hr, cr) for name, hr, cr in INDUSTRIES if name in self.industry_ids]
        weights = [IND_WEIGHTS[[n for n, _, _ in INDUSTRIES].index(name)] for name, _, _ in industries]
        rows: list[dict[str, Any]] = []
        facts: list[tuple[str, int, str, bool, bool]] = []
        used_names: set[str] = set()
        for _ in range(150):
            iname, high, crowded = rng.choices(industries, weights)[0]
            vi = rng.randrange(len(VILLAGES))
            base = (
                "青石"
                + VILLAGES[vi].removesuffix("村").removesuffix("社区")
                + rng.choice(STEMS.get(iname, ["有限公司"]))
            )
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
            licensed = high and iname != "建筑施工"
            status = rng.choices(["operating", "suspended", "resuming", "closed"], [40, 2, 1, 1])[0]
            rows.append(
                {
                    "name": name,
                    "credit_code": code17 + credit_code_check_char(code17),
                    "industry_id": self.industry_ids[iname],
                    "village_id": self.village_ids[vi],
                    "address": f"临江县青石镇{VILLAGES[vi]}{rng.randint(1, 12)}组",
                    "legal_rep": self.person(),
                    "principal": self.person(),
                    "safety_manager": self.person(),
                    "phone": self.phone(),
                    "scale": rng.choices(["above", "small", "individual"], [2, 6, 3])[0],
                    "employees": rng.randint(3, 260),
                    "licence_no": f"(浙)WH安许证字〔{rng.randint(2019, 2025)}〕{rng.randint(100, 999)}号"
                    if licensed
                    else None,
                    "licence_expiry": add_months(until, rng.randint(-3, 40)) if licensed else None,
                    "standardization": rng.choice(["l3", "l3", "small", "none", "l2"]),
                    "risk_level": risk,
                    "is_key": risk in ("red", "orange") or high,
                    "status": status,
                }
            )
            facts.append((iname, self.village_ids[vi], status, high, crowded))
        ids = self.put("enterprise", rows)
        self.units = [
            _Unit(eid, r["name"], vid, iname, high, crowded)
            for eid, r, (iname, vid, _status, high, crowded) in zip(ids, rows, facts, strict=True)
        ]
        self.live_units = [u for u, f in zip(self.units, facts, strict=True) if f[2] != "closed"]
        self.stopped = [(u, f[2]) for u, f in zip(self.units, facts, strict=True) if f[2] in ("suspended", "resuming")]

    def key_parts(self) -> None:
        rng = self.rng
        rows = []
        for i, u in enumerate([u for u in self.units if u.high or u.crowded][:40], 1):
            major = u.industry in ("危险化学品", "加油站", "液化气站") and rng.random() < 0.4
            rows.append(
                {
                    "code": f"ZD{i:03d}",
                    "enterprise_id": u.id,
                    "name": rng.choice(["储罐区", "充装间", "仓库", "配电室", "锅炉房", "高边坡", "疏散通道", "厨房"]),
                    "location": f"{u.name}厂区",
                    "hazard_type": rng.choice(["explosion", "fire", "collapse", "poisoning", "crowd"]),
                    "potential_casualties": rng.randint(3, 30),
                    "is_major_source": major,
                    "source_grade": rng.choice(["g3", "g4"]) if major else None,
                    "monitoring": "视频监控、专人巡查、每月检测",
                    "unit_responsible": self.person(),
                    "official_responsible": f"{self.person()}（包村干部）",
                    "filed_date": dt.date(self.start.year, 4, rng.randint(1, 28)),
                    "filed_to": "县安委办",
                }
            )
        self.put("key_part", rows)

    def equipment(self) -> None:
        """The 六有 equipment, its check schedules, and the checks done on them (the service moves
        each schedule's last-done date)."""
        rng, until = self.rng, self.until
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
        bought = dt.date(self.start.year, 3, 10)
        rows = []
        for n, (cat, kind, name, model, unit, qty, price) in enumerate(eq_specs, 1):
            expiry = None
            if kind in ("gas_mask", "extinguisher"):
                expiry = add_months(until, 8 if kind == "gas_mask" else 20)
            if kind == "mask":
                expiry = add_months(until, -1)  # a batch that has just expired, as stations find at inspection
            rows.append(
                {
                    "category": cat,
                    "kind": kind,
                    "name": name,
                    "model_spec": model or None,
                    "unit": unit,
                    "quantity": qty,
                    "asset_no": f"QS-{cat.upper()}-{n:03d}",
                    "location": "装备室" if cat != "lh1" else "镇政府三楼",
                    "custodian": "周晓燕",
                    "status": "in_use",
                    "purchase_date": bought,
                    "price": price,
                    "funding_source": rng.choice(["财政预算", "县局配发", "千村万户消防安全扶持行动"]),
                    "expiry_date": expiry,
                }
            )
        ids = self.put("equipment", rows)
        schedules: list[dict[str, Any]] = []
        for eid, (_cat, kind, *_rest) in zip(ids, eq_specs, strict=True):
            tasks: list[tuple[str, str, int]] = []
            if kind == "detector":
                tasks.append(("年度检定校准", "calibration", 12))
            if kind == "extinguisher":
                tasks.append(("压力检查", "check", 1))
            if kind == "vehicle":
                tasks += [("车辆年检", "check", 12), ("交强险续保", "maintenance", 12)]
            if kind == "pump":
                tasks.append(("试机保养", "maintenance", 3))
            for task, check_kind, months in tasks:
                schedules.append(
                    {
                        "equipment_id": eid,
                        "task": task,
                        "kind": check_kind,
                        "interval_value": months,
                        "interval_unit": "month",
                        "active": True,
                    }
                )
        for sid, sch in zip(self.put("equipment_schedule", schedules), schedules, strict=True):
            months = sch["interval_value"]
            day = add_months(bought, months)
            while day <= until:
                # the pump's last due maintenance slips, so the demo shows an overdue check
                if sch["task"] == "试机保养" and add_months(day, months) > until:
                    break
                self.typed(day)
                self.equipment_service.record_check(
                    sid,
                    date=day,
                    result="pass" if rng.random() > 0.05 else "fail",
                    checker=rng.choice(["周晓燕", "吴志明"]),
                )
                day = add_months(day, months)

    # --- one month's records -------------------------------------------------------------------
    def month(self, y: int, m: int) -> None:
        month_len = calendar.monthrange(y, m)[1]
        last_day = min(month_len, self.until.day) if (y, m) == (self.until.year, self.until.month) else month_len
        self.say(f"{y}年{m}月的检查与隐患")
        if (y, m) == (self.until.year, self.until.month) and self.until.day < 3:
            return
        rng, density = self.rng, self.density
        for _ in range(max(1, round(rng.gauss(18, 3) * _month_weight(m, "inspection") * density))):
            self.inspection(self.day_in(y, m, 1, last_day))
        recent = add_months(dt.date(y, m, 1), 2) > self.until  # the last two months always have one open
        if rng.random() < 0.09 * density or recent:
            source = rng.choice(["inspection", "superior", "tip"])
            self.reported_hazard(self.day_in(y, m, 1, last_day), self.unit(), source, major=True)
        for _ in range(round(rng.uniform(1, 4) * density)):
            unit = None if rng.random() < 0.5 else self.unit()
            source = rng.choice(["village", "self_report", "tip"])
            self.reported_hazard(self.day_in(y, m, 1, last_day), unit, source)
        self.publicity(y, m, last_day)
        self.training(y, m, last_day)
        self.enforcement(y, m, last_day)
        self.accidents(y, m, last_day)

    def inspection(self, day: dt.date) -> None:
        """A 现场检查 by two certified officers: its checklist answered item by item, each problem a
        hazard of the inspection, 检查情况 composed from them, then the one notice and the follow-up."""
        rng = self.rng
        u = self.unit()
        m = day.month
        kind = rng.choices(
            ["routine", "special", "holiday", "joint", "covert", "review"],
            [50, 15, 12 if m in (1, 2, 4, 9, 12) else 2, 10, 3, 8],
        )[0]
        checklist_name = (
            CHECKLISTS[1]["name"]
            if u.industry == "学校"
            else (CHECKLISTS[0]["name"] if u.crowded or rng.random() < 0.4 else None)
        )
        checklist = self.checklist_ids.get(checklist_name) if checklist_name else None
        problems = rng.choices([0, 1, 2, 3], [50, 30, 14, 6])[0]
        (lead_id, lead), (other_id, other) = rng.sample(self.officers, 2)
        extra = rng.sample(["刘建华", "派出所民警", "消防专干"], rng.randint(0, 1))
        started = dt.datetime.combine(day, dt.time(rng.choice([8, 9, 10, 14, 15]), rng.choice([0, 30])))
        self.typed(day)
        iid = self.inspections.create(
            {
                "date": day,
                "type": kind,
                "enterprise_id": u.id,
                "place": u.name,
                "started_at": started,
                "ended_at": started + dt.timedelta(minutes=rng.choice([40, 60, 90, 120])),
                "lead": lead,
                "officer1_id": lead_id,
                "officer2_id": other_id,
                "inspectors": "、".join([lead, other, *extra]),
                "person_times": 2 + len(extra),
                "checklist_id": checklist,
                "fixed_on_spot": problems > 0 and rng.random() < 0.3,
            }
        )
        found: list[_Found] = []
        if checklist is not None:
            items = self.inspections.items(iid)
            bad = set(rng.sample(range(len(items)), min(problems, len(items))))
            results: dict[int, tuple[str, str | None]] = {}
            for k, item in enumerate(items):
                if k in bad:
                    results[item["id"]] = ("problem", CHECK_PROBLEMS.get(item["item"], ("不符合要求",))[0])
                elif item["item"] == "化学实验室" and "小学" in u.name:
                    results[item["id"]] = ("na", "小学未设化学实验室")
                else:
                    results[item["id"]] = ("ok", None)
            self.inspections.set_results(results)
            for k in sorted(bad):
                _note, category, measures = CHECK_PROBLEMS.get(items[k]["item"], ("", "management", "限期整改"))
                deadline = day + dt.timedelta(days=rng.choice([0, 3, 7, 10, 15, 15, 30, 30]))
                details = self.hazard_details(category, measures, u)
                hid = self.inspections.item_to_hazard(items[k]["id"], deadline, values=details)
                found.append(_Found(hid, day, deadline, False, measures, details["responsible"]))
        else:
            for _ in range(problems):
                found.append(self.register(day, u, "inspection", iid))
        self.inspections.write_findings(iid)
        self.follow_up(found, u, day, iid)

    def hazard_details(self, category: str, measures: str, u: _Unit | None, *, major: bool = False) -> dict[str, Any]:
        rng = self.rng
        return {
            "category": category,
            "location": rng.choice(["仓库", "生产车间", "配电房", "厨房", "办公楼", "院内", "储罐区", "宿舍"]),
            "responsible": self.person(),
            "measures": measures,
            "funds": rng.randint(5, 60) * 1_000_000 if major else rng.choice([0, 20000, 50000, 120000, 300000]),
            "interim_measures": "设置警示标志，专人看护" if major else None,
            "reported_upward": major,
            "village_id": u.village if u else rng.choice(self.village_ids),
        }

    def register(
        self, found: dt.date, u: _Unit | None, source: str, inspection_id: int | None, *, major: bool = False
    ) -> _Found:
        """Register one hazard (numbered by the service, 登记 step)."""
        rng = self.rng
        if major:
            desc, category = rng.choice(MAJOR_HAZARDS)
            measures = "停产整改，制定治理方案，落实专项资金"
            deadline = found + dt.timedelta(days=rng.choice([60, 90, 120]))
        else:
            desc, category, measures = rng.choice(HAZARDS)
            deadline = found + dt.timedelta(days=rng.choice([0, 3, 7, 10, 15, 15, 30, 30]))
        details = self.hazard_details(category, measures, u, major=major)
        self.typed(found)
        hid = self.hazards.register(
            {
                **details,
                "found_date": found,
                "source": source,
                "inspection_id": inspection_id,
                "enterprise_id": u.id if u else None,
                "description": desc,
                "grade": "major" if major else "general",
                "deadline": deadline,
            }
        )
        return _Found(hid, found, deadline, major, measures, details["responsible"])

    def reported_hazard(self, found: dt.date, u: _Unit | None, source: str, *, major: bool = False) -> None:
        """A hazard reported by a village, a tip-off or a higher level."""
        self.verified(self.register(found, u, source, None, major=major), u, found)

    def verified(self, h: _Found, u: _Unit | None, found: dt.date) -> None:
        """A reported hazard at a unit that is not put right at once is verified on site first (核查,
        the record a notice follows); then it is followed up."""
        iid = None
        if u is not None and (h.deadline > found or h.major):
            day = min(found + dt.timedelta(days=self.rng.choice([0, 1, 2])), self.until)
            (a_id, a), (b_id, b) = self.rng.sample(self.officers, 2)
            self.typed(day)
            iid = self.hazards.verify(h.id, date=day, lead=a, inspectors=f"{a}、{b}")
            started = dt.datetime.combine(day, dt.time(self.rng.choice([9, 10, 15]), 0))
            self.ledger.update(  # the clerk completes the 核查 record: its officers and times
                "inspection",
                iid,
                {
                    "officer1_id": a_id,
                    "officer2_id": b_id,
                    "started_at": started,
                    "ended_at": started + dt.timedelta(hours=1),
                },
            )
        self.follow_up([h], u, found, iid)

    def follow_up(self, found: list[_Found], u: _Unit | None, day: dt.date, inspection_id: int | None) -> None:
        """What happens to the hazards of one inspection and unit: those due the same day and put right
        at once are closed on the spot; the rest get one notice together, then each is rectified,
        reviewed (sometimes failed and given a new deadline) and closed — or is still open at
        ``until``."""
        rng, until = self.rng, self.until
        fix_day: dict[int, dt.date] = {}
        for h in found:
            span = max((h.deadline - h.found).days, 1)
            days = int(span * rng.choice([0.3, 0.6, 0.8, 1.0, 1.0, 1.3, 2.0])) if rng.random() > 0.03 else 10_000
            fix_day[h.id] = h.found + dt.timedelta(days=days)
        on_spot = [h for h in found if (h.deadline == h.found and not h.major) or u is None or inspection_id is None]
        for h in on_spot:
            if fix_day[h.id] <= until:
                who = rng.choice(["陈国强", "周晓燕", "吴志明"])
                self.typed(fix_day[h.id])
                self.hazards.close_on_spot(h.id, date=fix_day[h.id], verifier=who, opinion="现场立即整改到位")
        rest = [h for h in found if h not in on_spot]
        if not rest:
            return
        issued = min(day + dt.timedelta(days=rng.choice([0, 1, 2])), until)
        self.typed(issued)
        self.hazards.issue_notice(rest[0].id, date=issued, person=self.station_staff())
        assert inspection_id is not None
        self.ledger.update("inspection", inspection_id, {"notice_issued": True})
        for h in rest:
            self.rectify(h, issued, fix_day[h.id])

    def rectify(self, h: _Found, issued: dt.date, done: dt.date) -> None:
        """One noticed hazard from 开始整改 to 销号 (or as far as ``until``)."""
        rng, until = self.rng, self.until
        if h.major:
            self.supervise(h)
        if rng.random() < 0.97:
            start = min(issued + dt.timedelta(days=1), until)
            self.typed(start)
            self.hazards.start_rectification(h.id, date=start, measures=h.measures, person=h.responsible)
        failures = 0
        while done <= until:
            self.typed(done)
            self.hazards.report_rectified(h.id, date=done, person=h.responsible)
            review = done + dt.timedelta(days=rng.choice([0, 1, 2, 3]))
            if review > until:
                return
            reviewer = rng.choice(["陈国强", "周晓燕", "吴志明"])
            self.typed(review)
            if rng.random() < 0.08 and failures < 3:
                failures += 1
                again = review + dt.timedelta(days=rng.choice([7, 10, 15]))
                self.hazards.reinspect(
                    h.id,
                    date=review,
                    reviewer=reviewer,
                    passed=False,
                    opinion="整改不到位，继续整改",
                    new_deadline=again,
                )
                done = review + dt.timedelta(days=rng.choice([3, 7, 10, 20, 40]))
                continue
            if h.major and not self.may_close(h, review):
                return  # a major hazard stays open until listed or decided not to be
            self.hazards.reinspect(
                h.id,
                date=review,
                reviewer=reviewer,
                passed=True,
                opinion="经复查，隐患已整改到位",
                delisting_body=self.city_body if self.listed.get(h.id, (None,))[0] == "city" else None,
            )
            return

    city_body = "临州市人民政府"  # 谁挂牌、谁摘牌: a city listing is taken off by the city (the profile has no city)

    def supervise(self, h: _Found) -> None:
        """A major hazard is listed for supervision (挂牌督办) a few days after it is found, with its
        五落实 mostly complete — or the county decides not to list it."""
        rng = self.rng
        day = h.found + dt.timedelta(days=rng.randint(3, 15))
        if day > self.until:
            return  # not yet: the reminders show an unlisted major hazard
        self.typed(day)
        if rng.random() < 0.15:
            self.hazards.record_no_listing(
                h.id, decided_by="临江县安委办", date=day, doc_no=f"临安委办〔{day.year}〕{rng.randint(10, 99)}号"
            )
            self.listed[h.id] = (None, day)
            return
        level = rng.choice(["county", "county", "town", "city"])
        complete = rng.random() < 0.7
        self.hazards.list_major(
            h.id,
            level=level,
            listed_date=day,
            doc_no=f"临安委办〔{day.year}〕{rng.randint(10, 99)}号",
            deadline=h.deadline,
            resp_person=h.responsible,
            measures=h.measures,
            funds_fen=rng.randint(5, 60) * 1_000_000 if complete else None,
            time_limit=h.deadline,
            plan="已制定专项应急预案" if complete else None,
        )
        self.listed[h.id] = (level, day)

    def may_close(self, h: _Found, review: dt.date) -> bool:
        """Whether the service would close it on ``review``: listed (or decided not to be) by then."""
        return h.id in self.listed and self.listed[h.id][1] <= review

    def publicity(self, y: int, m: int, last_day: int) -> None:
        rng = self.rng
        rows = []
        for _ in range(max(1, round(rng.gauss(8, 2) * _month_weight(m, "publicity") * self.density))):
            kind = rng.choice(
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
            }.get(kind, (1, "次"))
            rows.append(
                {
                    "date": self.day_in(y, m, 1, last_day),
                    "activity_type": kind,
                    "theme": "安全生产月" if m == 6 else ("119消防宣传" if m == 11 else rng.choice(PUBLICITY_THEMES)),
                    "place": rng.choice(VILLAGES) + rng.choice(["村委会", "集市", "小学", "文化广场"]),
                    "village_id": rng.choice(self.village_ids),
                    "quantity": qty,
                    "unit": unit,
                    "audience": rng.randint(30, 600)
                    if kind in ("meeting", "contest", "consult", "film", "broadcast")
                    else rng.randint(0, 200),
                    "organizer": "青石镇安监站",
                    "cost": rng.choice([None, 20000, 50000, 150000]),
                }
            )
        self.put("publicity", rows)

    def training(self, y: int, m: int, last_day: int) -> None:
        rng, until = self.rng, self.until
        rows = []
        for _ in range(max(0, round(rng.gauss(3, 1) * self.density))):
            topic, group = rng.choice(TRAINING_TOPICS)
            d = self.day_in(y, m, 1, last_day)
            n = rng.randint(15, 120)
            rows.append(
                {
                    "start_date": d,
                    "end_date": d + dt.timedelta(days=rng.choice([0, 0, 1, 2]))
                    if d < until - dt.timedelta(days=2)
                    else d,
                    "topic": topic,
                    "trainer": rng.choice(["县应急管理局", "县消防救援大队", "青石镇安监站"]),
                    "group": group,
                    "trainees": n,
                    "hours": rng.choice([2, 4, 8, 16]),
                    "passed": n - rng.randint(0, 3),
                    "place": "镇政府会议室",
                }
            )
        self.put("training", rows)

    def enforcement(self, y: int, m: int, last_day: int) -> None:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        for _ in range(max(0, round(rng.gauss(4, 1.5) * self.density))):
            measure = rng.choices(
                ["order", "suspend", "seal", "seize", "confiscate", "fine", "close", "refer"],
                [40, 6, 6, 4, 6, 20, 2, 6],
            )[0]
            rows.append(
                {
                    "date": self.day_in(y, m, 1, last_day),
                    "enterprise_id": self.unit().id,
                    "legal_basis": "《中华人民共和国安全生产法》",
                    "violation": rng.choice(
                        [
                            "未按规定开展隐患排查",
                            "特种作业人员未持证上岗",
                            "无证经营成品油",
                            "安全设施未保持正常使用",
                            "未按规定对从业人员进行安全生产教育培训",
                        ]
                    ),
                    "measure": measure,
                    "items": {"seal": "柴油3475公斤", "seize": "液化气16桶", "confiscate": "非法烟花爆竹30箱"}.get(
                        measure
                    ),
                    "fine": rng.choice([200000, 500000, 1000000, 2000000, 3000000]) if measure == "fine" else None,
                    "pre_accident": rng.random() < 0.8,
                    "executed": True,
                    "referred_to": "县应急管理局" if measure == "refer" else None,
                }
            )
        rows.sort(key=lambda r: r["date"])
        for r in rows:  # case numbers run per year, in date order
            self.case_no[y] += 1
            r["case_no"] = f"青安执〔{y}〕{self.case_no[y]}号"
        self.put("enforcement", rows)

    def accidents(self, y: int, m: int, last_day: int) -> None:
        """0–3 a month, mostly road traffic; the grade follows the casualties and the loss."""
        rng, until = self.rng, self.until
        rows = []
        for _ in range(rng.choices([0, 0, 1, 1, 2, 3], [30, 20, 25, 12, 9, 4])[0]):
            industry = rng.choices(
                ["road", "fire", "industry_trade", "construction", "water", "agri_machinery", "other"],
                [80, 6, 5, 4, 2, 2, 1],
            )[0]
            deaths = rng.choices([0, 1, 2, 3], [70, 22, 6, 2])[0]
            injuries = rng.choices([0, 1, 2, 3, 5], [20, 40, 20, 12, 8])[0]
            serious = min(injuries, rng.choice([0, 0, 1]))
            loss = rng.randint(1, 80) * 500_000
            d = self.day_in(y, m, 1, last_day)
            rows.append(
                {
                    "code": f"{d.month}·{d.day}",
                    "date": d,
                    "time": f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}",
                    "village_id": rng.choice(self.village_ids),
                    "enterprise_id": self.unit().id if industry != "road" else None,
                    "place": rng.choice(["县道X602线", "省道S213线", "乡道", "村组道路", "厂区"]),
                    "industry": industry,
                    "type": {"road": "traffic", "fire": "fire", "water": "drowning"}.get(
                        industry, rng.choice(["fall", "struck", "machinery", "collapse", "electric"])
                    ),
                    "deaths": deaths,
                    "injuries": injuries,
                    "serious_injuries": serious,
                    "missing": 0,
                    "loss": loss,
                    "grade": accident_grade_for(deaths, serious, loss),
                    "counted": industry != "other",
                    "reported_at": dt.datetime.combine(d, dt.time(rng.randint(8, 20), 0)),
                    "reporting_issue": rng.choices(["none", "late"], [95, 5])[0],
                    "investigation": "closed" if d < until - dt.timedelta(days=60) else "open",
                    "description": "事故经过详见调查报告",
                }
            )
        self.put("accident", rows)

    # --- the year's agreements, plans and drills -------------------------------------------------
    def agreements(self) -> None:
        """责任书 signed every January: with each village, and with forty enterprises."""
        rng, until = self.rng, self.until
        rows = []
        for y in range(self.start.year, until.year + 1):
            jan = dt.date(y, 1, rng.randint(8, 20))
            if jan > until:
                continue
            for vid, vname in zip(self.village_ids, VILLAGES, strict=True):
                rows.append(
                    {
                        "year": y,
                        "type": "target",
                        "party_a": "青石镇人民政府",
                        "party_b": vname + "委会" if vname.endswith("村") else vname + "居委会",
                        "party_kind": "village",
                        "village_id": vid,
                        "signatory": self.person(),
                        "signed_date": jan,
                        "indicators": "全年不发生较大以上生产安全事故；死亡人数控制在1人以内",
                        "assessment": "pending" if y == until.year else rng.choice(["pass", "pass", "excellent"]),
                    }
                )
            for u in rng.sample(self.units, 40):
                rows.append(
                    {
                        "year": y,
                        "type": rng.choice(["target", "fire", "pledge"]),
                        "party_a": "青石镇人民政府",
                        "party_b": u.name,
                        "party_kind": "enterprise",
                        "enterprise_id": u.id,
                        "signatory": self.person(),
                        "signed_date": jan + dt.timedelta(days=rng.randint(0, 20)),
                        "indicators": "落实安全生产主体责任，杜绝重大事故",
                        "assessment": "pending" if y == until.year else rng.choice(["pass", "pass", "fail"]),
                    }
                )
        self.put("agreement", rows)

    def emergency_plans(self) -> None:
        start, until, rng = self.start, self.until, self.rng
        rows: list[dict[str, Any]] = [
            {
                "name": name,
                "level": "town",
                "type": kind,
                "hazard": hazard,
                "owner": "青石镇人民政府",
                "prepared_date": dt.date(start.year, 3, 20),
                "revised_date": dt.date(until.year - 1, 5, 10) if until.year > start.year else None,
                "reviewed_date": dt.date(start.year, 4, 15),
                "version": "2.0",
            }
            for name, kind, hazard in [
                ("青石镇生产安全事故应急预案", "comprehensive", "综合"),
                ("青石镇防汛抢险应急预案", "special", "防汛"),
                ("青石镇森林火灾扑救应急预案", "special", "森林火灾"),
                ("青石镇危险化学品事故应急预案", "special", "危化"),
                ("青石镇道路交通事故应急预案", "special", "交通"),
            ]
        ]
        rows += [
            {
                "name": f"{u.name}现场处置方案",
                "level": "enterprise",
                "type": "onsite",
                "hazard": "火灾",
                "owner": u.name,
                "enterprise_id": u.id,
                "prepared_date": dt.date(start.year, rng.randint(2, 11), 10),
                "version": "1.0",
            }
            for u in [u for u in self.units if u.high or u.crowded][:20]
        ]
        self.plans = self.put("emergency_plan", rows)

    def drill_plans(self) -> None:
        """The town's drill plans and three schools' evacuation drills each term month: the service
        generates the occurrences; most are held and recorded, a missed one is marked 未开展 with its
        reason when it is a month late, the last weeks' are still open (overdue on 首页)."""
        rng, until = self.rng, self.until
        schools = [u for u in self.units if u.industry == "学校"][:3]
        plan_defs: list[tuple[str, str, str, str, str, str | None, int, int, _Unit | None]] = [
            ("全镇安全生产月综合应急演练", "comprehensive", "live", "fire", "yearly", None, 6, 18, None),
            ("汛期防汛抢险演练", "single", "live", "flood", "yearly", None, 5, 20, None),
            ("冬季森林火灾扑救桌面推演", "single", "tabletop", "forest_fire", "months", "11,12", 11, 10, None),
            ("危化企业泄漏处置演练", "single", "live", "hazchem", "half_yearly", None, 3, 25, None),
        ]
        plan_defs += [
            (f"{s.name}疏散演练", "single", "live", "evacuation", "months", "3,4,5,6,9,10,11,12", 3, 12, s)
            for s in schools
        ]
        occ = get_spec("drill_occurrence").table
        horizon = dt.date(until.year, 12, 31)
        for name, content, form, scenario, recurrence, months, first_month, plan_day, school in plan_defs:
            self.typed(dt.date(self.start.year, first_month, 1))
            pid = self.drills.create_plan(
                {
                    "name": name,
                    "content": content,
                    "form": form,
                    "scenario": scenario,
                    "organizer": school.name if school else "青石镇人民政府",
                    "responsible": "陈国强",
                    "enterprise_id": school.id if school else None,
                    "plan_id": self.plans[0] if not school else None,
                    "recurrence": recurrence,
                    "months": months,
                    "day_of_month": plan_day,
                    "start_date": dt.date(self.start.year, first_month, 1),
                    "expected_scale": 80 if not school else 600,
                    "active": True,
                },
                until=horizon,
            )
            with self.db.session() as s:
                due_dates = s.execute(
                    select(occ.c.id, occ.c.due_date).where(occ.c.plan_id == pid).order_by(occ.c.due_date)
                ).all()
            for oid, due in due_dates:
                if due <= until - dt.timedelta(days=3) and rng.random() < 0.88:
                    self.drill(oid, due, name, content, form, scenario, school)
                elif due + dt.timedelta(days=30) <= until:
                    reason = rng.choice(MISSED_REASONS)
                    self.typed(due + dt.timedelta(days=30))
                    self.drills.mark_missed(oid, reason=reason, date=due + dt.timedelta(days=30))

    def drill(
        self,
        occurrence_id: int,
        due: dt.date,
        name: str,
        content: str,
        form: str,
        scenario: str,
        school: _Unit | None,
    ) -> None:
        """One held drill, its evaluation (the grade follows the score) and, when it went badly, the
        problem found and its fix."""
        rng, until = self.rng, self.until
        when = dt.datetime.combine(due + dt.timedelta(days=rng.randint(-3, 3)), dt.time(9, 0))
        when = min(when, dt.datetime.combine(until, dt.time(9, 0)))
        score = rng.choices(
            [rng.randint(90, 98), rng.randint(80, 89), rng.randint(62, 79), rng.randint(45, 59)], [25, 45, 25, 5]
        )[0]
        problems = []
        if score < 80:
            deadline = when.date() + dt.timedelta(days=30)
            problems.append(
                {
                    "problem": rng.choice(
                        [
                            "疏散路线指示不清",
                            "对讲机信号差，指挥不畅",
                            "部分人员不会使用灭火器",
                            "集合点清点人数耗时过长",
                        ]
                    ),
                    "measure": "加强培训，修订方案",
                    "deadline": deadline,
                    "status": "done" if deadline < until else "open",
                    "rectifier": "周晓燕",
                    "confirmer": "陈国强",
                }
            )
        self.typed(when.date())
        self.drills.record(
            {
                "name": name,
                "start_at": when,
                "end_at": when + dt.timedelta(hours=2),
                "place": school.name if school else rng.choice(VILLAGES) + "村委会广场",
                "organizer": school.name if school else "青石镇安监站",
                "commander": "刘建华",
                "recorder": "周晓燕",
                "participant_units": "镇安监站、派出所、义务消防队、村委会" if not school else "全校师生",
                "participants": rng.randint(30, 120) if not school else rng.randint(300, 900),
                "content": content,
                "form": form,
                "scenario": scenario,
                "scenario_text": "模拟发生险情，组织人员疏散与处置",
                "plan_id": self.plans[0] if not school else None,
                "enterprise_id": school.id if school else None,
                "cost": rng.choice([None, 200000, 500000]),
                "equipment_used": "灭火器、消防水带、手抬机动消防泵",
                "summary": "演练组织有序，达到预期目的" if score >= 80 else "演练基本完成，存在不足",
                "score": score,
                "evaluator": "吴志明",
                "evaluation_date": when.date(),
                "plan_revised": score < 70,
            },
            occurrence_id=occurrence_id,
            problems=problems,
        )

    def month_texts(self) -> None:
        """The last twelve ended months' text for the county (R18 预警预测月报), as the clerk types it."""
        ended = [(y, m) for y, m in self.months if add_months(dt.date(y, m, 1), 1) <= self.until][-12:]
        for y, m in ended:
            self.typed(add_months(dt.date(y, m, 1), 1))  # early the next month, with the report
            save_month_text(
                self.ledger,
                y,
                m,
                {
                    "key_work": f"开展{'节前' if m in (1, 4, 9, 12) else '日常'}安全检查，"
                    f"组织{'安全生产月' if m == 6 else '119消防' if m == 11 else '安全生产'}宣传；"
                    f"督促隐患整改，落实整改复查。",
                    "problems": self.rng.choice(
                        ["部分小作坊消防设施配备不足", "个别企业隐患整改不及时", "村级安全员业务能力有待提高"]
                    ),
                    "next_plan": "针对下月风险开展专项检查，按计划组织演练和培训，跟踪逾期隐患整改。",
                    "forecast": FORECASTS[m % 12 + 1],
                },
            )

    # --- the station's other books (#18) ------------------------------------------------------
    def rules(self) -> None:
        """制度汇编: the shipped rule names, most adopted at the start and on the wall."""
        t = get_spec("rule").table
        with self.db.session() as s:
            ids = [r.id for r in s.execute(select(t.c.id).where(t.c.deleted_at.is_(None)).order_by(t.c.id))]
        self.typed(dt.date(self.start.year, 3, 20))
        for rid in ids:
            if self.rng.random() < 0.85:
                values = {
                    "established": True,
                    "posted": self.rng.random() < 0.8,
                    "version_date": dt.date(self.start.year, 3, 15),
                    "approved_by": f"青委〔{self.start.year}〕{self.rng.randint(20, 40)}号",
                }
                self.ledger.update("rule", rid, values)

    def certified_operators(self) -> None:
        """特种作业持证上岗: the operators of the high-risk units; a few certificates run out soon, one
        has, and one operator works without (无证上岗, as inspections find)."""
        rng, until = self.rng, self.until
        kinds = [
            ("electric", "低压电工作业"),
            ("welding", "熔化焊接与热切割作业"),
            ("height", "登高架设作业"),
            ("hazchem", "加油站作业"),
            ("special_equipment", "叉车司机"),
        ]
        rows = []
        for n, u in enumerate([u for u in self.units if u.high or u.industry == "工贸企业"][:30]):
            for _ in range(rng.randint(1, 2)):
                kind, job = rng.choice(kinds)
                issued = until - dt.timedelta(days=rng.randint(100, 6 * 365 - 100))
                if n in (3, 7):
                    issued = add_months(until, -72) + dt.timedelta(days=rng.randint(20, 80))  # due for renewal
                if n == 11:
                    issued = add_months(until, -73)  # has run out
                rows.append(
                    {
                        "name": self.person(),
                        "enterprise_id": u.id,
                        "kind": kind,
                        "job": job,
                        "cert_no": None if n == 5 else f"T33052219{rng.randrange(10**9):09d}",
                        "issued": None if n == 5 else issued,
                        "expiry": None if n == 5 else add_months(issued, 72),
                        "issuer": None if n == 5 else "浙江省应急管理厅",
                        "phone": self.phone(),
                        "active": True,
                    }
                )
        self.typed(self.start)
        self.put("certified_operator", rows)

    def meetings(self) -> None:
        """安委会例会 nearly every month (one month missed shows on 首页), with its decisions followed up;
        a 警示教育会 after each year's worst accident month and a 形势分析会 each quarter."""
        rng, until = self.rng, self.until
        for y, m in self.months:
            day = self.day_in(y, m, 5, 15)
            if day >= until or ((y, m) != (until.year, until.month) and rng.random() < 0.08):
                continue
            topics = [("committee", f"{m}月份安委会例会")]
            if m in (3, 6, 9, 12):
                topics.append(("situation", f"{y}年第{(m - 1) // 3 + 1}季度安全生产形势分析会"))
            for kind, topic in topics:
                self.typed(day)
                mid = self.ledger.create(
                    "meeting",
                    {
                        "date": day,
                        "type": kind,
                        "topic": topic,
                        "place": "镇政府三楼会议室",
                        "chair": "刘建华",
                        "recorder": "周晓燕",
                        "attendees": rng.randint(18, 40),
                        "units": "镇安委会成员单位、各村(社区)安全员、重点企业负责人",
                        "agenda": f"通报{m}月安全生产情况；部署{FORECASTS[m % 12 + 1][:16]}等工作",
                        "decisions": "开展专项检查；逾期隐患挂号督办；按计划组织演练",
                    },
                )
                due = day + dt.timedelta(days=30)
                fid = self.ledger.create(
                    "meeting_followup",
                    {
                        "meeting_id": mid,
                        "item": "对逾期未整改隐患逐一督办，月底前报送整改情况",
                        "responsible": "安监站",
                        "due_date": due,
                    },
                )
                if due + dt.timedelta(days=3) <= until and (rng.random() < 0.8 or due < until - dt.timedelta(days=60)):
                    self.typed(due)
                    self.ledger.update(
                        "meeting_followup", fid, {"status": "done", "done_date": due, "result": "已督办并报送"}
                    )

    def complaints(self) -> None:
        """举报投诉: one or two a month; most name a real danger and are made hazards (核查 follows);
        each is answered within days, the last weeks' still open."""
        rng, until = self.rng, self.until
        complaints = ComplaintService(self.ledger)
        for y, m in self.months:
            for _ in range(rng.choice([0, 1, 1, 2])):
                day = self.day_in(y, m)
                if day >= until:
                    continue
                u = self.unit()
                desc, category, measures = rng.choice(HAZARDS)
                anonymous = rng.random() < 0.4
                self.typed(day)
                cid = self.ledger.create(
                    "complaint",
                    {
                        "date": day,
                        "channel": rng.choice(["hotline", "phone", "visit", "superior", "village"]),
                        "enterprise_id": u.id,
                        "village_id": u.village,
                        "content": f"反映{u.name}{desc}",
                        "anonymous": anonymous,
                        "reporter": None if anonymous else self.person(),
                        "phone": None if anonymous else self.phone(),
                        "handler": self.station_staff(),
                    },
                )
                if rng.random() < 0.6:
                    deadline = day + dt.timedelta(days=rng.choice([7, 15, 30]))
                    hid = complaints.to_hazard(
                        cid,
                        deadline,
                        values={
                            "description": desc,
                            "category": category,
                            "measures": measures,
                            "responsible": self.person(),
                        },
                    )
                    self.verified(_Found(hid, day, deadline, False, measures, self.person()), u, day)
                    handling = "经现场核查情况属实，已登记隐患并督促整改"
                else:
                    handling = "经现场核查，反映的问题不存在或已整改到位"
                reply = day + dt.timedelta(days=rng.randint(3, 20))
                if reply <= until - dt.timedelta(days=5):
                    self.typed(reply)
                    self.ledger.update("complaint", cid, {"handling": handling, "reply_date": reply})

    def funding(self) -> None:
        """经费台账: the safety officers' allowances each quarter, office costs each month, and what the
        equipment, the drills and the publicity cost (linked to them)."""
        rng = self.rng
        rows: list[dict[str, Any]] = []
        for y, m in self.months:
            last = min(dt.date(y, m, calendar.monthrange(y, m)[1]), self.until)
            rows.append(
                {
                    "date": last,
                    "head": "public",
                    "source": "budget",
                    "amount": rng.randint(8, 30) * 10000,
                    "purpose": "安监站办公用品及打印耗材",
                    "voucher_no": f"{y}-{m:02d}-01",
                    "approver": "刘建华",
                }
            )
            if m in (3, 6, 9, 12):
                rows.append(
                    {
                        "date": last,
                        "head": "personnel",
                        "source": "budget",
                        "amount": len(self.village_ids) * 60000,
                        "purpose": f"{y}年第{m // 3}季度村级安全员补贴",
                        "voucher_no": f"{y}-{m:02d}-02",
                        "approver": "刘建华",
                    }
                )
        for table, link, what, date_col, name_col, cost_col in (
            ("equipment", "equipment_id", "购置", "purchase_date", "name", "price"),
            ("drill_record", "drill_record_id", "演练经费：", "start_at", "name", "cost"),
            ("publicity", "publicity_id", "宣传经费：", "date", "theme", "cost"),
        ):
            t = get_spec(table).table
            date, name, cost = t.c[date_col], t.c[name_col], t.c[cost_col]
            with self.db.session() as s:
                spent = s.execute(select(t.c.id, date, name, cost).where(cost.is_not(None), cost > 0)).all()
            for rid, day, title, amount in spent:
                day = day.date() if isinstance(day, dt.datetime) else day
                rows.append(
                    {
                        "date": day,
                        "head": "special",
                        "source": "superior" if table == "equipment" and rng.random() < 0.3 else "budget",
                        "amount": amount,
                        "purpose": f"{what}{title}"[:100],
                        link: rid,
                        "approver": "刘建华",
                    }
                )
        self.put("funding", rows)

    def resumptions(self) -> None:
        """复工复产验收: the units stopped for rectification wait for theirs (one has applied); one unit
        stopped last spring reopened after a passed acceptance, as the service allows."""
        rng, until = self.rng, self.until
        for u, status in self.stopped:
            stop = until - dt.timedelta(days=rng.randint(20, 90))
            self.typed(stop)
            self.ledger.create(
                "resumption",
                {
                    "enterprise_id": u.id,
                    "reason": "存在重大事故隐患，责令停产整顿",
                    "stop_date": stop,
                    "applied": stop + dt.timedelta(days=15) if status == "resuming" else None,
                    "result": "pending",
                },
            )
        stopped = {u.id for u, _ in self.stopped}
        reopened = next((u for u in self.live_units if u.id not in stopped and u.high), None)
        stop = dt.date(until.year, 3, 10) if until.month > 5 else dt.date(until.year - 1, 9, 10)
        if reopened is None or stop < self.start:
            return
        self.typed(stop)
        self.ledger.update("enterprise", reopened.id, {"status": "suspended"})
        accepted = stop + dt.timedelta(days=45)
        self.typed(accepted)
        self.ledger.create(
            "resumption",
            {
                "enterprise_id": reopened.id,
                "reason": "粉尘作业场所未安装除尘设施，责令停产整顿",
                "stop_date": stop,
                "applied": stop + dt.timedelta(days=35),
                "accepted": accepted,
                "team": "陈国强、周晓燕、县应急管理局专家",
                "result": "passed",
                "conditions": "除尘设施已安装并检测合格，同意复产",
            },
        )
        self.ledger.update("enterprise", reopened.id, {"status": "operating"})

    def photos(self) -> None:
        """Drawn photos (#18) on a few records: the four newest held drills (3–4 each), the three
        newest closed hazards found on an inspection (before/after), the newest 安委会 meeting's
        sign-in sheet."""
        from safetystation.demo_photos import corridor_scene, drill_scene, sign_in_sheet
        from safetystation.services.attachments import AttachmentService

        rng, photos = self.rng, AttachmentService(self.ledger)
        dr, hz, mt = get_spec("drill_record").table, get_spec("hazard").table, get_spec("meeting").table
        with self.db.session() as s:
            drills = s.execute(
                select(dr.c.id, dr.c.start_at).where(dr.c.deleted_at.is_(None)).order_by(dr.c.start_at.desc()).limit(4)
            ).all()
            hazards = s.execute(
                select(hz.c.id, hz.c.found_date, hz.c.rectified_date)
                .where(hz.c.status == "closed", hz.c.rectified_date.is_not(None), hz.c.inspection_id.is_not(None))
                .order_by(hz.c.found_date.desc())
                .limit(3)
            ).all()
            meeting = s.execute(
                select(mt.c.id, mt.c.date, mt.c.attendees).where(mt.c.type == "committee").order_by(mt.c.date.desc())
            ).first()
        captions = ["人员疏散", "沿疏散路线撤离", "集合点清点人数", "灭火器实操"]
        for i, (rid, start) in enumerate(drills):
            self.typed(start.date())
            for step in range(4 if i == 0 else 3):
                when = start + dt.timedelta(minutes=10 + 20 * step)
                photos.add(
                    "drill_record",
                    rid,
                    name=f"IMG_{start:%Y%m%d}_{step + 1:02d}.jpg",
                    data=drill_scene(rng, when, step),
                    caption=captions[step],
                )
        for hid, found, rectified in hazards:
            self.typed(found)
            when = dt.datetime.combine(found, dt.time(10, 20))
            photos.add(
                "hazard",
                hid,
                name=f"IMG_{found:%Y%m%d}_隐患.jpg",
                data=corridor_scene(rng, when, blocked=True),
                caption="整改前：安全出口通道堆放杂物",
            )
            self.typed(rectified)
            when = dt.datetime.combine(rectified, dt.time(15, 40))
            photos.add(
                "hazard",
                hid,
                name=f"IMG_{rectified:%Y%m%d}_整改后.jpg",
                data=corridor_scene(rng, when, blocked=False),
                caption="整改后：通道已清理，补配灭火器",
            )
        if meeting is not None:
            mid, day, attendees = meeting
            self.typed(day)
            photos.add(
                "meeting",
                mid,
                name=f"签到表_{day:%Y%m%d}.jpg",
                data=sign_in_sheet(rng, dt.datetime.combine(day, dt.time(9, 5)), min(attendees or 12, 14)),
                caption="会议签到表",
            )

    def tractors(self) -> None:
        """拖拉机台帐: the villages' tractors and farm trucks with their drivers (a few 年检, 保险 and
        licences due soon, one lapsed), and the checkpoints' 违法违规记录 through the year."""
        rng, until = self.rng, self.until
        vehicles: list[dict[str, Any]] = []
        for i in range(36):
            kind = rng.choices(["tractor", "farm_truck", "motorcycle"], [5, 3, 1])[0]
            due = until + dt.timedelta(days=rng.randint(-10, 360)) if i % 9 else until + dt.timedelta(days=12)
            vehicles.append(
                {
                    "plate": f"浙{rng.choice('ABCDEFG')}·{rng.randrange(10**5):05d}",
                    "type": kind,
                    "owner": self.person(),
                    "village_id": rng.choice(self.village_ids),
                    "group": f"{rng.randint(1, 12)}组",
                    "phone": self.phone(),
                    "inspection_due": due,
                    "insurance_expiry": due + dt.timedelta(days=rng.randint(-60, 60)),
                    "active": True,
                }
            )
        self.typed(self.start)
        ids = self.put("vehicle", vehicles)
        drivers = [
            {
                "name": v["owner"],
                "village_id": v["village_id"],
                "phone": v["phone"],
                "licence_no": f"3305221{rng.randrange(10**11):011d}",
                "licence_class": {"tractor": "G", "farm_truck": "H", "motorcycle": "D"}[v["type"]],
                "licence_expiry": add_months(until, rng.randint(-1, 60)),
                "vehicle_id": vid,
                "active": True,
            }
            for vid, v in zip(ids, vehicles, strict=True)
        ]
        self.put("driver", drivers)
        violations = []
        for y, m in self.months:
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                kind = rng.choices(["passengers", "unlicensed", "drunk", "overload"], [6, 2, 1, 2])[0]
                carrying = kind == "passengers"
                violations.append(
                    {
                        "date": self.day_in(y, m),
                        "checkpoint": rng.choice(["县道X602线青石段", "集镇路口", "河口村村口", "石门桥头"]),
                        "kind": kind,
                        "vehicle_type": rng.choice(["tractor", "farm_truck", "motorcycle"]),
                        "driver": self.person(),
                        "passengers": rng.randint(2, 8) if carrying else None,
                        "educated": rng.randint(1, 4),
                        "joint_unit": rng.choice(["派出所", "交警中队", None]),
                        "handling": "批评教育，签订安全承诺书",
                    }
                )
        self.put("traffic_violation", violations)

    # --- the remaining books of #18 (R27, R23, R26, R29, R30) --------------------------------------
    def more_books(self) -> None:
        """烟花爆竹, 方案与总结, 食品安全检查, 重点消防户, 农村自建房."""
        self.fireworks()
        self.plans_and_summaries()
        self.food_checks()
        self.fire_priority()
        self.self_built_houses()

    def fireworks(self) -> None:
        """烟花爆竹: six outlets (two only for 春节; one licence due soon, one outlet storing above its
        limit), their 流向登记 (bought before 春节, sold around it) and the 打非 sweeps by village before
        春节 and 国庆, a few finding and seizing illegal stock."""
        rng, until = self.rng, self.until
        outlets: list[dict[str, Any]] = []
        for i in range(6):
            vi = (i * 3 + 1) % len(VILLAGES)
            seasonal = i >= 4
            place = VILLAGES[vi].removesuffix("村").removesuffix("社区")
            checked = i != 5
            outlets.append(
                {
                    "name": f"青石{place}烟花爆竹{'临时' if seasonal else ''}零售点",
                    "kind": "seasonal" if seasonal else "fixed",
                    "operator": self.person(),
                    "phone": self.phone(),
                    "village_id": self.village_ids[vi],
                    "address": f"临江县青石镇{VILLAGES[vi]}{rng.randint(1, 12)}组",
                    "licence_no": f"{'（临）' if seasonal else ''}烟花零售证字〔{until.year}〕第{i + 1:03d}号",
                    "licence_expiry": until + dt.timedelta(days=20)
                    if i == 1
                    else add_months(until, rng.randint(3, 14)),
                    "stock_limit": rng.choice([50, 80, 100]),
                    "distance_m": rng.randint(60, 300) if checked else None,
                    "distance_check": "ok" if checked else "unchecked",
                    "checked_on": self.start + dt.timedelta(days=rng.randint(5, 40)) if checked else None,
                    "active": True,
                }
            )
        self.typed(self.start)
        ids = self.put("fireworks_outlet", outlets)
        flows: list[dict[str, Any]] = []
        products = ["组合烟花（36发）", "鞭炮（5000响）", "礼花弹（小型）", "手持烟花（冷光）", "电光花"]
        for oid, o in zip(ids, outlets, strict=True):
            for y, m in self.months:
                if m not in (1, 2, 12) and (o["kind"] == "seasonal" or rng.random() < 0.6):
                    continue
                if m in (12, 1):
                    flows.append(
                        {"date": self.day_in(y, m, 1, 10), "outlet_id": oid, "direction": "in",
                         "product": rng.choice(products), "quantity": rng.randint(15, 35),
                         "counterpart": "临江县烟花爆竹专营有限公司", "ticket_no": f"LX{y}{m:02d}{oid:03d}"}
                    )  # fmt: skip
                flows.append(
                    {"date": self.day_in(y, m, 12), "outlet_id": oid, "direction": "out",
                     "product": rng.choice(products), "quantity": rng.randint(3, 12),
                     "counterpart": self.person()}
                )  # fmt: skip
        # One outlet took a delivery bigger than its licence lets it store: 首页 reminds 超量储存.
        flows.append(
            {"date": max(self.start, until - dt.timedelta(days=10)), "outlet_id": ids[0], "direction": "in",
             "product": "组合烟花（100发）", "quantity": outlets[0]["stock_limit"] + 40,
             "counterpart": "临江县烟花爆竹专营有限公司", "note": "一次进货超过核定储存量"}
        )  # fmt: skip
        self.put("fireworks_flow", flows)
        searches: list[dict[str, Any]] = []
        spots = ["闲置房屋", "废弃砖厂", "蔬菜大棚", "停工厂房", "养殖场", "机井房", "沿街门店"]
        for y, m in self.months:
            if m not in (1, 9, 12):  # before 春节 (December, January) and 国庆
                continue
            for vid in self.village_ids:
                if rng.random() < 0.3:
                    continue  # not every village every sweep: the by-village log shows the gaps
                found = rng.random() < 0.15
                seized = rng.randint(3, 60) if found else 0
                searches.append(
                    {
                        "date": self.day_in(y, m, 5, 25),
                        "village_id": vid,
                        "places": "、".join(rng.sample(spots, 3)),
                        "place_count": rng.randint(8, 40),
                        "team": f"{self.person()}、{self.person()}",
                        "joint_unit": rng.choice(["青石派出所", "市场监管所", None]),
                        "found": 1 if found else 0,
                        "seized": seized,
                        "seized_items": f"非法烟花爆竹{seized}件（箱）" if found else None,
                        "handling": "全部收缴，移交县应急管理局集中销毁，对当事人批评教育" if found else None,
                    }
                )
        self.put("fireworks_search", searches)

    def plans_and_summaries(self) -> None:
        """方案与总结: each year's 安全生产月 (the 总体方案 and its 宣传、演练 sub-plans), the 春节 and
        国庆 checks and the 冬春火灾防控, each with its six 定; summaries written a week or two after,
        except the latest one over (首页 reminds it)."""
        rng, until = self.rng, self.until
        station = "青石镇安全生产委员会办公室"
        rows: list[dict[str, Any]] = []
        for year in range(self.start.year, until.year + 1):
            month = [
                ("overall", f"{year}年“安全生产月”活动", dt.date(year, 6, 1), dt.date(year, 6, 30),
                 "全镇各村(社区)、各生产经营单位", "全镇18个村(社区)、重点企业48家，约3000人",
                 "围绕“安全生产月”主题，开展宣传咨询日、隐患排查、应急演练和执法检查“四个一”活动"),
                ("publicity", f"{year}年“安全生产月”宣传咨询日", dt.date(year, 6, 16), dt.date(year, 6, 16),
                 "青石镇集贸市场", "设咨询台2处，发放资料1500份，约800人参加",
                 "悬挂横幅、展出展板、发放安全知识读本，现场解答群众咨询"),
                ("drill", f"{year}年“安全生产月”应急演练", dt.date(year, 6, 20), dt.date(year, 6, 20),
                 "青石镇中心小学", "师生620人，镇义务消防队15人",
                 "开展校园火灾疏散和初期火灾扑救演练，检验应急预案"),
                ("hazard", f"{year}年春节前安全生产大检查", dt.date(year, 1, 10), dt.date(year, 1, 25),
                 "全镇人员密集场所、烟花爆竹经营点、危化品单位", "检查组3个，检查单位约60家",
                 "节前对人员密集场所、烟花爆竹、道路交通、危险化学品开展拉网式检查"),
                ("enforcement", f"{year}年国庆节前执法检查", dt.date(year, 9, 15), dt.date(year, 9, 28),
                 "非煤矿山、建筑施工及加油站", "执法组2个，检查单位约30家",
                 "对重点行业领域开展执法检查，严厉打击非法违法生产经营行为"),
            ]  # fmt: skip
            for kind, name, start, end, place, scale, content in month:
                if start > until:
                    continue
                over = end + dt.timedelta(days=rng.randint(5, 12))
                summarized = over if over <= until - dt.timedelta(days=20) else None
                rows.append(
                    {
                        "activity": name,
                        "kind": kind,
                        "organizer": station if kind in ("overall", "hazard") else "青石镇安监站",
                        "responsible": self.person(),
                        "start": start,
                        "end": end,
                        "place": place,
                        "content": content,
                        "scale": scale,
                        "issued": start - dt.timedelta(days=rng.randint(5, 15)),
                        "plan_text": PLAN_TEXT.format(name=name, place=place, scale=scale),
                        "achievements": SUMMARY_WORKS.format(name=name, n=rng.randint(20, 60), m=rng.randint(5, 20))
                        if summarized
                        else None,
                        "problems": "个别企业主要负责人重视不够，隐患整改不及时；部分村宣传覆盖面不足。"
                        if summarized
                        else None,
                        "next_steps": "对发现的问题跟踪督办，逐项销号；把活动中的好做法形成常态。"
                        if summarized
                        else None,
                        "summarized": summarized,
                    }
                )
        # The latest activity over has no summary yet: 首页 reminds it once it is due.
        ended = [r for r in rows if r["end"] < until]
        if ended:
            latest = max(ended, key=lambda r: r["end"])
            latest.update(achievements=None, problems=None, next_steps=None, summarized=None)
        self.put("activity_plan", rows)

    def food_checks(self) -> None:
        """食品安全检查: before 春节, 五一 and 国庆 with the 市场监管所, and the school canteens at the start
        of each term; most find something to seize or stalls to clear."""
        rng = self.rng
        rows: list[dict[str, Any]] = []
        for y, m in self.months:
            if m not in (1, 2, 4, 9):
                continue
            kg = rng.choice([0, 0, 12, 35, 127])
            pieces = rng.choice([0, 0, 5, 8])
            rows.append(
                {
                    "date": self.day_in(y, m, 5, 25),
                    "team": f"{self.person()}、{self.person()}等",
                    "joint_unit": rng.choice(["青石市场监管所", "青石镇卫生院", None]),
                    "person_times": rng.randint(6, 24),
                    "places": rng.choice(
                        ["集贸市场、流动摊点", "学校食堂、校园周边小卖部", "农家乐、餐馆", "超市、副食店"]
                    ),
                    "units": rng.randint(10, 60),
                    "seized_kg": kg,
                    "seized_pieces": pieces,
                    "seized_items": "、".join(
                        x for x in (f"变质肉制品{kg}公斤" if kg else "", f"过期食品{pieces}件" if pieces else "") if x
                    )
                    or None,
                    "stalls_removed": rng.choice([0, 3, 6, 18]),
                    "notices": rng.choice([0, 40, 193]) if m in (1, 2) else rng.choice([0, 20]),
                    "cost": rng.choice([None, 50000, 100000]),
                    "handling": "当场没收销毁，责令限期整改，发放食品质量安全保证通知书",
                }
            )
        self.put("food_check", rows)

    def fire_priority(self) -> None:
        """重点消防户: the old wooden houses of the 集镇南街 (wiring renewed, a copper 防火小通告 each),
        households with old or disabled people, and a few 消防重点单位 from the enterprise register; one
        problem past its 整改期限."""
        rng, until = self.rng, self.until
        rows: list[dict[str, Any]] = []
        for i in range(14):
            vi = rng.randrange(len(VILLAGES))
            reason = rng.choice(["old_building", "wiring", "vulnerable", "mixed"])
            listed = self.start + dt.timedelta(days=rng.randint(10, 200))
            late = i == 0  # the one past its 整改期限
            problem = late or rng.random() < 0.6
            deadline = listed + dt.timedelta(days=rng.randint(20, 60))
            if late:
                deadline = until - dt.timedelta(days=5)
            done = problem and not late and deadline < until
            rows.append(
                {
                    "kind": "household",
                    "name": self.person(),
                    "village_id": self.village_ids[vi],
                    "address": f"{'集镇南街' if reason == 'old_building' else VILLAGES[vi]}{rng.randint(1, 60)}号",
                    "contact": None,
                    "phone": self.phone(),
                    "reason": reason,
                    "vulnerable": reason == "vulnerable",
                    "extinguisher": rng.random() < 0.7,
                    "listed": listed,
                    "problems": rng.choice(
                        [
                            "木结构老房，电线老化裸露",
                            "私拉乱接电线，无漏电保护",
                            "柴草堆放靠近灶台",
                            "住人与存放易燃物混杂",
                        ]
                    )
                    if problem
                    else None,
                    "measures": "更换输电线路，发放铜制防火小通告，配备灭火器" if problem else None,
                    "deadline": deadline if problem else None,
                    "rectified": deadline - dt.timedelta(days=3) if done else None,
                    "last_visit": min(until, listed + dt.timedelta(days=rng.randint(30, 300))),
                    "active": True,
                }
            )
        for u in [u for u in self.live_units if u.crowded][:4]:
            rows.append(
                {
                    "kind": "unit",
                    "name": u.name,
                    "enterprise_id": u.id,
                    "village_id": u.village,
                    "address": f"临江县青石镇{VILLAGES[self.village_ids.index(u.village)]}",
                    "contact": self.person(),
                    "phone": self.phone(),
                    "reason": "crowded",
                    "extinguisher": True,
                    "listed": self.start + dt.timedelta(days=rng.randint(10, 100)),
                    "active": True,
                }
            )
        self.put("fire_priority", rows)

    def self_built_houses(self) -> None:
        """农村自建房: houses used for business or let (the ones that matter), a few being built with their
        工匠, the 排查 of the last year — most safe, some with hazards (some put right), one 危房."""
        rng, until = self.rng, self.until
        rows: list[dict[str, Any]] = []
        for i in range(30):
            vi = rng.randrange(len(VILLAGES))
            stage = "building" if i % 10 == 0 else "built"
            risk = "dangerous" if i == 7 else rng.choices(["safe", "hazard", "unchecked"], [6, 2, 1])[0]
            checked = risk != "unchecked"
            rows.append(
                {
                    "owner": self.person(),
                    "village_id": self.village_ids[vi],
                    "group": f"{rng.randint(1, 12)}组",
                    "address": f"{VILLAGES[vi]}{rng.randint(1, 12)}组",
                    "phone": self.phone(),
                    "use": rng.choices(["business", "rented", "mixed", "home"], [3, 2, 3, 2])[0],
                    "structure": rng.choices(["brick_concrete", "frame", "brick_wood", "earth_wood"], [6, 2, 2, 1])[0],
                    "floors": rng.randint(2, 5),
                    "area": rng.randint(120, 900),
                    "stage": stage,
                    "built_year": rng.randint(1985, until.year - 1) if stage == "built" else None,
                    "builder": f"{self.person()}（农村建筑工匠）" if stage == "building" else None,
                    "inspected": until - dt.timedelta(days=rng.randint(10, 300)) if checked else None,
                    "risk": risk,
                    "problems": {"hazard": "擅自加层，楼梯无护栏", "dangerous": "承重墙体开裂，屋面渗漏"}.get(risk),
                    "measures": {
                        "hazard": "限期拆除加层，加装护栏",
                        "dangerous": "停止使用，人员撤离，委托房屋安全鉴定",
                    }.get(risk),
                    "rectified": risk == "hazard" and rng.random() < 0.5,
                }
            )
        self.put("self_built_house", rows)

    # --- brigades, duty ------------------------------------------------------------------------
    def brigades(self) -> None:
        """义务消防队: the town's, eight villages', four enterprises'; members and weekly training,
        now and then a call-out."""
        rng, density = self.rng, self.density
        defs: list[tuple[str, str, int, int | None]] = [("青石镇集镇义务消防队", "town", self.village_ids[1], None)]
        defs += [(f"{VILLAGES[i]}义务消防队", "village", self.village_ids[i], None) for i in range(0, 16, 2)]
        defs += [(f"{u.name}消防队", "enterprise", u.village, u.id) for u in [u for u in self.units if u.high][:4]]
        brigades = [
            {
                "name": name,
                "type": kind,
                "village_id": vid,
                "enterprise_id": eid,
                "captain": self.person(),
                "phone": self.phone(),
                "founded": dt.date(self.start.year - 2, 4, 1),
                "equipment": "手抬机动消防泵、灭火器、消防水带",
            }
            for name, kind, vid, eid in defs
        ]
        members: list[dict[str, Any]] = []
        activities: list[dict[str, Any]] = []
        for bid in self.put("brigade", brigades):
            for _ in range(rng.randint(8, 16)):
                members.append(
                    {
                        "brigade_id": bid,
                        "name": self.person(),
                        "phone": self.phone(),
                        "birth_year": rng.randint(1965, 2000),
                        "veteran": rng.random() < 0.15,
                        "active": True,
                    }
                )
            for y, m in self.months:
                for wk in range(rng.choice([1, 2, 3, 4]) if density >= 1 else 1):
                    activities.append(
                        {
                            "brigade_id": bid,
                            "date": self.day_in(y, m, 1 + 7 * wk, 7 + 7 * wk),
                            "kind": "training",
                            "content": "体能和技能训练，检查装备",
                            "attendees": rng.randint(6, 14),
                        }
                    )
                if rng.random() < 0.12:
                    activities.append(
                        {
                            "brigade_id": bid,
                            "date": self.day_in(y, m),
                            "kind": "callout",
                            "content": rng.choice(["民房起火", "柴草堆起火", "山林火情", "车辆自燃"]),
                            "place": rng.choice(VILLAGES),
                            "attendees": rng.randint(5, 12),
                            "loss_avoided": rng.randint(1, 30) * 1_000_000,
                        }
                    )
        self.put("brigade_member", members)
        self.put("brigade_activity", activities)

    def duty_and_zero_reports(self) -> None:
        """Holiday duty (元旦, 春节, 五一, 国庆) and every village's zero report after each holiday."""
        rng, until = self.rng, self.until
        duty: list[dict[str, Any]] = []
        zero: list[dict[str, Any]] = []
        for y in range(self.start.year, until.year + 1):
            spring = dt.date(y, *SPRING_FESTIVAL.get(y, (2, 1)))
            holidays = [
                ("元旦", dt.date(y, 1, 1), 3),
                ("春节", spring - dt.timedelta(days=1), 8),
                ("五一", dt.date(y, 5, 1), 5),
                ("国庆", dt.date(y, 10, 1), 7),
            ]
            for name, first, n in holidays:
                for k in range(n):
                    d = first + dt.timedelta(days=k)
                    if d > until:
                        break
                    duty.append(
                        {
                            "date": d,
                            "shift": "full",
                            "leader": rng.choice(["刘建华", "陈国强"]),
                            "staff": rng.choice(["周晓燕", "吴志明"]),
                            "phone": "0571-64821234",
                            "events": "无" if rng.random() < 0.85 else "接报村民房屋漏电隐患，已通知电工处理",
                            "handover": rng.choice(["周晓燕", "吴志明"]),
                        }
                    )
                last = first + dt.timedelta(days=n - 1)
                if last <= until:
                    for vid in self.village_ids:
                        zero.append(
                            {
                                "period": f"{y}年{name}假期",
                                "report_date": last,
                                "village_id": vid,
                                "no_accident": True,
                                "no_hazard": True,
                                "signer": self.person(),
                            }
                        )
        self.put("duty", duty)
        self.put("zero_report", zero)
