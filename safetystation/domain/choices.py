"""Closed pick-lists: stable English codes stored in the database, Chinese labels shown to people.

A ``Choices`` is an ordered set of (code, label) pairs with optional extra spellings that an
import accepts (the county writes 红 where we show 红色 / 重大风险). Codes never change once
released; labels may.
"""

from __future__ import annotations

from collections.abc import Iterator


class Choices:
    """An ordered, closed pick-list of stable codes with Chinese labels and accepted aliases."""

    def __init__(self, name: str, items: list[tuple[str, str]], aliases: dict[str, str] | None = None):
        self.name = name
        self.items = list(items)
        self._label = dict(items)
        self._lookup: dict[str, str] = {}
        for code, label in items:
            self._lookup[code.lower()] = code
            self._lookup[label] = code
        for alias, code in (aliases or {}).items():
            if code not in self._label:
                raise ValueError(f"{name}: alias {alias!r} points at unknown code {code!r}")
            self._lookup[alias] = code

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.items)

    def __contains__(self, code: object) -> bool:
        return code in self._label

    @property
    def codes(self) -> list[str]:
        return [c for c, _ in self.items]

    def label(self, code: str | None) -> str:
        if code is None:
            return ""
        return self._label.get(code, code)

    def exact(self, text: str) -> str | None:
        """The code for exactly this code, label or alias (the fast path of :meth:`parse`)."""
        return self._lookup.get(text)

    def parse(self, text: str) -> str | None:
        """The code for a code, a label or an alias (trimmed); None when nothing matches."""
        t = text.strip()
        return self._lookup.get(t) or self._lookup.get(t.lower())


# --- station ------------------------------------------------------------------------------------
JURISDICTION = Choices(
    "jurisdiction",
    [("town", "乡镇"), ("subdistrict", "街道")],
    aliases={"乡": "town", "镇": "town", "街道办事处": "subdistrict"},
)
VILLAGE_KIND = Choices(
    "village_kind",
    [("village", "村"), ("community", "社区")],
    aliases={"村委会": "village", "居委会": "community", "居": "community"},
)
STAFF_ROLE = Choices(
    "staff_role",
    [
        ("head", "安监站长"),
        ("staff", "安监站工作人员"),
        ("village_officer", "村(居)安全信息员"),
        ("leader", "分管领导"),
    ],
    aliases={
        "站长": "head",
        "工作人员": "staff",
        "安全信息员": "village_officer",
        "村居安监员": "village_officer",
        "安全员": "village_officer",
    },
)
EMPLOYMENT = Choices("employment", [("full", "专职"), ("part", "兼职")])

# --- equipment (DOMAIN.md §5, 六有 §1.1) -------------------------------------------------------
EQUIPMENT_CATEGORY = Choices(
    "equipment_category",
    [
        ("lh1", "六有①办公场所"),
        ("lh2", "六有②基本办公设备"),
        ("lh3", "六有③执法车辆"),
        ("lh4", "六有④录音摄像取证设备"),
        ("lh5", "六有⑤现场检验检测装备"),
        ("lh6", "六有⑥个人防护装备"),
        ("fire", "消防器材"),
        ("emergency", "应急物资"),
        ("publicity", "宣传设施"),
        ("other", "其他"),
    ],
    aliases={
        "办公场所": "lh1",
        "基本办公设备": "lh2",
        "办公设备": "lh2",
        "执法车辆": "lh3",
        "取证设备": "lh4",
        "录音摄像取证设备": "lh4",
        "检验检测装备": "lh5",
        "检测装备": "lh5",
        "个人防护装备": "lh6",
        "防护装备": "lh6",
        "1": "lh1",
        "2": "lh2",
        "3": "lh3",
        "4": "lh4",
        "5": "lh5",
        "6": "lh6",
    },
)
# What an item is, as far as the 六有 rules care (safetystation/services/compliance.py).
EQUIPMENT_KIND = Choices(
    "equipment_kind",
    [
        ("office", "办公室"),
        ("archive_room", "资料室"),
        ("equipment_room", "装备室"),
        ("computer", "微机"),
        ("printer", "打印机"),
        ("fax", "传真机"),
        ("vehicle", "执法车辆"),
        ("ebike", "电动车"),
        ("recorder", "执法记录仪/录音摄像设备"),
        ("camera", "照相机"),
        ("detector", "检测仪器"),
        ("helmet", "安全帽"),
        ("gas_mask", "防毒面具"),
        ("mask", "口罩"),
        ("extinguisher", "灭火器"),
        ("pump", "机动消防泵"),
        ("hose", "消防水带"),
        ("other", "其他"),
    ],
    aliases={
        "电脑": "computer",
        "计算机": "computer",
        "执法记录仪": "recorder",
        "摄像机": "recorder",
        "录音笔": "recorder",
        "汽车": "vehicle",
        "执法车": "vehicle",
        "检测仪": "detector",
        "气体检测仪": "detector",
        "防尘口罩": "mask",
    },
)
EQUIPMENT_STATUS = Choices(
    "equipment_status",
    [
        ("in_use", "在用"),
        ("in_store", "在库"),
        ("lent", "借出"),
        ("repair", "维修"),
        ("scrapped", "报废"),
        ("lost", "丢失"),
    ],
)
INTERVAL_UNIT = Choices("interval_unit", [("day", "天"), ("month", "月")], aliases={"日": "day", "个月": "month"})
CHECK_KIND = Choices(
    "check_kind",
    [
        ("check", "检查"),
        ("calibration", "检定校准"),
        ("maintenance", "保养维修"),
        ("status", "状态变更"),
    ],
    aliases={"校准": "calibration", "检定": "calibration", "维修": "maintenance", "保养": "maintenance"},
)
CHECK_RESULT = Choices("check_result", [("pass", "合格"), ("fail", "不合格")], aliases={"正常": "pass", "异常": "fail"})

