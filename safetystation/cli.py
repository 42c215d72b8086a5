"""``python -m safetystation``: headless commands for batch use, tests and checks.

Every expected failure prints one Chinese line to stderr and exits 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from safetystation.config import config_path
from safetystation.dates import parse_month
from safetystation.errors import UserError
from safetystation.outputs import check_output, protect
from safetystation.services.maintenance import Database, default_db_path, is_server_url

_ARGPARSE_ZH = [
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "无效的选项："),
    ("choose from ", "可选："),
    ("expected one argument", "需要一个值"),
    ("invalid int value: ", "不是整数："),
    ("argument ", "参数 "),
]


class _Parser(argparse.ArgumentParser):
    """argparse with its error line in Chinese."""

    def error(self, message: str) -> NoReturn:
        for en, zh in _ARGPARSE_ZH:
            message = message.replace(en, zh)
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def _date(text: str) -> dt.date:
    from safetystation.domain.values import parse_date

    try:
        return parse_date(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _month(text: str) -> tuple[int, int]:
    try:
        return parse_month(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _backup_folder(path: Path) -> Path:
    from safetystation.services.maintenance import backup_folder

    return backup_folder(path)


_OPENED: list[Database] = []  # what the command opened: closed as it ends (main)


def _open(args: argparse.Namespace, *, create: bool = False, write: bool = True) -> Database:
    """Open the database. Commands that only read open it strictly read-only (no lock file, no WAL
    switch, nothing written even to a backup or a file on read-only media). It is closed when the
    command ends: a file written to gets SQLite's statistics then (Database.dispose)."""
    from safetystation.services.maintenance import open_station

    station_id = getattr(args, "station_id", None)
    if not write:
        db = open_station(_db_target(args), create=False, read_only=True, station_id=station_id)
    else:
        db = open_station(_db_target(args), create=create, station_id=station_id)
    _OPENED.append(db)
    return db


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, Decimal):
        return f"{v:,.2f}" if v == v.quantize(Decimal("0.01")) else f"{v:,.4f}"
    return str(v)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _table(headers: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(_pad(h, widths[i], i >= numeric_from) for i, h in enumerate(headers))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(_pad(str(c), widths[i], i >= numeric_from) for i, c in enumerate(r)))
    return "\n".join(lines)


