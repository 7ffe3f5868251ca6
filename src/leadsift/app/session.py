"""A session: a workspace with its database engine open, what every application function
takes.

The CLI opens one per command (`open_session`); the service opens one when it starts and
shares it between requests (the engine pools connections). Reads use `reading()`, a
connection that sees one consistent state; writes use `writing()`, which holds the
workspace's write lock (SQLite) and one transaction, so a write is all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from leadsift.config.settings import Settings
from leadsift.workspace.workspace import Workspace

OnWait = Callable[[str], None]


@dataclass(frozen=True)
class Session:
    workspace: Workspace
    engine: sa.Engine
    # Results worth keeping while nothing they come from has changed (the campaign report;
    # app/reports.py), for a session that lives as long as the service.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def settings(self) -> Settings:
        return self.workspace.settings

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def locked(self, activity: str, on_wait: OnWait | None = None) -> Iterator[None]:
        """The workspace's write lock alone, for steps that run their own transactions
        (an import commits file by file, scoring commits once at its end)."""
        with self.workspace.writing(activity, on_wait):
            yield

    @contextmanager
    def writing(self, activity: str, on_wait: OnWait | None = None) -> Iterator[sa.Connection]:
        with self.workspace.writing(activity, on_wait), self.engine.begin() as connection:
            yield connection


@contextmanager
def open_session(workspace: Workspace) -> Iterator[Session]:
    with workspace.opened() as engine:
        yield Session(workspace, engine)