# --- enterprises (R05) ----------------------------------------------------------------------------
ENTERPRISE_SCALE = Choices(
    "enterprise_scale",
    [
        ("above", "规上"),
        ("small", "小微"),
        ("individual", "个体"),
    ],
    aliases={"规模以上": "above", "小微企业": "small", "个体工商户": "individual"},
)
STANDARDIZATION = Choices(
    "standardization",
    [
        ("none", "未达标"),
        ("l1", "一级"),
        ("l2", "二级"),
        ("l3", "三级"),
        ("small", "小微达标"),
    ],
    aliases={"无": "none", "一级达标": "l1", "二级达标": "l2", "三级达标": "l3"},
)
RISK_LEVEL = Choices(
    "risk_level",
    [
        ("red", "红(重大风险)"),
        ("orange", "橙(较大风险)"),
        ("yellow", "黄(一般风险)"),
        ("blue", "蓝(低风险)"),
    ],
    aliases={
        "红": "red",
        "橙": "orange",
        "黄": "yellow",
        "蓝": "blue",
        "红色": "red",
        "橙色": "orange",
        "黄色": "yellow",
        "蓝色": "blue",
        "重大风险": "red",
        "较大风险": "orange",
        "一般风险": "yellow",
        "低风险": "blue",
    },
)
ENTERPRISE_STATUS = Choices(
    "enterprise_status",
    [
        ("operating", "在产"),
        ("suspended", "停产整顿"),
        ("resuming", "复产验收中"),
        ("closed", "关闭"),
    ],
    aliases={
        "正常": "operating",
        "在营": "operating",
        "停产": "suspended",
        "停业整顿": "suspended",
        "关闭取缔": "closed",
        "注销": "closed",
    },
)

# --- inspections (R06) ----------------------------------------------------------------------------
INSPECTION_TYPE = Choices(
    "inspection_type",
    [
        ("routine", "日常检查"),
        ("special", "专项检查"),
        ("holiday", "节前检查"),
        ("joint", "联合检查"),
        ("covert", "暗访"),
        ("review", "复查"),
        ("self", "企业自查"),
        ("verify", "核查"),
    ],
    aliases={
        "日常": "routine",
        "专项": "special",
        "节前": "holiday",
        "联合": "joint",
        "复查检查": "review",
        "自查": "self",
    },
)
# A checklist line starts 未检查 (copied from the template, no result yet); 存在问题 was the old label.
CHECK_ITEM_RESULT = Choices(
    "check_item_result",
    [("ok", "符合"), ("problem", "不符合"), ("na", "不适用"), ("pending", "未检查")],
    aliases={"存在问题": "problem", "不合格": "problem", "有问题": "problem", "合格": "ok", "未查": "pending"},
)