# --- commands ---------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    db = _open(args, create=True)
    if args.station:
        from safetystation.services.station import StationService

        StationService(db).save_profile(
            {"name": args.station, "town": args.town or args.station, "county": args.county or ""}, external=True
        )
    print(f"数据库已就绪：{db.location}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from safetystation.demo import DEMO_SEED, DEMO_TOWNS, SCALE, generate

    n = args.town or 1
    if not 1 <= n <= len(DEMO_TOWNS):
        raise UserError(f"--town 只能是 1 到 {len(DEMO_TOWNS)}")
    town = DEMO_TOWNS[n - 1]
    db = _open(args, create=True)
    years, density = (int(SCALE["years"]), SCALE["density"]) if args.scale else (args.years, 1.0)
    t0 = time.perf_counter()
    counts = generate(
        db,
        until=args.until,
        years=years,
        density=density,
        seed=DEMO_SEED + n - 1,
        town=town,
        progress=lambda what, done, total: print(f"  [{done}/{total}] {what}…", file=sys.stderr),
    )
    total = sum(counts.values())
    print(f"示范乡镇“{town}”已写入 {db.location}：{years}年、共{total:,}条记录（{time.perf_counter() - t0:.1f}秒）")
    return 0


def _county_progress(done: int, total: int) -> None:
    """One line that counts up on a terminal; nothing in a log or a pipe."""
    if sys.stderr.isatty():
        print(f"\r  已核对 {done}/{total} 个工作簿", end="\n" if done == total else "", file=sys.stderr, flush=True)


def cmd_county(args: argparse.Namespace) -> int:
    from safetystation.county.consolidate import check_files, read_roster, write_county

    year, month = args.month
    check_output(Path(args.output))
    roster = read_roster(Path(args.roster)) if args.roster else None
    target = _db_target(args)
    if not args.sources:
        if not isinstance(target, str):
            raise UserError(
                "请给出乡镇工作簿所在的文件夹或文件；或用 --db 指定几个乡镇共用的 PostgreSQL 数据库，从数据库直接汇总。"
            )
        return _county_from_db(args, roster)
    template = None
    if isinstance(target, str) or target.exists():  # the county's database: its 县名册 and its template
        from safetystation.county.consolidate import stored_roster
        from safetystation.excel.template import registered_template
        from safetystation.services.ledger import LedgerService

        db = _open(args, write=False)
        try:
            roster = roster if roster is not None else stored_roster(LedgerService(db))
            template = registered_template(db)
        finally:
            db.dispose()
    c = check_files(
        args.sources,
        year=year,
        month=month,
        roster=roster,
        progress=_county_progress,
        template=template,
    )
    _print_townships(c)
    for p in c.skipped:
        print(f"{p.file}：{p.reason}")
    out = write_county(c, Path(args.output), allow_missing=args.allow_missing)
    missing = c.missing()
    tail = f"；未报送或未通过核对{len(missing)}个，见“未报送”“问题”表" if missing else ""
    print(f"已汇总{len(c.accepted)}个乡镇的{year}年{month}月报表：{out}{tail}")
    return 0


def _county_from_db(args: argparse.Namespace, roster: Any) -> int:
    """县级汇总 from the townships' rows in a shared database (#19): nothing read from files."""
    from safetystation.county.consolidate import stored_roster, write_county
    from safetystation.county.from_db import consolidate_from_db
    from safetystation.services.ledger import LedgerService

    year, month = args.month
    db = _open(args, write=False)
    try:
        if roster is None:
            roster = stored_roster(LedgerService(db))
        c = consolidate_from_db(db, year=year, month=month, roster=roster, progress=_county_progress)
    finally:
        db.dispose()
    _print_townships(c)
    out = write_county(c, Path(args.output), allow_missing=args.allow_missing)
    print(f"已从数据库汇总{len(c.accepted)}个乡镇的{year}年{month}月报表：{out}")
    return 0


def _print_townships(c: Any) -> None:
    for t in c.townships:
        state = "重复，未重复计入" if t.duplicate else ("通过" if t.ok else "未通过")
        print(f"{t.name}：{t.town or '（乡镇不明）'}，{state}")
        for p in t.problems:
            where = f"［{p.sheet}{' ' + p.where if p.where else ''}］" if p.sheet else ""
            print(f"    {p.level}{where}：{p.reason}")


def cmd_station(args: argparse.Namespace) -> int:
    """Townships sharing a PostgreSQL database: list them, add one, say which login works for which."""
    from safetystation.services.stations import COUNTY, StationAdmin

    if not isinstance(_db_target(args), str):
        raise UserError("station 命令只用于几个乡镇共用的 PostgreSQL 数据库（--db postgresql://…）。")
    db = _open(args)
    try:
        admin = StationAdmin(db)
        if args.action == "add":
            if not (args.town and args.county):
                raise UserError("添加乡镇需要 --town 乡镇(街道)名称 和 --county 所属县(区)")
            sid = admin.add(name=args.name or f"{args.town}安监站", town=args.town, county=args.county)
            print(f"已添加乡镇“{args.town}”，编号 {sid}")
            if args.login:
                admin.register_login(args.login, sid)
                print(f"数据库用户“{args.login}”登记为{args.town}的登录")
        elif args.action == "login":
            if not args.login or (args.county_login == (args.id is not None)):
                raise UserError("登记登录需要 --login 数据库用户，以及 --id 乡镇编号 或 --county（县级登录）之一")
            admin.register_login(args.login, COUNTY if args.county_login else args.id)
            print(
                f"数据库用户“{args.login}”登记为"
                + ("县级登录（可看各乡镇）" if args.county_login else f"编号{args.id}乡镇的登录")
            )
        rows = [[str(s["id"]), s["town"], s["name"], "、".join(s["logins"]) or "—"] for s in admin.stations()]
        print(_table(["编号", "乡镇(街道)", "安监站", "登录"], rows, numeric_from=9))
    finally:
        db.dispose()
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from safetystation.reports.monthly import HAZARD_TABLE_COLUMNS, hazard_table, monthly_report

    db = _open(args, write=False)
    year, month = args.month
    report = monthly_report(db, year, month)
    p = report.periods
    print(f"{year}年{month}月 安全生产工作月报（本年累计：{p['ytd'].name}；去年同期：{p['ly_ytd'].name}）")
    group = None
    rows: list[list[str]] = []
    for r in report.rows():
        if r.group != group:
            group = r.group
            rows.append([f"[{group}]", "", "", "", "", ""])
        rows.append(
            [
                f"  {r.label}",
                r.unit,
                _fmt(r.month),
                _fmt(r.ytd),
                _fmt(r.ly_ytd),
                "—" if r.yoy_pct is None else f"{r.yoy_pct:+}%",
            ]
        )
    print(_table(["项目", "单位", "本月", "本年累计", "去年同期", "同比"], rows, numeric_from=2))
    if args.no_table:
        return 0
    table = hazard_table(db, year, month)
    print()
    print(f"隐患排查治理情况统计表（{table.period.name}）")
    headers = ["行业和领域"] + [f"({n}){label}{unit and '/' + unit}" for n, label, unit in HAZARD_TABLE_COLUMNS]
    body = [
        [r.label]
        + [_fmt(r.cols[n]) + ("%" if n in (4, 7) and r.cols[n] is not None else "") for n, _, _ in HAZARD_TABLE_COLUMNS]
        for r in [*table.rows, table.total]
    ]
    print(_table(["行业和领域"] + [f"({n})" for n, _, _ in HAZARD_TABLE_COLUMNS], body))
    print("栏目：" + "；".join(h for h in headers[1:]))
    for note in table.notes:
        print(note)
    problems = table.rule_violations()
    if problems:
        print("校验未通过：" + "；".join(problems), file=sys.stderr)
        return 1
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    from safetystation.services.ledger import LedgerService
    from safetystation.services.reminders import OVERDUE, ReminderService

    db = _open(args, write=False)  # only reads: works while the window has the database open
    today = args.today or dt.date.today()
    items = ReminderService(LedgerService(db)).collect(today=today, days=args.days)
    overdue = sum(1 for r in items if r.severity == OVERDUE)
    print(f"{today:%Y-%m-%d}：逾期{overdue}项，{args.days}天内到期{len(items) - overdue}项")
    for r in items:
        print(("⚠ " if r.severity == OVERDUE else "· ") + r.text(today))
    return 0


def cmd_compliance(args: argparse.Namespace) -> int:
    from safetystation.services.compliance import ComplianceService
    from safetystation.services.ledger import LedgerService

    db = _open(args, write=False)
    svc = ComplianceService(LedgerService(db))
    verdicts = svc.six_haves(args.today)
    for v in verdicts:
        print(f"{v.number}. {v.title}：{v.label} — {v.reason}")
    staffing, funding = svc.staffing(), svc.funding(args.today)
    for v in (staffing, funding):
        print(f"{v.title}：{v.label} — {v.reason}")
    ok = all(v.ok for v in verdicts) and staffing.ok and funding.ok
    print("结论：" + ("“六有”、人员配备及经费保障全部达标" if ok else "存在不达标项"))
    return 0


def _pairs(values: list[str] | None, what: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in values or []:
        if "=" not in item:
            raise UserError(f"{what}“{item}”应写成 名称=值")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip() or None
    return out


def _ledger(key: str) -> Any:
    """The ledger's spec; an unknown name is a Chinese line listing the known ones, not a KeyError."""
    from safetystation.domain import get_spec

    try:
        return get_spec(key)
    except KeyError as e:
        raise UserError(str(e.args[0])) from None


def cmd_import(args: argparse.Namespace) -> int:
    from safetystation.excel.importer import commit_import, plan_import

    _ledger(args.ledger)
    db = _open(args)
    operator = None
    if args.operator:  # checked like the window's choice: the roster, and the password when set
        from safetystation.services.operators import OperatorService

        operator = OperatorService(db).login_by_name(args.operator, _password(args))
    plan = plan_import(
        db,
        Path(args.file),
        args.ledger,
        sheet=args.sheet,
        mapping=_pairs(args.map, "栏目对应"),
        defaults=_pairs(args.set, "默认值"),
        duplicates=args.duplicates,
    )
    print("\n".join(plan.summary()))
    if args.dry_run:
        print("（试运行：未写入数据库）")
        return 0 if not plan.rejected else 1
    result = commit_import(
        db,
        plan,
        mode="valid" if args.valid_only else "all",
        operator=operator,
        backup_dir=_backup_folder(db.path) if db.path else None,
        error_path=Path(args.errors) if args.errors else None,
    )
    print(result.summary())
    if result.backup:
        print(f"导入前已备份数据库：{result.backup}")
    return 1 if result.rejected else 0  # a batch caller must notice rows that were left out


def _signoff(args: argparse.Namespace) -> Any:
    from safetystation.excel.export import Signoff

    return Signoff(
        filler=args.filler or "",
        reviewer=args.reviewer or "",
        date=args.date or dt.date.today(),
        approver=getattr(args, "approver", None) or "",
    )


def cmd_export_month(args: argparse.Namespace) -> int:
    from safetystation.excel.export import export_report
    from safetystation.reports.monthly import ReportSpan

    if args.to and args.kind != "range":
        raise UserError("--to 只用于 --kind range（月份范围）")
    kind = args.kind
    year, month = args.month
    span = ReportSpan.of(kind, year, month, args.to)  # a wrong period is refused before the file is opened
    check_output(Path(args.output))  # and so is an output over the database, its companions or backups
    # Opened for writing when it can be: a period that has ended keeps its group A figures (基本情况)
    # the first time it is exported; read-only while the window has the file open (then not kept).
    from safetystation.services.maintenance import open_station

    db = open_station(_db_target(args), create=False, fallback_read_only=True)
    today = args.today or dt.date.today()
    path = export_report(
        db,
        year,
        month,
        Path(args.output),
        kind=kind,
        to=args.to,
        signoff=_signoff(args),
        today=today,
        layout=args.layout,
    )
    status = "" if span.ended(today) else f"（本期未结束，数字截至{today:%Y-%m-%d}）"
    print(f"已导出{span.label}报表{status}：{path}")
    return 0


def cmd_export_ledger(args: argparse.Namespace) -> int:
    from safetystation.excel.export import export_ledger
    from safetystation.services.ledger import Query

    spec = _ledger(args.ledger)
    db = _open(args, write=False)
    filters = {}
    for name, value in _pairs(args.filter, "筛选条件").items():
        column = next((c for c in spec.columns if name in (c.name, c.label)), None)
        if column is None:
            raise UserError(f"“{spec.title}”没有“{name}”这一栏")
        from safetystation.domain.values import coerce

        try:
            filters[column.name] = coerce(column, value, external=True)
        except ValueError as e:
            raise UserError(f"筛选条件“{name}”：{e}") from None
    q = Query(search=args.search, filters=filters, date_from=args.date_from, date_to=args.date_to)
    n = export_ledger(db, spec.key, Path(args.output), query=q, signoff=_signoff(args))
    print(f"已导出“{spec.title}”{n}条记录：{args.output}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from safetystation.excel import template

    if args.action == "help":
        print(f"已导出占位符说明：{template.export_placeholder_help(Path(args.output))}")
        return 0
    db = _open(args, write=args.action == "register")  # fill only reads the database
    if args.action == "register":
        if not args.file:
            raise UserError("请给出要登记的模板文件")
        print(f"模板已登记：{template.register_template(db, Path(args.file))}")
        return 0
    if not args.month or not args.output:
        raise UserError("填写模板需要 --month 和 -o")
    year, month = args.month
    out = template.fill_template(db, year, month, Path(args.output), signoff=_signoff(args))
    print(f"已按县模板生成：{out}")
    return 0


def _db_target(args: argparse.Namespace) -> Path | str:
    """``--db``: a file, or a PostgreSQL server's database URL (kept as the string it is)."""
    if args.db and is_server_url(args.db):
        return str(args.db)
    return _db_path(args)


def _db_path(args: argparse.Namespace) -> Path:
    """``--db`` as the station file a file-only command (backup, restore, check) works on."""
    if args.db and is_server_url(args.db):
        from safetystation.services.maintenance import SERVER_KEEPS_ITS_DATA

        raise UserError(SERVER_KEEPS_ITS_DATA)
    return Path(args.db) if args.db else default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    from safetystation.services import maintenance

    if args.db and is_server_url(args.db):  # a server's database: pg_dump, when the client is installed
        made = maintenance.backup_server_to(args.db, Path(args.to))
        print(f"已备份到：{made}（PostgreSQL 备份，用 pg_restore 恢复）")
        return 0
    made = maintenance.backup_to(_db_path(args), Path(args.to))
    print(f"已备份到：{made}")
    for line in maintenance.describe(made, full=False).lines()[1:]:
        print(line)
    return 0


def _restorer(path: Path, args: argparse.Namespace) -> Any:
    """Who restores, checked on the current file's roster (the rule itself is in the service); None
    when the current file cannot be opened: its roster is unreadable and restoring is the way out."""
    from safetystation.services import maintenance
    from safetystation.services.operators import OperatorService

    if not path.exists():
        return None
    try:
        db = maintenance.open_station(path, create=False)
    except UserError as e:
        print(f"注意：当前数据库无法打开（{e}），不核对操作员。", file=sys.stderr)
        return None
    try:
        service = OperatorService(db)
        return service.login_by_name(args.operator, _password(args)) if args.operator else service.anonymous()
    finally:
        db.dispose()


def _password(args: argparse.Namespace) -> str | None:
    import getpass
    import os

    if os.environ.get("SAFETYSTATION_PASSWORD"):
        return os.environ["SAFETYSTATION_PASSWORD"]
    if sys.stdin.isatty():
        return getpass.getpass("密码（未设置密码直接回车）：")
    return None


def cmd_restore(args: argparse.Namespace) -> int:
    from safetystation.services import maintenance

    path = _db_path(args)
    backup = Path(args.backup)
    if not backup.is_file():
        raise UserError(f"备份文件“{backup}”不存在。")
    print("\n".join(maintenance.describe(backup).lines()))
    operator = _restorer(path, args)
    result = maintenance.restore_backup(backup, path, by=operator)
    if result.previous:
        print(f"恢复前的数据库已另存为：{result.previous}")
    print(f"已由{operator.name if operator else '（未核对的操作员）'}从“{backup.name}”恢复到 {path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from safetystation.services import maintenance

    path = _db_path(args)
    result = maintenance.check(path)
    if result.recovered:
        print("已撤销上次被中断的写入（回滚日志），数据库回到中断前的状态。")
    info = result.description
    print("\n".join(info.lines()))
    if info.unopened:  # not damaged: nothing to restore
        print(f"无法检查“{path}”：{info.unopened}。这不表示数据库已损坏。", file=sys.stderr)
        return 1
    if not info.ok:
        print("数据库有问题：请用 restore 从最近的完好备份恢复（备份会先经过检查）。", file=sys.stderr)
        return 1
    return 0


def cmd_chart(args: argparse.Namespace) -> int:
    from safetystation.charts import CHARTS, make_chart

    if args.list or not args.name:
        for name, (title, _fn) in CHARTS.items():
            print(f"{name:14} {title}")
        return 0
    if not args.output:
        raise UserError("请用 -o 指定输出的 PNG 文件")
    db = _open(args, write=False)
    year, month = args.month or (dt.date.today().year, dt.date.today().month)
    from safetystation.dates import month_end

    chart = make_chart(db, args.name, min(month_end(year, month), dt.date.today()))
    print(f"已生成图表“{chart.title}”：{chart.save_png(Path(args.output))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    db = default_db_path()
    parser = _Parser(
        # The installed launchers (.deb, setup.exe) name themselves; from source it is `python -m`.
        prog=os.environ.get("SAFETYSTATION_PROG", "python -m safetystation"),
        description="乡镇安监站台账：命令行工具",
        epilog=(
            f"数据存放位置：数据库 {db}（--db 可指定其他文件）；自动备份在数据库旁的 {db.parent / 'backups'} "
            f"（或设置文件中的 backup_dir）；设置文件 {config_path()}。"
            "卸载或升级程序不会删除或改动这些文件。"
        ),
    )
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        help=f"数据库文件（默认 {default_db_path()}），或共用的 PostgreSQL 数据库地址 postgresql://用户@服务器/数据库名",
    )
    common.add_argument(
        "--station-id",
        type=int,
        help="共用的 PostgreSQL 数据库：县级登录以编号N的乡镇打开（只看、只写该乡镇的数据；station list 列出编号）",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=_Parser)

    def add(name: str, helptext: str, fn: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=helptext, description=helptext, parents=[common])
        p.set_defaults(fn=fn)
        return p

    p = add("init", "创建（或升级）数据库", cmd_init)
    p.add_argument("--station", help="安监站名称")
    p.add_argument("--town", help="乡镇(街道)名称")
    p.add_argument("--county", help="所属县(区)")
    p = add("demo", "在空数据库中生成示范乡镇“青石镇”", cmd_demo)
    p.add_argument("--scale", action="store_true", help="生成10年、10万条以上记录（用于性能测试）")
    p.add_argument("--years", type=int, default=3, help="年数（默认3）")
    p.add_argument("--until", type=_date, default=None, help="数据截止日期（默认今天）")
    p.add_argument(
        "--town", type=int, default=None, help="示范县的第N个乡镇（1-28，各有自己的名称和随机种子；默认1 青石镇）"
    )
    p = add("stats", "打印某月的月报数字和隐患排查治理情况统计表", cmd_stats)
    p.add_argument("--month", type=_month, required=True, help="月份，如 2026-06")
    p.add_argument("--no-table", action="store_true", help="不打印统计表")
    p = add("reminders", "列出逾期和即将到期的事项", cmd_reminders)
    p.add_argument("--days", type=int, default=7, help="提前几天提醒（默认7）")
    p.add_argument("--today", type=_date, default=None, help="以哪天为“今天”（默认今天）")
    p = add("compliance", "“六有”达标、人员配备和经费保障情况", cmd_compliance)
    p.add_argument("--today", type=_date, default=None, help="以哪天为“今天”（默认今天）")

    p = add("import", "把 .xlsx/.xls/.ods/.csv 导入台账（先预览，全部正确才写入）", cmd_import)
    p.add_argument("file", help="要导入的文件")
    p.add_argument("--ledger", required=True, help="台账，如 enterprise、hazard")
    p.add_argument("--sheet", help="工作表名（默认自动找表头）")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    p.add_argument("--valid-only", action="store_true", help="只导入正确的行，有误的行写入错误行文件")
    p.add_argument("--errors", help="错误行文件（默认在源文件旁）")
    p.add_argument("--duplicates", choices=["skip", "update"], default="skip", help="已存在的记录：跳过或更新")
    p.add_argument("--map", action="append", metavar="表头=栏目", help="指定栏目对应（栏目留空表示不导入）")
    p.add_argument("--set", action="append", metavar="栏目=值", help="文件缺少或未填时使用的值")
    p.add_argument(
        "--operator", help="操作员姓名（须在人员名册中；设了密码的，密码从提示或环境变量 SAFETYSTATION_PASSWORD 读取）"
    )

    def signoff_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件")
        p.add_argument("--filler", help="填表人")
        p.add_argument("--reviewer", help="审核人")
        p.add_argument("--date", type=_date, help="填报日期（默认今天）")

    p = add(
        "export-month",
        "导出报表工作簿（月报表或半年/年度/月份范围统计汇总表、隐患排查治理情况统计表、逾期隐患清单、明细、图表）",
        cmd_export_month,
    )
    p.add_argument(
        "--month", type=_month, required=True, help="月份，如 2026-06；半年汇总按此月所在的半年，月份范围为起始月"
    )
    p.add_argument(
        "--kind",
        choices=["month", "half", "year", "range"],
        default="month",
        help="month 月报；half 半年汇总（1-6月上半年、7-12月下半年）；year 年度汇总；range 月份范围（与 --to 一起）",
    )
    p.add_argument("--to", type=_month, help="range：截止月份，如 2026-08（最多12个月）")
    p.add_argument("--approver", help="分管领导签发（默认留空，手签）")
    p.add_argument(
        "--layout",
        choices=["12", "15"],
        default=None,
        help="统计表格式：12 标准12栏；15 另附“其他重点行业领域”15栏表（默认按报表页面的选择）",
    )
    p.add_argument("--today", type=_date, default=None, help="以哪天为“今天”（默认今天；期间未结束时数字截至这一天）")
    signoff_args(p)
    p = add("export-ledger", "按筛选条件导出一个台账", cmd_export_ledger)
    p.add_argument("ledger", help="台账，如 hazard")
    p.add_argument("--from", dest="date_from", type=_date, help="起始日期")
    p.add_argument("--to", dest="date_to", type=_date, help="截止日期")
    p.add_argument("--search", help="搜索文字")
    p.add_argument("--filter", action="append", metavar="栏目=值", help="筛选，如 隐患等级=重大")
    signoff_args(p)
    p = add("template", "县报表模板：register 登记、fill 按月填写、help 导出占位符说明", cmd_template)
    p.add_argument("action", choices=["register", "fill", "help"], help="register / fill / help")
    p.add_argument("file", nargs="?", help="register：模板文件")
    p.add_argument("--month", type=_month, help="fill：月份，如 2026-06")
    p.add_argument("-o", "--output", help="fill/help：输出的 .xlsx 文件")
    p.add_argument("--filler", help="填表人")
    p.add_argument("--reviewer", help="审核人")
    p.add_argument("--date", type=_date, help="填报日期（默认今天）")
    p = add("county", "县级汇总：核对各乡镇报送的月报工作簿并生成县汇总工作簿", cmd_county)
    p.add_argument("action", choices=["consolidate"], help="consolidate 汇总")
    p.add_argument(
        "sources",
        nargs="*",
        metavar="文件夹或文件",
        help="存放乡镇工作簿的文件夹，或若干工作簿；不给出时从 --db 指定的共用 PostgreSQL 数据库直接汇总各乡镇",
    )
    p.add_argument("--month", type=_month, required=True, help="月份，如 2026-10")
    p.add_argument("-o", "--output", required=True, help="输出的县汇总 .xlsx 文件")
    p.add_argument(
        "--roster",
        help="县名册文件（.xlsx/.csv，有“乡镇(街道)”栏，可有“安监站标识”栏；默认用数据库中的“县名册”，没有则不核对缺报）",
    )
    p.add_argument(
        "--allow-missing", action="store_true", help="有乡镇缺报或工作簿未通过核对时，仍汇总其余乡镇（问题列入汇总表）"
    )
    p = add(
        "station", "几个乡镇共用的 PostgreSQL 数据库：list 列出乡镇、add 添加乡镇、login 登记数据库用户", cmd_station
    )
    p.add_argument("action", choices=["list", "add", "login"], help="list / add / login")
    p.add_argument("--town", help="add：乡镇(街道)名称")
    p.add_argument("--name", help="add：安监站名称（默认“乡镇名+安监站”）")
    p.add_argument("--county", help="add：所属县(区)")
    p.add_argument("--login", help="add/login：数据库用户（须已在服务器上建立：CREATE ROLE 用户 LOGIN PASSWORD '…'）")
    p.add_argument("--id", type=int, help="login：乡镇编号")
    p.add_argument("--county-login", action="store_true", help="login：登记为县级登录（可看各乡镇的数据）")
    p = add("backup", "把数据库备份到某个文件夹（如U盘）", cmd_backup)
    p.add_argument("--to", required=True, help="备份文件夹")
    p = add("restore", "从备份恢复数据库（先检查备份，并先备份当前数据库；需站长）", cmd_restore)
    p.add_argument("backup", help="备份文件")
    p.add_argument("--operator", help="操作员（站长）姓名；密码从提示或环境变量 SAFETYSTATION_PASSWORD 读取")
    add("check", "检查数据库完整性并列出各台账记录数", cmd_check)
    p = add("chart", "生成图表 PNG（--list 列出可用图表）", cmd_chart)
    p.add_argument("name", nargs="?", help="图表名，如 hazards")
    p.add_argument("--list", action="store_true", help="列出可用图表")
    p.add_argument("--month", type=_month, help="截至月份，如 2026-06（默认本月）")
    p.add_argument("-o", "--output", help="输出的 .png 文件")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Windows consoles default to GBK; the output is UTF-8 everywhere (pipes, files, tests).
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    if not (args.db and is_server_url(args.db)):  # a server's database is no file an output could overwrite
        db_path = Path(args.db) if args.db else default_db_path()
        protect(db_path, _backup_folder(db_path))  # even commands that never open it write no -o over it
    try:
        return int(args.fn(args))
    except UserError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head/less that closed early
        return 0
    finally:
        while _OPENED:
            _OPENED.pop().dispose()
