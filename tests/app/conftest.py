"""A real SQLite workspace, filled and scored through the application API itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leadsift.app.imports import import_files
from leadsift.app.scores import score
from leadsift.app.session import Session, open_session
from leadsift.workspace.workspace import Workspace
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES


@pytest.fixture
def session(sqlite_workspace: Workspace) -> Iterator[Session]:
    with open_session(sqlite_workspace) as opened:
        yield opened


@pytest.fixture
def imported(session: Session, tmp_path: Path) -> Session:
    """The hand-made workspace of tests/scoring: three accounts (one a named target), four
    contacts and eight touches, imported but not scored."""
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touches", TOUCHES)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text)
        outcome = import_files(session, kind, [path])
        assert outcome.rejected == [], outcome.as_dict()
    return session


@pytest.fixture
def scored(imported: Session) -> Session:
    score(imported)
    return imported