# --- hazards (R07/R08) ----------------------------------------------------------------------------
HAZARD_SOURCE = Choices(
    "hazard_source",
    [
        ("inspection", "检查发现"),
        ("self_report", "企业自查自报"),
        ("tip", "群众举报"),
        ("superior", "上级督查问题清单"),
        ("village", "村级自查"),
        ("drill", "演练发现"),
    ],
    aliases={"举报": "tip", "督查": "superior", "自查": "self_report"},
)
HAZARD_CATEGORY = Choices(
    "hazard_category",
    [
        ("fire", "消防"),
        ("electric", "用电"),
        ("building", "建(构)筑物"),
        ("traffic", "交通"),
        ("hazchem", "危化品"),
        ("food", "食品"),
        ("special_equipment", "特种设备"),
        ("management", "安全管理"),
        ("other", "其他"),
    ],
    aliases={"消防安全": "fire", "电气": "electric", "建筑": "building", "危险化学品": "hazchem", "管理": "management"},
)
HAZARD_GRADE = Choices(
    "hazard_grade",
    [("general", "一般"), ("major", "重大")],
    aliases={"一般隐患": "general", "重大隐患": "major", "一般事故隐患": "general", "重大事故隐患": "major"},
)
HAZARD_STATUS = Choices(
    "hazard_status",
    [
        ("registered", "已登记"),
        ("noticed", "已下发通知"),
        ("rectifying", "整改中"),
        ("awaiting_review", "待复查"),
        ("closed", "已销号"),
    ],
    aliases={"待整改": "noticed", "已整改待验收": "awaiting_review", "已整改": "closed", "销号": "closed"},
)
NOTICE_KIND = Choices("notice_kind", [("notice", "隐患整改通知书"), ("order", "责令限期整改指令书")])

LISTING_LEVEL = Choices(
    "listing_level",
    [
        ("province", "省级"),
        ("city", "市级"),
        ("county", "县级"),
        ("town", "乡镇"),
    ],
    aliases={"省": "province", "市": "city", "县": "county", "乡": "town", "镇": "town"},
)

# --- key parts (R09) ------------------------------------------------------------------------------
KEY_PART_HAZARD = Choices(
    "key_part_hazard",
    [
        ("collapse", "坍塌"),
        ("explosion", "爆炸"),
        ("fire", "火灾"),
        ("poisoning", "中毒窒息"),
        ("dam_break", "溃坝"),
        ("traffic", "交通"),
        ("flood", "透水·淹溺"),
        ("crowd", "拥挤踩踏"),
        ("other", "其他"),
    ],
)
SOURCE_GRADE = Choices("source_grade", [("g1", "一级"), ("g2", "二级"), ("g3", "三级"), ("g4", "四级")])

# --- agreements (R10) -----------------------------------------------------------------------------
AGREEMENT_TYPE = Choices(
    "agreement_type",
    [
        ("target", "安全生产目标管理责任书"),
        ("fire", "消防安全责任书"),
        ("traffic", "预防道路交通事故责任书"),
        ("anti_illegal", "打非目标责任状"),
        ("pledge", "安全承诺书"),
        ("community", "安全社区建设目标责任书"),
    ],
    aliases={"目标责任书": "target", "安全生产责任书": "target", "消防责任状": "fire", "承诺书": "pledge"},
)
PARTY_KIND = Choices(
    "party_kind",
    [
        ("village", "村(社区)"),
        ("enterprise", "企业"),
        ("school", "学校"),
        ("section", "工程标段"),
        ("unit", "乡属单位"),
        ("department", "部门"),
    ],
    aliases={"村委会": "village", "社区": "village", "村": "village"},
)
ASSESSMENT = Choices(
    "assessment",
    [
        ("pending", "待考核"),
        ("pass", "合格"),
        ("excellent", "优秀"),
        ("fail", "不合格"),
        ("veto", "一票否决"),
    ],
)

