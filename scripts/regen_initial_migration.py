"""Regenerate revision 0001 from the models. Only while 0001 is unreleased; afterwards add revisions."""

import pathlib
import re
import tempfile

from alembic import command

from safetystation.storage.db import _alembic_config, make_engine

versions = pathlib.Path("safetystation/storage/migrations/versions")
for f in versions.glob("0001_*.py"):
    f.unlink()
with tempfile.TemporaryDirectory() as d:
    engine = make_engine(f"sqlite:///{d}/gen.db")
    with engine.connect() as c, c.begin():
        command.revision(_alembic_config(c), message="initial", autogenerate=True, rev_id="0001")
out = versions / "0001_initial.py"
text = out.read_text()
text = re.sub(r"Create Date: .*", "Create Date: 2026-11-22", text)
text = text.replace('"""initial\n', '"""Initial schema: every ledger table, the audit log and settings.\n')
text = re.sub(r" *# ### .*Alembic.*\n", "", text)
out.write_text(text)
print(out)
