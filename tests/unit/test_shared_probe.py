"""A hostile township clerk on a shared PostgreSQL database (#19): with its own login's password and
plain SQL (psql), what can a township reach of another township's rows, or of the county's powers?
Each test is one way in that was open; the database itself must close it (row-level security,
migration 0017), since the clerk does not need the program. Needs ``--db-url``."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text

from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.stations import StationAdmin
from tests.unit.test_shared_stations import Shared, villages

pytestmark = pytest.mark.postgres

HAZARD = (
    "INSERT INTO hazard (created_at, updated_at, found_date, source, category, description, grade, deadline,"
    " status, failed_reviews, accountability, reported_upward, village_id)"
    " VALUES (now(), now(), now(), 'village', 'other', :d, 'general', now(), 'open', 0, false, false, :v)"
    " RETURNING id"
)
STATION = (
    "INSERT INTO station (id, name, town, county, jurisdiction, is_key_town, small_jurisdiction,"
    " entrusted_enforcement, litigation_months, report_due_day, created_at, updated_at)"
    " VALUES (:i, :n, :t, '临江县', '', false, false, false, 6, 5, now(), now())"
)


@pytest.fixture(autouse=True)
def _needs_server(pg_server):
    if pg_server is None:
        pytest.skip("needs a PostgreSQL server: --db-url (see README, 测试)")


@pytest.fixture
def shared(pg_server):
    s = Shared(pg_server, pg_server.blank())
    yield s
    s.close()


def _refused(conn, sql: str, **params) -> str:
    """The statement fails (the database's refusal, as text); the transaction is rolled back."""
    with pytest.raises(Exception) as caught:
        conn.execute(text(sql), params)
    conn.rollback()
    return str(caught.value)


def _village_id(db, name: str) -> int:
    return next(r["id"] for r in LedgerService(db).list("village", Query(), limit=None) if r["name"] == name)


def test_a_township_cannot_point_its_rows_at_another_townships(shared):
    """A foreign key is checked by PostgreSQL past row-level security: 白沙镇 could make its hazard
    point at 青石镇's village (whose name the county then shows under 白沙镇's hazard), list 青石镇's
    hazard as its own 挂牌督办 (one listing per hazard: 青石镇 could then never list it) and keep
    青石镇 from ever purging the village."""
    qingshi, baisha = shared.open(shared.qingshi), shared.open(shared.baisha)
    dongcun = _village_id(qingshi, "东村")
    with qingshi.engine.connect() as conn:
        their_hazard = conn.execute(text(HAZARD), {"d": "青石镇的隐患", "v": dongcun}).scalar_one()
        conn.commit()
    with baisha.engine.connect() as conn:
        assert "row-level security" in _refused(conn, HAZARD, d="指向别镇的村", v=dongcun)
        assert "row-level security" in _refused(
            conn,
            "INSERT INTO hazard_listing (created_at, updated_at, hazard_id, level, listed_date)"
            " VALUES (now(), now(), :h, 'county', now())",
            h=their_hazard,
        )
        own = conn.execute(text(HAZARD), {"d": "本镇隐患", "v": None}).scalar_one()
        conn.commit()
        assert "row-level security" in _refused(
            conn, "UPDATE hazard SET village_id = :v WHERE id = :h", v=dongcun, h=own
        )
        # its own references still work
        LedgerService(baisha).create("village", {"name": "沙湾村"})
        conn.execute(
            text("UPDATE hazard SET village_id = :v WHERE id = :h"), {"v": _village_id(baisha, "沙湾村"), "h": own}
        )
        conn.commit()
    with qingshi.engine.connect() as conn:  # 青石镇 lists its own hazard: nobody took the place
        conn.execute(
            text(
                "INSERT INTO hazard_listing (created_at, updated_at, hazard_id, level, listed_date)"
                " VALUES (now(), now(), :h, 'county', now())"
            ),
            {"h": their_hazard},
        )
        conn.commit()


def test_a_login_registered_for_no_township_writes_nothing(shared):
    """Such a login sees nothing (scope -1), but its rows carried station -1 and so passed the check:
    rows only the county sees — a 乡镇 row among the county's townships, villages of nowhere."""
    stranger = shared.server.url_of(shared.name)
    from sqlalchemy import create_engine, make_url

    engine = create_engine(make_url(stranger).set(username=shared.stranger).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT safetystation_scope()")).scalar_one() == -1
            assert "row-level security" in _refused(conn, STATION.replace(":i", "DEFAULT"), n="幽灵站", t="幽灵镇")
            assert "row-level security" in _refused(
                conn,
                "INSERT INTO village (name, kind, sort_order, created_at, updated_at)"
                " VALUES ('幽灵村', 'village', 0, now(), now())",
            )
            assert "row-level security" in _refused(conn, "INSERT INTO setting (key, value) VALUES ('x', '1')")
    finally:
        engine.dispose()
    county = shared.open(shared.county)
    assert {s["town"] for s in StationAdmin(county).stations()} == {"青石镇", "白沙镇"}
    assert villages(county) == ["东村"]


def test_a_township_cannot_hide_from_or_pose_as_another_in_the_countys_list(shared):
    """The county consolidates the live 乡镇 rows, each as the station its id names: a township that
    renumbers, deletes or soft-deletes its own row drops out of the county's figures unnoticed; one
    that adds a row adds a township of its making."""
    baisha = shared.open(shared.baisha)
    b = shared.baisha_id
    with baisha.engine.connect() as conn:
        assert "row-level security" in _refused(conn, "UPDATE station SET id = 99 WHERE id = :b", b=b)
        assert "row-level security" in _refused(conn, "UPDATE station SET deleted_at = now()")
        assert "row-level security" in _refused(conn, STATION, i=98, n="青石镇安监站", t="青石镇")
        assert conn.execute(text("DELETE FROM station")).rowcount == 0
        conn.rollback()
        # its own profile it edits as before
        assert conn.execute(text("UPDATE station SET phone = '0000' WHERE id = :b"), {"b": b}).rowcount == 1
        conn.commit()
    county = shared.open(shared.county)
    assert [(s["id"], s["town"]) for s in StationAdmin(county).stations()] == [(1, "青石镇"), (b, "白沙镇")]


def test_a_township_login_that_could_bypass_the_townships_is_not_registered(shared):
    """Row-level security binds a login only so far: a superuser or BYPASSRLS role is never filtered,
    TRUNCATE empties every township's table, UPDATE on a sequence lets setval() (not undone by a
    rollback) stop every township's inserts. The county is told, not the login registered."""
    admin = StationAdmin(shared.open(shared.county))
    risky = shared.role()
    shared._in_db(f'GRANT TRUNCATE ON village TO "{risky}"')
    with pytest.raises(UserError, match="TRUNCATE"):
        admin.register_login(risky, shared.baisha_id)
    shared._in_db(f'REVOKE TRUNCATE ON village FROM "{risky}"')
    shared._in_db(f'GRANT UPDATE ON SEQUENCE village_id_seq TO "{risky}"')
    with pytest.raises(UserError, match="序列"):
        admin.register_login(risky, shared.baisha_id)
    shared._in_db(f'REVOKE UPDATE ON SEQUENCE village_id_seq FROM "{risky}"')
    shared.server._sql(f'ALTER ROLE "{risky}" BYPASSRLS')
    with pytest.raises(UserError, match="BYPASSRLS"):
        admin.register_login(risky, shared.baisha_id)
    shared.server._sql(f'ALTER ROLE "{risky}" NOBYPASSRLS')
    admin.register_login(risky, shared.baisha_id)  # what README grants: registered
    assert shared.open(risky).scope() == shared.baisha_id


def test_the_registered_township_logins_cannot_setval(shared):
    """What the README grants a township login: nextval (its inserts), never setval."""
    baisha = shared.open(shared.baisha)
    with baisha.engine.connect() as conn:
        assert "permission denied" in _refused(conn, "SELECT setval('village_id_seq', 2147483647)")
    LedgerService(shared.open(shared.qingshi)).create("village", {"name": "西村"})


def test_every_foreign_key_is_checked_as_its_writer_sees(pg_server, db):
    """A foreign key a later migration adds without the check (0017's ``references_check``) would let a
    township point at another's rows again."""
    with db.engine.connect() as conn:
        keys = conn.execute(
            text(
                "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c"
                " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
                " WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
            )
        ).all()
        checks = {
            (table, cmd): expr
            for table, cmd, expr in conn.execute(
                text(
                    "SELECT polrelid::regclass::text, polname, pg_get_expr(polwithcheck, polrelid) FROM pg_policy"
                    " WHERE polname IN ('station_refs_insert', 'station_refs_update') AND NOT polpermissive"
                )
            )
        }
    assert len(keys) > 50
    unchecked = [
        (table, column)
        for table, column in keys
        for cmd in ("station_refs_insert", "station_refs_update")
        if f"r.id = {table}.{column})" not in (checks.get((table, cmd)) or "")
    ]
    assert unchecked == []


class Owned:
    """A database owned by a plain login (not a superuser) and a second login, the county's to be,
    granted what the README grants; both roles and the database dropped at the end."""

    def __init__(self, pg_server, tag: str):
        import os

        self.server = pg_server
        self.owner, self.county = f"sst{os.getpid()}_{tag}owner", f"sst{os.getpid()}_{tag}county"
        self.name = f"sst{os.getpid()}_{tag}"
        for sql in (
            f'CREATE ROLE "{self.owner}" LOGIN',
            f'CREATE ROLE "{self.county}" LOGIN',
            f'CREATE DATABASE "{self.name}" OWNER "{self.owner}"',
        ):
            pg_server._sql(sql)
        self.opened: list = []

    def url(self, login: str) -> str:
        from sqlalchemy import make_url

        return make_url(self.server.url_of(self.name)).set(username=login).render_as_string(False)

    def open(self, login: str):
        from safetystation.services.maintenance import open_station

        db = open_station(self.url(login))
        self.opened.append(db)
        return db

    def as_owner(self, *sql: str) -> list:
        """Run ``sql`` as the owner; the first column of the last statement's first row, if any."""
        import psycopg

        with psycopg.connect(**{**self.server._params(self.name), "user": self.owner}, autocommit=True) as conn:
            for one in sql:
                cur = conn.execute(one)  # type: ignore[arg-type]  # (made here)
            return list(cur.fetchone() or []) if cur.description else []

    def grant_county(self) -> None:
        self.as_owner(
            f'GRANT USAGE ON SCHEMA public TO "{self.county}"',
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{self.county}"',
            f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{self.county}"',
        )

    def close(self) -> None:
        for d in self.opened:
            d.dispose()
        self.server.drop(self.name)
        for role in (self.owner, self.county):
            self.server._sql(f'DROP ROLE IF EXISTS "{role}"')


_owned_ids = itertools.count()


@pytest.fixture
def owned(pg_server):
    o = Owned(pg_server, f"own{next(_owned_ids)}")
    yield o
    o.close()


def test_the_owner_of_the_tables_administers_the_shared_database(owned):
    """README: the database's owner (a superuser or the role owning the tables) registers the county's
    login first. A non-superuser owner was then a login of no township: its registering failed at
    its own audit row (or, before 0017, left a row stamped -1) and it saw nothing after."""
    from safetystation.services.station import StationService

    db = owned.open(owned.owner)  # the owner makes the tables
    StationService(db).save_profile({"name": "青石镇安监站", "town": "青石镇", "county": "临江县"})
    LedgerService(db).create("village", {"name": "东村"})
    owned.grant_county()
    StationAdmin(db).register_login(owned.county, 0)
    again = owned.open(owned.owner)
    assert again.scope() == 0 and villages(again) == ["东村"]
    with again.session() as s:
        trail = s.execute(text("SELECT station_id, ledger FROM audit_log WHERE ledger = 'station_login'")).all()
    assert [tuple(r) for r in trail] == [(0, "station_login")]


def test_an_upgrade_only_the_owner_may_make_is_explained_and_changes_nothing(owned):
    """A new version installed, the first login to open the shared database is the county's (or a
    township's): the upgrade is the tables' owner's to make. The login is told so in Chinese, with the
    command, and the database stays as it was; the owner's upgrade then opens it for everyone."""
    from safetystation.errors import DatabaseError
    from safetystation.services.maintenance import open_station
    from safetystation.storage.db import SCHEMA_REVISION

    version = "SELECT version_num FROM alembic_version"
    db = owned.open(owned.owner)
    owned.grant_county()
    StationAdmin(db).register_login(owned.county, 0)
    owned.as_owner(
        "DROP INDEX ix_audit_log_ledger_at", "UPDATE alembic_version SET version_num = '0017'"
    )  # as 0017 left it
    with pytest.raises(DatabaseError) as refused:
        open_station(owned.url(owned.county))
    message = str(refused.value)
    assert "没有升级的权限" in message and f"从版本 0017 升级到本程序的版本 {SCHEMA_REVISION}" in message
    assert "safetystation init --db postgresql://所有者@" in message and "未做任何修改" in message
    assert "must be owner" not in message
    assert owned.as_owner(version) == ["0017"]  # nothing kept of the attempt
    owned.open(owned.owner)  # the owner upgrades it
    assert owned.as_owner(version) == [SCHEMA_REVISION]
    assert owned.open(owned.county).scope() == 0


def test_a_township_cannot_change_or_delete_its_audit_trail(shared):
    """The audit trail is an official record: a township's writes add to it; nothing of it is changed."""
    baisha = shared.open(shared.baisha)
    LedgerService(baisha).create("village", {"name": "沙湾村"})
    with baisha.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
        assert before > 0  # its own rows: the village just added
        assert conn.execute(text("UPDATE audit_log SET operator = '改过'")).rowcount == 0
        assert conn.execute(text("DELETE FROM audit_log")).rowcount == 0
        conn.commit()
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == before


@pytest.mark.parametrize("who", ["baisha", "county"])
def test_backing_up_a_shared_database_is_the_owners_job_and_says_so(shared, who, tmp_path):
    """pg_dump cannot read everything as a township's or the county's login (its sequences; a
    township's rows are filtered too): `backup` says in Chinese who can back the database up, and
    leaves no file behind."""
    import shutil

    from sqlalchemy import make_url

    from safetystation.errors import DatabaseError
    from safetystation.storage.backup import dump_server

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump (the PostgreSQL client) is not installed")
    url = make_url(shared.url).set(username=getattr(shared, who)).render_as_string(False)
    with pytest.raises(DatabaseError) as refused:
        dump_server(url, tmp_path / "bk")
    message = str(refused.value)
    assert message.startswith(f"登录用户“{getattr(shared, who)}”没有备份整个数据库所需的权限"), message
    assert "数据表所有者的登录" in message and "没有生成备份文件" in message
    assert list((tmp_path / "bk").iterdir()) == []
    whole = dump_server(shared.url, tmp_path / "bk")  # the owner's login backs the whole database up
    assert whole.read_bytes()[:5] == b"PGDMP"