# --- publicity and training (R11/R12) -------------------------------------------------------------
PUBLICITY_TYPE = Choices(
    "publicity_type",
    [
        ("broadcast", "广播"),
        ("slogan", "标语"),
        ("banner", "横幅"),
        ("blackboard", "黑板报"),
        ("board", "宣传栏·橱窗专栏"),
        ("sign", "宣传牌"),
        ("meeting", "宣传会议"),
        ("contest", "知识竞赛"),
        ("show", "文艺表演"),
        ("film", "图片·警示片"),
        ("leaflet", "发放资料"),
        ("consult", "咨询活动"),
    ],
    aliases={
        "宣传栏": "board",
        "专栏": "board",
        "橱窗": "board",
        "资料": "leaflet",
        "手册": "leaflet",
        "会议": "meeting",
    },
)
TRAINEE_GROUP = Choices(
    "trainee_group",
    [
        ("principal", "企业主要负责人"),
        ("safety_manager", "安全管理人员"),
        ("special_ops", "特种作业人员"),
        ("new_staff", "新员工"),
        ("firefighters", "义务消防队员"),
        ("village_cadre", "村干部"),
        ("students", "学生"),
        ("station_staff", "安监站人员"),
        ("other", "其他"),
    ],
    aliases={
        "主要负责人": "principal",
        "安全管理员": "safety_manager",
        "特种作业": "special_ops",
        "消防队员": "firefighters",
    },
)

# --- plans and drills (R13/R14, FORMS.md §4) ------------------------------------------------------
PLAN_LEVEL = Choices("plan_level", [("town", "乡镇"), ("village", "村(社区)"), ("enterprise", "企业")])
PLAN_TYPE = Choices("plan_type", [("comprehensive", "综合预案"), ("special", "专项预案"), ("onsite", "现场处置方案")])
DRILL_CONTENT = Choices(
    "drill_content",
    [("comprehensive", "综合演练"), ("single", "单项(专项)演练")],
    aliases={"综合": "comprehensive", "专项": "single", "单项": "single", "专项演练": "single", "单项演练": "single"},
)
DRILL_FORM = Choices(
    "drill_form",
    [("live", "现场(实战)演练"), ("tabletop", "桌面演练")],
    aliases={"实战": "live", "现场": "live", "实战演练": "live", "桌面": "tabletop"},
)
DRILL_SCENARIO = Choices(
    "drill_scenario",
    [
        ("fire", "消防灭火"),
        ("evacuation", "疏散"),
        ("flood", "防汛"),
        ("power_cut", "停电"),
        ("hazchem", "危化品事故"),
        ("stampede", "防踩踏"),
        ("earthquake", "防震"),
        ("traffic", "交通事故"),
        ("forest_fire", "森林火灾"),
        ("other", "其他"),
    ],
)
RECURRENCE = Choices(
    "recurrence",
    [
        ("once", "一次"),
        ("monthly", "每月"),
        ("quarterly", "每季度"),
        ("half_yearly", "每半年"),
        ("yearly", "每年"),
        ("months", "指定月份"),
    ],
)
OCCURRENCE_STATUS = Choices(
    "occurrence_status",
    [("planned", "计划"), ("done", "已完成"), ("missed", "未开展"), ("cancelled", "已取消")],
    aliases={"未完成": "missed", "取消": "cancelled"},
)
DRILL_GRADE = Choices(
    "drill_grade",
    [
        ("excellent", "优秀"),
        ("good", "良好"),
        ("pass", "合格"),
        ("fail", "不合格"),
    ],
)
# The verdict on a drill frequency of FORMS.md §4 (services/drills.py DrillService.frequency): "pending"
# while the period is still running and the required drills are not (yet) all held.
DRILL_VERDICT = Choices("drill_verdict", [("ok", "达标"), ("fail", "未达标"), ("pending", "待完成")])
PROBLEM_STATUS = Choices("problem_status", [("open", "未完成"), ("done", "已完成")])

# --- brigades (R15) -------------------------------------------------------------------------------
BRIGADE_TYPE = Choices(
    "brigade_type",
    [
        ("town", "集镇义务消防队"),
        ("village", "村义务消防队"),
        ("community", "社区义务消防队"),
        ("enterprise", "企业消防队"),
        ("night_patrol", "夜防巡逻队"),
    ],
)
BRIGADE_ACTIVITY = Choices(
    "brigade_activity", [("training", "训练"), ("callout", "出警")], aliases={"出火警": "callout", "接出警": "callout"}
)

