"""Several townships in one PostgreSQL database (#19, migration 0015): a station id on every row; each
township's login sees and writes only its own rows, the county's login sees all — enforced by the
server's row-level security, not by the program's queries. Needs ``--db-url``; the logins are real
(non-superuser) roles made for the test, since a superuser is never filtered by PostgreSQL."""

from __future__ import annotations

import itertools
import os

import pytest
from sqlalchemy import make_url, select, text

from safetystation.domain import get_spec
from safetystation.errors import DatabaseError, UserError
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.maintenance import open_station
from safetystation.services.station import StationService
from safetystation.services.stations import StationAdmin
from safetystation.storage.db import Database

pytestmark = pytest.mark.postgres
_roles = itertools.count(1)


@pytest.fixture(autouse=True)
def _needs_server(pg_server):
    if pg_server is None:
        pytest.skip("needs a PostgreSQL server: --db-url (see README, 测试)")


class Shared:
    """A database shared by 青石镇 (station 1, from before the sharing) and 白沙镇 (added by the county),
    with a county login and one login per township."""

    def __init__(self, pg_server, name: str):
        self.server, self.name = pg_server, name
        self.url = pg_server.url_of(name)
        self.roles: list[str] = []
        self.opened: list[Database] = []
        self.admin_db = self.open()
        StationService(self.admin_db).save_profile({"name": "青石镇安监站", "town": "青石镇", "county": "临江县"})
        LedgerService(self.admin_db).create("village", {"name": "东村"})
        self.county, self.qingshi, self.baisha, self.stranger = (self.role() for _ in range(4))
        admin = StationAdmin(self.admin_db)
        admin.register_login(self.county, 0)  # the first login registered: the database is now shared
        self.baisha_id = admin.add(name="白沙镇安监站", town="白沙镇", county="临江县")
        admin.register_login(self.qingshi, 1)
        admin.register_login(self.baisha, self.baisha_id)

    def role(self) -> str:
        role = f"sst{os.getpid()}_login{next(_roles)}"
        for sql in (
            f'CREATE ROLE "{role}" LOGIN',
            f'GRANT USAGE ON SCHEMA public TO "{role}"',
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
            f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        ):
            self.server._sql(sql) if "CREATE ROLE" in sql else self._in_db(sql)
        self.roles.append(role)
        return role

    def _in_db(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(**self.server._params(self.name), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]  # names made here

    def open(self, role: str | None = None, **kwargs) -> Database:
        url = self.url if role is None else make_url(self.url).set(username=role).render_as_string(False)
        db = open_station(url, **kwargs)
        self.opened.append(db)
        return db

    def close(self) -> None:
        for db in self.opened:
            db.dispose()
        self.server.drop(self.name)
        for role in self.roles:
            self.server._sql(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def shared(pg_server):
    s = Shared(pg_server, pg_server.blank())
    yield s
    s.close()


def villages(db: Database) -> list[str]:
    return sorted(r["name"] for r in LedgerService(db).list("village", Query(), limit=None))


def test_each_township_sees_only_its_own_rows(shared):
    qingshi, baisha = shared.open(shared.qingshi), shared.open(shared.baisha)
    assert (qingshi.scope(), baisha.scope()) == (1, shared.baisha_id)
    assert StationService(qingshi).profile()["town"] == "青石镇"
    assert StationService(baisha).profile()["town"] == "白沙镇"
    assert villages(qingshi) == ["东村"]
    assert villages(baisha) == []
    LedgerService(baisha).create("village", {"name": "东村"})  # the same name in another township: allowed
    LedgerService(baisha).create("village", {"name": "沙湾村"})
    assert villages(baisha) == ["东村", "沙湾村"] and villages(qingshi) == ["东村"]
    with pytest.raises(UserError, match="已有相同“村\\(社区\\)名称”"):  # …but not twice in one township
        LedgerService(qingshi).create("village", {"name": "东村"})
    # each township has its own defaults and its own identity
    ind = get_spec("industry").table
    with qingshi.session() as s, baisha.session() as t:
        assert sorted(s.execute(select(ind.c.name)).scalars()) == sorted(t.execute(select(ind.c.name)).scalars())
        uid = "SELECT value FROM setting WHERE key = 'station_uid'"
        assert len(s.execute(text(uid)).all()) == 1 and len(t.execute(text(uid)).all()) == 1
        assert s.execute(text(uid)).scalar() != t.execute(text(uid)).scalar()
    # the rows carry the station id the server gave them; the program never sent one
    with shared.admin_db.session() as s:
        rows = s.execute(text("SELECT station_id, name FROM village ORDER BY station_id, name")).all()
    assert [tuple(r) for r in rows] == [(1, "东村"), (shared.baisha_id, "东村"), (shared.baisha_id, "沙湾村")]
    # the county's administration is in the audit trail: the station added, the three logins registered
    with shared.admin_db.session() as s:
        trail = s.execute(
            text(
                "SELECT ledger, action, record_id FROM audit_log WHERE ledger IN"
                " ('station', 'station_login') ORDER BY id"
            )
        ).all()
    assert [tuple(r) for r in trail] == [
        ("station", "create", 1),
        ("station_login", "create", 0),
        ("station", "create", shared.baisha_id),
        ("station_login", "create", 1),
        ("station_login", "create", shared.baisha_id),
    ]


def test_a_township_cannot_reach_another_townships_rows_even_with_sql(shared):
    baisha = shared.open(shared.baisha)
    with baisha.engine.connect() as conn:
        assert conn.execute(text("UPDATE village SET name = '改掉' WHERE name = '东村'")).rowcount == 0
        assert conn.execute(text("DELETE FROM village")).rowcount == 0
        assert conn.execute(text("SELECT count(*) FROM station")).scalar() == 1
        conn.rollback()
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(
                text(
                    "INSERT INTO village (station_id, name, kind, sort_order, created_at, updated_at)"
                    " VALUES (1, '塞进去', 'village', 0, now(), now())"
                )
            )
        conn.rollback()
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(text("INSERT INTO station_login (role, station_id) VALUES (current_user, 0)"))
    assert villages(shared.open(shared.qingshi)) == ["东村"]


def test_the_county_sees_every_township_and_can_work_as_one(shared):
    county = shared.open(shared.county)
    assert county.scope() == 0
    LedgerService(shared.open(shared.baisha)).create("village", {"name": "沙湾村"})
    towns = {s["town"]: s for s in StationAdmin(county).stations()}
    assert set(towns) == {"青石镇", "白沙镇"}
    assert towns["白沙镇"]["logins"] == [shared.baisha]
    assert villages(county) == ["东村", "沙湾村"]
    with county.narrowed(shared.baisha_id):
        assert villages(county) == ["沙湾村"]
        assert StationService(county).profile()["town"] == "白沙镇"
    assert villages(county) == ["东村", "沙湾村"]
    narrowed = shared.open(shared.county, station_id=1)
    assert villages(narrowed) == ["东村"]


def test_logins_that_may_not_are_refused(shared):
    with pytest.raises(DatabaseError, match="还没有登记到哪个乡镇"):
        shared.open(shared.stranger)
    with pytest.raises(DatabaseError, match="只能使用本乡镇"):
        shared.open(shared.baisha, station_id=1)
    with pytest.raises(UserError, match="只有县级登录"):
        StationAdmin(shared.open(shared.baisha)).add(name="x站", town="x镇", county="临江县")
    with pytest.raises(UserError, match="没有用户"):
        StationAdmin(shared.open(shared.county)).register_login("没有这个用户", 1)


def test_the_county_consolidates_the_townships_straight_from_the_database(shared, tmp_path):
    import datetime as dt

    from safetystation.county.consolidate import write_county
    from safetystation.county.from_db import consolidate_from_db

    baisha = shared.open(shared.baisha)
    LedgerService(baisha).create("village", {"name": "沙湾村"})
    hazard = {
        "found_date": dt.date(2026, 10, 9),
        "description": "配电箱未接地",
        "source": "village",
        "grade": "general",
        "deadline": dt.date(2026, 10, 20),
        "village_id": None,
    }
    from safetystation.services.hazards import HazardService

    village = LedgerService(baisha).list("village", Query(), limit=None)[0]["id"]
    HazardService(LedgerService(baisha)).register({**hazard, "village_id": village})
    c = consolidate_from_db(shared.open(shared.county), year=2026, month=10, today=dt.date(2026, 11, 5))
    assert sorted(t.town for t in c.townships) == ["白沙镇", "青石镇"] and all(t.ok for t in c.townships)
    found = {t.town: t.table[2] for t in c.townships}
    assert found == {"白沙镇": 1, "青石镇": 0}
    out = write_county(c, tmp_path / "县汇总.xlsx", allow_missing=False)
    assert out.exists()
    with pytest.raises(UserError, match="只有县级登录"):
        consolidate_from_db(baisha, year=2026, month=10)


def test_the_countys_one_pass_gives_each_township_its_own_figures(shared):
    """The county's month is computed in one pass grouped by station (#19 scale), not township by
    township: each township's figures from it are, cell for cell, those the township's own login
    computes — with different registers (one changed after the month), hazards, texts and layouts."""
    import datetime as dt

    from safetystation.excel.export import report_figures, set_statistics_layout, stations_report_figures
    from safetystation.reports.narrative import save_month_text
    from safetystation.services.hazards import HazardService

    def hazard(db: Database, day: dt.date, grade: str) -> None:
        ledger = LedgerService(db)
        village = ledger.list("village", Query(), limit=None)[0]["id"]
        row = {"found_date": day, "description": "配电箱未接地", "source": "village", "grade": grade}
        HazardService(ledger).register({**row, "deadline": day + dt.timedelta(days=10), "village_id": village})

    qingshi, baisha = shared.open(shared.qingshi), shared.open(shared.baisha)
    LedgerService(baisha).create("village", {"name": "沙湾村"})
    LedgerService(baisha).create("village", {"name": "北岭村"})
    hazard(baisha, dt.date(2026, 10, 9), "general")
    hazard(baisha, dt.date(2026, 9, 2), "major")
    hazard(qingshi, dt.date(2026, 10, 20), "general")
    save_month_text(LedgerService(baisha), 2026, 10, {"key_work": "汛期检查", "problems": "人手不足"})
    set_statistics_layout(baisha, "15")
    county = shared.open(shared.county)
    ids = [1, shared.baisha_id]
    today = dt.date(2026, 11, 5)
    grouped = stations_report_figures(county, 2026, 10, ids, today=today)
    own = {
        1: report_figures(qingshi, 2026, 10, today=today),
        shared.baisha_id: report_figures(baisha, 2026, 10, today=today),
    }
    assert grouped == own
    assert grouped[1] != grouped[shared.baisha_id]  # the townships differ: the comparison compared something
    assert "其他重点行业领域统计表" in grouped[shared.baisha_id] and "其他重点行业领域统计表" not in grouped[1]
    counted = {
        sid: next(r[2] for r in f["月报表"] if str(r[0]).strip() == "行政村(社区)数") for sid, f in grouped.items()
    }
    assert counted == {1: 1, shared.baisha_id: 2}  # (made after the month: counted as the books were started)


def test_every_table_carries_the_station_and_its_policy(pg_server, db):
    """A table a later migration adds without station_id and the policy would be every township's."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
                " EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'station_rows'),"
                " EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'station_id')"
                " FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace"
            )
        ).all()
    tables = {r[0]: tuple(r[1:]) for r in rows}
    assert len(tables) > 50
    unguarded = [t for t, v in tables.items() if t not in ("alembic_version", "station_login") and v != (True,) * 4]
    assert unguarded == []


def test_the_command_line_lists_adds_and_consolidates(shared, tmp_path):
    import subprocess
    import sys

    def run(*args: str, role: str) -> subprocess.CompletedProcess[str]:
        url = make_url(shared.url).set(username=role).render_as_string(False)
        return subprocess.run(
            [sys.executable, "-m", "safetystation", *args, "--db", url],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )

    added = run(
        "station", "add", "--town", "石门乡", "--county", "临江县", "--login", shared.stranger, role=shared.county
    )
    assert added.returncode == 0, added.stderr
    listed = run("station", "list", role=shared.stranger)  # now 石门乡's login: sees its own township only
    assert "石门乡" in listed.stdout and "青石镇" not in listed.stdout and "白沙镇" not in listed.stdout
    out = tmp_path / "县汇总.xlsx"
    county = run("county", "consolidate", "--month", "2026-10", "-o", str(out), role=shared.county)
    assert county.returncode == 0, county.stderr
    assert "已从数据库汇总3个乡镇" in county.stdout and out.exists()
    refused = run("county", "consolidate", "--month", "2026-10", "-o", str(out), role=shared.baisha)
    assert refused.returncode != 0 and "只有县级登录" in refused.stderr


def test_a_superuser_is_never_filtered_so_it_cannot_stand_for_a_township(shared):
    """PostgreSQL does not filter a superuser's rows: counted as each township, it would count them all."""
    import datetime as dt

    from safetystation.county.from_db import consolidate_from_db

    assert not shared.admin_db.filtered() and shared.open(shared.county).filtered()
    with pytest.raises(UserError, match="超级用户"):
        consolidate_from_db(shared.admin_db, year=2026, month=10, today=dt.date(2026, 11, 5))
    with pytest.raises(DatabaseError, match="超级用户"):
        shared.open(None, station_id=shared.baisha_id)


def test_a_registered_township_without_its_row_is_not_silently_left_out(shared):
    import datetime as dt

    from safetystation.county.from_db import consolidate_from_db

    county = shared.open(shared.county)
    with county.engine.connect() as conn:
        conn.execute(text("UPDATE station SET deleted_at = now() WHERE id = :b"), {"b": shared.baisha_id})
        conn.commit()
    c = consolidate_from_db(county, year=2026, month=10, today=dt.date(2026, 11, 5))
    assert [t.town for t in c.accepted] == ["青石镇"]
    assert [t.name for t in c.failed] == [f"数据库：编号{shared.baisha_id}的乡镇"]
    assert c.blocking()  # the command stops unless --allow-missing


def test_adding_a_township_is_all_or_nothing(shared, monkeypatch):
    import safetystation.services.stations as stations

    def broken(*args, **kwargs):
        raise RuntimeError("服务器中断")

    county = shared.open(shared.county)
    before = [s["town"] for s in StationAdmin(county).stations()]
    monkeypatch.setattr(stations, "install_defaults", broken)
    with pytest.raises(RuntimeError):
        StationAdmin(county).add(name="石门乡安监站", town="石门乡", county="临江县")
    assert [s["town"] for s in StationAdmin(county).stations()] == before  # no township without its defaults
