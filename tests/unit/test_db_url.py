"""Choosing the database by URL (#19): what counts as a server, the driver used, passwords hidden, and
the file-only commands refusing a server's database with the command to use instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetystation import cli
from safetystation.errors import UserError
from safetystation.storage.claim import is_server_url as light_is_server_url
from safetystation.storage.db import is_server_url, safe_url, server_url


@pytest.mark.parametrize(
    ("target", "server"),
    [
        ("postgresql://clerk@county-db/anjian", True),
        ("postgres://clerk@10.0.0.5:5433/anjian", True),
        ("postgresql+psycopg://clerk@h/db", True),
        ("sqlite:///tmp/x.db", False),
        ("/home/clerk/safetystation.db", False),
        ("D:\\台账\\safetystation.db", False),
        (Path("postgresql:/x"), False),  # a path is a path, whatever its name
        (None, False),
    ],
)
def test_what_is_a_server(target, server):
    assert is_server_url(target) is server
    assert light_is_server_url(target) is server


def test_the_driver_is_psycopg_3_and_the_password_is_never_shown():
    url = server_url("postgres://clerk:s3cret@county-db:5433/anjian")
    assert url.drivername == "postgresql+psycopg" and url.database == "anjian" and url.port == 5433
    assert "s3cret" not in safe_url(url) and safe_url(url).endswith("clerk:***@county-db:5433/anjian")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("postgresql://clerk@county-db", "没有写数据库名"),
        ("mysql://clerk@h/db", "不支持"),
        ("postgresql://clerk@host:notaport/db", "写法不对"),
    ],
)
def test_bad_urls_are_refused_in_chinese(bad, message):
    with pytest.raises(UserError, match=message):
        server_url(bad)


@pytest.mark.parametrize("command", [["check"], ["restore", "backup.db"]])
def test_file_only_commands_name_the_servers_tools(command, capsys):
    assert cli.main([*command, "--db", "postgresql://clerk@county-db/anjian"]) == 1
    err = capsys.readouterr().err
    assert "数据库服务器负责" in err and "pg_dump -Fc" in err and "pg_restore" in err


def test_a_township_number_for_a_file_is_refused_before_anything_is_opened(tmp_path):
    """--station-id (CLI and window alike) names a township of a shared PostgreSQL database; a file is one station's."""
    from safetystation.errors import UserError
    from safetystation.services.maintenance import open_station

    with pytest.raises(UserError, match="PostgreSQL"):
        open_station(tmp_path / "台账.db", station_id=2)
    assert not (tmp_path / "台账.db").exists()