# --- accidents (R17, FORMS.md §5) -----------------------------------------------------------------
ACCIDENT_INDUSTRY = Choices(
    "accident_industry",
    [
        ("road", "道路交通"),
        ("fire", "火灾"),
        ("industry_trade", "工矿商贸"),
        ("construction", "建筑施工"),
        ("water", "水上交通"),
        ("agri_machinery", "农业机械"),
        ("other", "其他"),
    ],
    aliases={"交通": "road", "道路运输": "road", "商贸": "industry_trade", "工贸": "industry_trade"},
)
ACCIDENT_TYPE = Choices(
    "accident_type",
    [
        ("traffic", "交通事故"),
        ("fire", "火灾"),
        ("collapse", "坍塌"),
        ("explosion", "爆炸着火"),
        ("poisoning", "中毒窒息"),
        ("fall", "高处坠落"),
        ("struck", "物体打击"),
        ("machinery", "机械伤害"),
        ("electric", "触电"),
        ("drowning", "淹溺"),
        ("other", "其他"),
    ],
)
ACCIDENT_GRADE = Choices(
    "accident_grade",
    [
        ("ordinary", "一般"),
        ("larger", "较大"),
        ("major", "重大"),
        ("extraordinary", "特别重大"),
    ],
    aliases={"一般事故": "ordinary", "较大事故": "larger", "重大事故": "major", "特别重大事故": "extraordinary"},
)
REPORTING_ISSUE = Choices(
    "reporting_issue",
    [
        ("none", "按时报告"),
        ("late", "迟报"),
        ("omitted", "漏报"),
        ("false", "谎报"),
        ("concealed", "瞒报"),
    ],
    aliases={"及时": "none", "正常": "none"},
)
INVESTIGATION = Choices("investigation", [("open", "调查中"), ("closed", "已结案")])

# --- enforcement (R22) ----------------------------------------------------------------------------
ENFORCEMENT_MEASURE = Choices(
    "enforcement_measure",
    [
        ("order", "责令限期整改"),
        ("suspend", "责令停产停业整顿"),
        ("seal", "查封"),
        ("seize", "扣押"),
        ("confiscate", "没收"),
        ("fine", "罚款"),
        ("close", "关闭取缔"),
        ("refer", "移送/报告县级部门"),
    ],
    aliases={"责令整改": "order", "停产整顿": "suspend", "停业整顿": "suspend", "移送": "refer"},
)

# --- duty and zero reports (R19/R20) --------------------------------------------------------------
DUTY_SHIFT = Choices("duty_shift", [("day", "白班"), ("night", "夜班"), ("full", "24小时")])

# --- funding (R02) --------------------------------------------------------------------------------
FUND_HEAD = Choices(
    "fund_head",
    [("personnel", "人员经费"), ("public", "公用经费"), ("special", "专项经费")],
    aliases={"人员": "personnel", "公用": "public", "专项": "special", "专项资金": "special"},
)
FUND_SOURCE = Choices(
    "fund_source",
    [
        ("budget", "本级财政预算"),
        ("superior", "上级拨付"),
        ("project", "专项扶持项目"),
        ("other", "其他"),
    ],
    aliases={
        "财政预算": "budget",
        "财政": "budget",
        "本级财政": "budget",
        "上级": "superior",
        "上级补助": "superior",
        "上级拨款": "superior",
        "扶持项目": "project",
        "千村万户消防安全扶持行动": "project",
    },
)

# --- rules book (R04) -----------------------------------------------------------------------------
RULE_CATEGORY = Choices(
    "rule_category",
    [
        ("general", "职责与工作制度"),
        ("inspection", "安全检查"),
        ("hazard", "隐患排查治理"),
        ("duty", "值班值守"),
        ("reporting", "信息报送"),
        ("meeting", "会议与学习培训"),
        ("fire", "消防安全"),
        ("enforcement", "行政执法"),
        ("supervision", "企业监管"),
        ("assessment", "考核奖惩"),
        ("other", "其他"),
    ],
    aliases={
        "综合": "general",
        "职责": "general",
        "检查": "inspection",
        "隐患": "hazard",
        "值班": "duty",
        "报送": "reporting",
        "会议": "meeting",
        "培训": "meeting",
        "消防": "fire",
        "执法": "enforcement",
        "监管": "supervision",
        "奖惩": "assessment",
        "考核": "assessment",
    },
)

