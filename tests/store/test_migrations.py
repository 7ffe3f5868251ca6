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


def test_contacts_of_an_older_workspace_become_observations(database_url: str) -> None:
    from alembic import command

    from leadsift.store.migrate import _config

    engine = create_engine(database_url.replace("postgresql:", "postgresql+psycopg:", 1))
    try:
        with engine.begin() as connection:
            command.upgrade(_config(connection), "0007")
            connection.execute(
                sa.text(
                    "INSERT INTO imports (id, kind, file, sha256, format, rows_read, rows_new, "
                    "started_at, finished_at, result) VALUES (1, 'contacts', 'crm.csv', 'x', "
                    "'csv', 2, 2, '2025-03-01 09:00:00+00:00', '2025-03-01 09:00:00+00:00', "
                    "'imported')"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO contacts (contact_key, email, title, created_at, import_id) "
                    "VALUES ('k1', 'ann@clinic.example', 'Nurse', '2024-01-02 00:00:00+00:00', 1),"
                    " ('k2', 'bo@clinic.example', 'CEO', NULL, 1)"
                )
            )
        ensure_current(engine)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT email, title, source_type, observed_at FROM contacts ORDER BY email"
                )
            ).all()
    finally:
        engine.dispose()
    assert [(r.email, r.title, r.source_type) for r in rows] == [
        ("ann@clinic.example", "Nurse", "list"),
        ("bo@clinic.example", "CEO", "list"),
    ]
    assert [str(r.observed_at)[:10] for r in rows] == ["2024-01-02", "2025-03-01"]
