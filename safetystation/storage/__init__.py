"""Storage: the SQLite engine and sessions, migrations, backups."""