# --- certified operators (R12) --------------------------------------------------------------------
# The 特种作业 categories of the national catalogue (《特种作业人员安全技术培训考核管理规定》, 原国家安监
# 总局令第30号, 附件《特种作业目录》); DOMAIN.md names none. 特种设备作业 (叉车、锅炉、起重、电梯…) is
# certified by 市场监管 under another law, but township registers list those operators too.
SPECIAL_OPS = Choices(
    "special_ops",
    [
        ("electric", "电工作业"),
        ("welding", "焊接与热切割作业"),
        ("height", "高处作业"),
        ("refrigeration", "制冷与空调作业"),
        ("coal_mine", "煤矿安全作业"),
        ("metal_mine", "金属非金属矿山安全作业"),
        ("oil_gas", "石油天然气安全作业"),
        ("metallurgy", "冶金(有色)生产安全作业"),
        ("hazchem", "危险化学品安全作业"),
        ("fireworks", "烟花爆竹安全作业"),
        ("special_equipment", "特种设备作业"),
        ("other", "其他特种作业"),
    ],
    aliases={
        "电工": "electric",
        "低压电工": "electric",
        "高压电工": "electric",
        "低压电工作业": "electric",
        "高压电工作业": "electric",
        "电焊": "welding",
        "焊工": "welding",
        "电焊工": "welding",
        "气焊": "welding",
        "熔化焊接与热切割作业": "welding",
        "登高架设": "height",
        "登高架设作业": "height",
        "高处安装、维护、拆除作业": "height",
        "制冷": "refrigeration",
        "危化品": "hazchem",
        "危险化学品": "hazchem",
        "烟花爆竹": "fireworks",
        "叉车": "special_equipment",
        "叉车司机": "special_equipment",
        "起重": "special_equipment",
        "锅炉": "special_equipment",
        "电梯": "special_equipment",
        "特种设备": "special_equipment",
        "其他": "other",
    },
)

# --- meetings (R21) -------------------------------------------------------------------------------
MEETING_TYPE = Choices(
    "meeting_type",
    [
        ("committee", "安委会例会"),
        ("joint", "安委会成员联席会议"),
        ("dispatch", "安全生产调度会"),
        ("situation", "安全形势分析会"),
        ("fire", "消防例会"),
        ("warning", "警示教育会"),
        ("mobilization", "动员部署会"),
        ("other", "其他会议"),
    ],
    aliases={
        "安委会": "committee",
        "安委会会议": "committee",
        "安委会成员单位例会": "committee",
        "联席会议": "joint",
        "调度会": "dispatch",
        "形势分析会": "situation",
        "消防工作例会": "fire",
        "警示教育": "warning",
        "动员会": "mobilization",
        "部署会": "mobilization",
        "其他": "other",
    },
)

# --- complaints and tip-offs (R25) ----------------------------------------------------------------
COMPLAINT_CHANNEL = Choices(
    "complaint_channel",
    [
        ("hotline", "12350举报电话"),
        ("citizen_line", "12345热线转办"),
        ("phone", "其他电话"),
        ("visit", "来访"),
        ("letter", "来信"),
        ("online", "网络/信箱"),
        ("superior", "上级转办"),
        ("village", "村(社区)上报"),
        ("other", "其他"),
    ],
    aliases={
        "12350": "hotline",
        "12350热线": "hotline",
        "12345": "citizen_line",
        "12345热线": "citizen_line",
        "电话": "phone",
        "上门": "visit",
        "信件": "letter",
        "网络": "online",
        "网上": "online",
        "信箱": "online",
        "转办": "superior",
        "上级交办": "superior",
        "村级上报": "village",
    },
)

# --- resumption acceptance (R24) ------------------------------------------------------------------
RESUMPTION_RESULT = Choices(
    "resumption_result",
    [("pending", "待验收"), ("passed", "验收合格"), ("failed", "验收不合格")],
    aliases={
        "通过": "passed",
        "合格": "passed",
        "验收通过": "passed",
        "同意复产": "passed",
        "不通过": "failed",
        "不合格": "failed",
        "验收未通过": "failed",
        "未验收": "pending",
    },
)

# --- tractors, drivers and road-traffic violations (R16) ------------------------------------------
VEHICLE_TYPE = Choices(
    "vehicle_type",
    [("tractor", "拖拉机"), ("farm_truck", "农用车"), ("motorcycle", "摩托车"), ("other", "其他")],
    aliases={
        "手扶拖拉机": "tractor",
        "轮式拖拉机": "tractor",
        "三轮农用车": "farm_truck",
        "三轮车": "farm_truck",
        "摩托": "motorcycle",
    },  # fmt: skip
)
TRAFFIC_VIOLATION = Choices(
    "traffic_violation",
    [
        ("passengers", "载人"),
        ("unlicensed", "无证驾驶"),
        ("drunk", "酒后驾驶"),
        ("overload", "超载"),
        ("other", "其他"),
    ],
    aliases={
        "违法载人": "passengers",
        "拖拉机载人": "passengers",
        "无证": "unlicensed",
        "酒驾": "drunk",
        "醉驾": "drunk",
        "超员": "passengers",
    },  # fmt: skip
)

