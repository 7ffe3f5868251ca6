"""The schema is made by Alembic migrations and matches the tables the code queries."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from leadsift.domain.errors import WorkspaceError
from leadsift.store.engine import create_engine
from leadsift.store.migrate import current_revision, ensure_current, head_revision
from leadsift.store.schema import metadata
from leadsift.workspace.workspace import Workspace


def test_migrations_build_exactly_the_declared_schema(workspace: Workspace) -> None:
    engine = workspace.connect()
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_an_older_workspace_is_upgraded(database_url: str) -> None:
    engine = create_engine(database_url.replace("postgresql:", "postgresql+psycopg:", 1))
    try:
        assert current_revision(engine) is None
        ensure_current(engine)
        assert current_revision(engine) == head_revision()
        inspector = sa.inspect(engine)
        assert {"touches", "contacts", "identities", "imports"} <= set(inspector.get_table_names())
    finally:
        engine.dispose()


def test_a_newer_workspace_is_refused(workspace: Workspace) -> None:
    engine = workspace.connect()
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(WorkspaceError, match="newer than this leadsift knows"):
        workspace.connect()
