"""``python -m safetystation``: the acceptance run (demo, then stats confirmed by SQL) and errors."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safetystation", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "t.db"
    r = run("demo", "--db", str(path), "--until", "2026-11-22")
    assert r.returncode == 0, r.stderr
    assert "示范乡镇“青石镇”已写入" in r.stdout
    return path


def figure(output: str, label: str) -> list[str]:
    """The figures printed on the line of ``label`` (本月, 本年累计, 去年同期, 同比)."""
    for line in output.splitlines():
        if line.strip().startswith(label + " ") or line.strip().split("  ")[0] == label:
            return re.split(r"\s{2,}", line.strip())[2:]
    raise AssertionError(f"{label} not printed")


def test_stats_confirmed_by_sql(demo):
    r = run("stats", "--month", "2026-06", "--db", str(demo))
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(demo)

    def count(q, *p):
        return con.execute(q, p).fetchone()[0]

    month, ytd, ly = figure(r.stdout, "检查次数")[:3]
    q = "select count(*) from inspection where deleted_at is null and date between ? and ?"
    assert int(month) == count(q, "2026-06-01", "2026-06-30")
    assert int(ytd) == count(q, "2026-01-01", "2026-06-30")
    assert int(ly) == count(q, "2025-01-01", "2025-06-30")
    found = figure(r.stdout, "发现隐患")[0]
    assert int(found) == count("select count(*) from hazard where found_date between '2026-06-01' and '2026-06-30'")
    deaths = figure(r.stdout, "死亡")[1]
    assert int(deaths) == count(
        "select coalesce(sum(deaths),0) from accident where date between ? and ?", "2026-01-01", "2026-06-30"
    )
    total_line = next(line for line in r.stdout.splitlines() if line.startswith("合计"))
    general = int(re.split(r"\s+", total_line)[2])
    assert general == count(
        "select count(*) from hazard where grade='general' and found_date between ? and ?", "2026-01-01", "2026-06-30"
    )
    assert "隐患排查治理情况统计表（2026年1-6月）" in r.stdout


def test_reminders_and_compliance(demo):
    r = run("reminders", "--db", str(demo), "--today", "2026-11-22")
    assert r.returncode == 0 and "逾期" in r.stdout and "【隐患整改】" in r.stdout
    r = run("compliance", "--db", str(demo), "--today", "2026-11-22")
    assert r.returncode == 0 and "1. 有办公场所：达标" in r.stdout and "结论：" in r.stdout


def test_init_creates_an_empty_database(tmp_path):
    path = tmp_path / "new.db"
    r = run("init", "--db", str(path), "--station", "柳河镇安监站", "--town", "柳河镇", "--county", "临江县")
    assert r.returncode == 0 and path.exists()
    assert sqlite3.connect(path).execute("select name from station").fetchone()[0] == "柳河镇安监站"


@pytest.mark.parametrize(
    "args,message,code",
    [
        (["stats", "--month", "2026-13"], "不是有效的月份", 2),
        (["stats", "--month", "2026-06", "--db", "/nonexistent/x.db"], "不存在", 1),
        (["reminders", "--db", "{notadb}"], "不是 SQLite 文件", 1),
        (["demo", "--db", "{demo}"], "只能写入空数据库", 1),
        (["import", "无.csv", "--ledger", "nosuch", "--db", "{demo}"], "未知台账“nosuch”", 1),
    ],
)
def test_errors_are_chinese_and_non_zero(demo, tmp_path, args, message, code):
    notadb = tmp_path / "x.db"
    notadb.write_text("hello")
    args = [a.format(notadb=notadb, demo=demo) for a in args]
    r = run(*args)
    assert r.returncode == code
    assert message in r.stderr
    assert "Traceback" not in r.stderr


SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of ../shared/samples


def test_import_dry_run_then_commit(tmp_path):
    db = tmp_path / "s.db"
    assert run("init", "--db", str(db)).returncode == 0
    r = run("import", str(SAMPLES / "县下发_辖区企业名录.xlsx"), "--ledger", "enterprise", "--db", str(db), "--dry-run")
    assert r.returncode == 0 and "数据行60行：可导入60行" in r.stdout and "未写入数据库" in r.stdout
    assert sqlite3.connect(db).execute("select count(*) from enterprise").fetchone()[0] == 0
    r = run("import", str(SAMPLES / "督导检查问题清单.xls"), "--ledger", "hazard", "--db", str(db))
    assert r.returncode == 1 and "有25行数据有误，未导入任何数据" in r.stderr
    assert "第4行B列“被检查单位”" in r.stdout
    r = run("import", str(SAMPLES / "县下发_辖区企业名录.xlsx"), "--ledger", "enterprise", "--db", str(db))
    assert r.returncode == 0 and "新增60行" in r.stdout
    r = run(
        "import",
        str(SAMPLES / "村级隐患自查汇总.csv"),
        "--ledger",
        "hazard",
        "--db",
        str(db),
        "--valid-only",
        "--errors",
        str(tmp_path / "err.xlsx"),
        "--set",
        "整改期限=2026-11-30",
    )
    assert r.returncode == 1 and "“河口村”不在村(社区)中" in r.stdout  # this station has no villages yet


def test_exports_and_template(demo, tmp_path):
    r = run(
        "export-month",
        "--month",
        "2026-06",
        "--db",
        str(demo),
        "-o",
        str(tmp_path / "m.xlsx"),
        "--filler",
        "周晓燕",
        "--date",
        "2026-07-03",
    )
    assert r.returncode == 0 and (tmp_path / "m.xlsx").exists()
    r = run("export-ledger", "hazard", "--db", str(demo), "-o", str(tmp_path / "h.xlsx"), "--filter", "隐患等级=重大")
    assert r.returncode == 0 and "隐患排查治理台账" in r.stdout
    r = run("export-ledger", "hazard", "--db", str(demo), "-o", str(tmp_path / "h.xlsx"), "--filter", "等级=紫")
    assert r.returncode == 1 and "没有“等级”这一栏" in r.stderr
    r = run("template", "help", "-o", str(tmp_path / "help.xlsx"))
    assert r.returncode == 0 and (tmp_path / "help.xlsx").exists()
    r = run("template", "fill", "--month", "2026-06", "--db", str(demo), "-o", str(tmp_path / "t.xlsx"))
    assert r.returncode == 1 and "还没有登记" in r.stderr


def test_help_says_where_the_data_lives(tmp_path):
    """The installed `safetystation --help` (SAFETYSTATION_PROG) names the database, backup and settings paths."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env["SAFETYSTATION_PROG"] = "safetystation"
    env.pop("SAFETYSTATION_CONFIG", None)
    r = subprocess.run(
        [sys.executable, "-m", "safetystation", "--help"], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert r.returncode == 0
    text = "".join(r.stdout.split())  # argparse wraps the epilog
    assert text.startswith("usage:safetystation")
    assert f"数据库{tmp_path}/data/SafetyStation/safetystation.db" in text
    assert f"{tmp_path}/data/SafetyStation/backups" in text
    assert f"设置文件{tmp_path}/config/SafetyStation/config.json" in text
    assert "卸载或升级程序不会删除或改动这些文件" in text