# --- fireworks (R27) ---------------------------------------------------------------------------------
FIREWORKS_OUTLET_KIND = Choices(
    "fireworks_outlet_kind",
    [("fixed", "固定零售点"), ("seasonal", "春节临时零售点"), ("wholesale", "批发企业")],
    aliases={"固定": "fixed", "零售点": "fixed", "临时": "seasonal", "临时零售点": "seasonal", "批发": "wholesale"},
)
DISTANCE_CHECK = Choices(
    "distance_check",
    [("unchecked", "未核查"), ("ok", "符合"), ("not_ok", "不符合")],
    aliases={"合格": "ok", "符合要求": "ok", "不合格": "not_ok", "不符合要求": "not_ok", "未查": "unchecked"},
)
FIREWORKS_DIRECTION = Choices(
    "fireworks_direction",
    [("in", "购进"), ("out", "销售")],
    aliases={"进货": "in", "入库": "in", "购入": "in", "售出": "out", "出库": "out", "销出": "out"},
)

# --- activity plans and summaries (R23) --------------------------------------------------------------
ACTIVITY_PLAN_KIND = Choices(
    "activity_plan_kind",
    [
        ("overall", "总体方案"),
        ("publicity", "宣传工作方案"),
        ("training", "教育培训方案"),
        ("drill", "应急演练方案"),
        ("hazard", "隐患排查方案"),
        ("enforcement", "执法检查方案"),
        ("other", "其他"),
    ],
    aliases={
        "总体": "overall",
        "宣传": "publicity",
        "培训": "training",
        "演练": "drill",
        "隐患排查": "hazard",
        "执法检查": "enforcement",
    },  # fmt: skip
)

# --- fire-priority households and units (R29) ----------------------------------------------------
FIRE_PRIORITY_KIND = Choices(
    "fire_priority_kind",
    [("household", "重点消防户"), ("unit", "消防重点单位")],
    aliases={"消防户": "household", "重点户": "household", "重点单位": "unit", "单位": "unit"},
)
FIRE_PRIORITY_REASON = Choices(
    "fire_priority_reason",
    [
        ("old_building", "老旧建筑(木结构)"),
        ("wiring", "电气线路老化"),
        ("vulnerable", "老弱病残等弱势群体"),
        ("crowded", "人员密集场所"),
        ("flammable", "易燃易爆物品"),
        ("mixed", "“三合一”场所"),
        ("other", "其他"),
    ],
    aliases={
        "老建筑": "old_building",
        "木结构": "old_building",
        "线路老化": "wiring",
        "弱势群体": "vulnerable",
        "老弱病残": "vulnerable",
        "人员密集": "crowded",
        "易燃易爆": "flammable",
        "三合一": "mixed",
    },  # fmt: skip
)

# --- rural self-built housing (R30) --------------------------------------------------------------
HOUSE_USE = Choices(
    "house_use",
    [("home", "自住"), ("business", "经营"), ("rented", "出租"), ("mixed", "自住兼经营")],
    aliases={"居住": "home", "经营性": "business", "用于经营": "business", "出租房": "rented", "混合": "mixed"},
)
HOUSE_STRUCTURE = Choices(
    "house_structure",
    [("brick_concrete", "砖混"), ("frame", "框架"), ("brick_wood", "砖木"), ("earth_wood", "土木"), ("other", "其他")],
    aliases={"砖混结构": "brick_concrete", "框架结构": "frame", "砖木结构": "brick_wood", "土木结构": "earth_wood"},
)
HOUSE_STAGE = Choices(
    "house_stage",
    [("planned", "拟建"), ("building", "在建"), ("built", "已建成")],
    aliases={"规划": "planned", "施工中": "building", "建设中": "building", "已建": "built", "建成": "built"},
)
HOUSE_RISK = Choices(
    "house_risk",
    [("unchecked", "未排查"), ("safe", "无安全隐患"), ("hazard", "存在安全隐患"), ("dangerous", "危房(C/D级)")],
    aliases={
        "安全": "safe",
        "无隐患": "safe",
        "有隐患": "hazard",
        "隐患": "hazard",
        "危房": "dangerous",
        "C级": "dangerous",
        "D级": "dangerous",
        "未查": "unchecked",
    },  # fmt: skip
)
