"""Create, find and open workspaces."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from leadsift.config.settings import SETTINGS_FILE, Settings, load_settings
from leadsift.domain.errors import WorkspaceError
from leadsift.store.engine import create_engine, normalise_url
from leadsift.store.migrate import ensure_current
from leadsift.store.write_lock import LOCK_FILE, exclusive_writer
from leadsift.workspace.template import SETTINGS_TEMPLATE

DEFAULT_DATABASE_URL = "sqlite:///leadsift.db"


@dataclass(frozen=True)
class Workspace:
    """A folder holding leadsift.toml; its database may live inside it or on a server."""

    root: Path
    settings: Settings

    @property
    def settings_path(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def database_url(self) -> str:
        return normalise_url(self.settings.database.url, self.root)

    @contextmanager
    def opened(self) -> Iterator[sa.Engine]:
        """`connect()` for a with-block: the engine is disposed of at its end."""
        engine = self.connect()
        try:
            yield engine
        finally:
            engine.dispose()

    @contextmanager
    def writing(
        self, activity: str, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[None]:
        """Hold the workspace's write lock (SQLite: one writer at a time, the others wait;
        see store/write_lock.py) while a command writes."""
        if not self.database_url.startswith("sqlite"):
            yield
            return
        database = Path(make_url(self.database_url).database or "")
        with exclusive_writer(database.parent / LOCK_FILE, activity, on_wait):
            yield

    def connect(self) -> sa.Engine:
        """An engine on the workspace database at the current schema version."""
        engine = create_engine(self.database_url)
        try:
            ensure_current(engine)
        except OperationalError as exc:
            engine.dispose()
            raise WorkspaceError(
                f"cannot reach the workspace database {_safe(self.database_url)}: "
                f"{str(exc.orig).strip().splitlines()[0]}"
            ) from None
        except BaseException:
            engine.dispose()
            raise
        return engine


def _safe(url: str) -> str:
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def init_workspace(directory: Path, database_url: str | None = None) -> Workspace:
    """Write leadsift.toml into `directory` and create the database at the latest schema."""
    directory = directory.resolve()
    settings_path = directory / SETTINGS_FILE
    if settings_path.exists():
        raise WorkspaceError(f"{settings_path} already exists: {directory} is a workspace")
    url = database_url or DEFAULT_DATABASE_URL
    if '"' in url or "\n" in url:
        raise WorkspaceError(f"database URL {url!r} contains a quote or a line break")
    normalise_url(url, directory)  # fails early on an unsupported URL
    directory.mkdir(parents=True, exist_ok=True)
    settings_path.write_text(SETTINGS_TEMPLATE.format(database_url=url), encoding="utf-8")
    try:
        workspace = Workspace(root=directory, settings=load_settings(settings_path))
        workspace.connect().dispose()
    except BaseException:
        settings_path.unlink()
        raise
    return workspace


def find_workspace(explicit: Path | None = None, start: Path | None = None) -> Workspace:
    """The workspace named by --workspace, or the nearest one at or above `start` (cwd)."""
    if explicit is not None:
        settings_path = explicit / SETTINGS_FILE
        if not settings_path.is_file():
            raise WorkspaceError(f"{explicit} is not a leadsift workspace (no {SETTINGS_FILE})")
        return Workspace(root=explicit.resolve(), settings=load_settings(settings_path))
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        settings_path = folder / SETTINGS_FILE
        if settings_path.is_file():
            return Workspace(root=folder, settings=load_settings(settings_path))
    raise WorkspaceError(
        f"no leadsift workspace at or above {here}: run `leadsift init` or pass --workspace DIR"
    )
