"""Schema versions: upgrade an older workspace, refuse a newer one."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from leadsift.domain.errors import WorkspaceError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "leadsift ships at least one migration"
    return head


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ensure_current(engine: sa.Engine) -> None:
    """Bring the database to this leadsift's schema, or refuse one written by a newer version."""
    script = ScriptDirectory.from_config(_config())
    known = {rev.revision for rev in script.walk_revisions()}
    current = current_revision(engine)
    if current is not None and current not in known:
        raise WorkspaceError(
            f"this workspace's database has schema version {current}, which is newer than "
            f"this leadsift knows (latest {head_revision()}); upgrade leadsift to use it"
        )
    if current == head_revision():
        return
    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")
