"""Per-machine settings kept outside the database: the last database, the backup folder, rotation,
the columns the clerk last chose to print for each ledger.

They live in the user config folder (``SAFETYSTATION_CONFIG`` overrides it, for tests and portable
use) because the backup folder must still be known when the database itself is damaged.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

APP_NAME = "SafetyStation"


def config_path() -> Path:
    override = os.environ.get("SAFETYSTATION_CONFIG")
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.json"


@dataclass
class AppConfig:
    last_db: str | None = None
    backup_dir: str | None = None  # None: ``backups/`` beside the database
    keep_daily: int = 30
    keep_monthly: int = 12
    # Ledger key → the columns last chosen for its print, in order (absent: the spec's print profile).
    print_columns: dict[str, list[str]] = field(default_factory=dict)

    def backup_folder(self, db_path: Path) -> Path:
        return Path(self.backup_dir) if self.backup_dir else db_path.parent / "backups"

    @classmethod
    def load(cls, path: Path | None = None) -> AppConfig:
        """The saved settings; a missing or unreadable file gives the defaults (it is not data)."""
        path = path or config_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
        chosen = values.get("print_columns")
        if chosen is not None:  # written by hand or by another version: keep what has the right shape
            values["print_columns"] = {
                k: [n for n in v if isinstance(n, str)]
                for k, v in (chosen.items() if isinstance(chosen, dict) else ())
                if isinstance(k, str) and isinstance(v, list)
            }
        try:
            return cls(**values)
        except TypeError:
            return cls()

    def save(self, path: Path | None = None) -> None:
        """Write atomically (temporary file, then rename) so a power cut never leaves half a file."""
        path = path or config_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
