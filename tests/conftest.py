"""Shared fixtures: real SQLite files in tmp_path and a real PostgreSQL server.

PostgreSQL comes from $LEADSIFT_TEST_PG_URL, which `make test` fills in after
scripts/ensure-postgres.sh has found, started or installed a server. Each test gets a
fresh database on it. Where no server could be had, those tests skip and the run ends
with a loud warning saying so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from leadsift.workspace.workspace import Workspace, init_workspace

_PG_SKIPS: list[str] = []


def _admin_url() -> str | None:
    return os.environ.get("LEADSIFT_TEST_PG_URL") or None


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    admin = _admin_url()
    if admin is None:
        _PG_SKIPS.append("LEADSIFT_TEST_PG_URL is not set")
        pytest.skip("PostgreSQL unavailable: LEADSIFT_TEST_PG_URL is not set")
    url = sa.engine.make_url(admin).set(drivername="postgresql+psycopg")
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"leadsift_test_{uuid.uuid4().hex[:12]}"
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        engine.dispose()
        _PG_SKIPS.append(str(exc.orig))
        pytest.skip(f"PostgreSQL unavailable: {exc.orig}")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test body runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def workspace(tmp_path: Path, database_url: str) -> Workspace:
    return init_workspace(tmp_path / "ws", database_url)


@pytest.fixture
def sqlite_workspace(tmp_path: Path) -> Workspace:
    return init_workspace(tmp_path / "ws")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _PG_SKIPS:
        terminalreporter.write_sep("!", "POSTGRESQL TESTS WERE SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(_PG_SKIPS)} test(s) did not run on PostgreSQL: {_PG_SKIPS[0]}", red=True
        )
    # the browser tests (tests/browser) skip when $LEADSIFT_TEST_CHROMIUM names no Chromium,
    # the IMAP tests when no Dovecot can be had; counted from the reports, so that it also
    # works with pytest-xdist's workers
    _skip_banner(terminalreporter, "Chromium unavailable", "BROWSER", "browser",
                 "scripts/ensure-chromium.sh finds or installs one")  # fmt: skip
    _skip_banner(terminalreporter, "IMAP SERVER UNAVAILABLE", "IMAP", "IMAP",
                 "scripts/ensure-dovecot.sh finds, installs or starts one")  # fmt: skip


def _skip_banner(
    terminalreporter: pytest.TerminalReporter, marker: str, title: str, kind: str, hint: str
) -> None:
    reasons = [
        str(report.longrepr[2])
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and marker in report.longrepr[2]
    ]
    if reasons:
        terminalreporter.write_sep("!", f"{title} TESTS WERE SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(reasons)} {kind} test(s) did not run: "
            f"{reasons[0].removeprefix('Skipped: ')} ({hint})",
            red=True,
        )
