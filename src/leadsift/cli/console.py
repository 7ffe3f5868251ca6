"""Shared CLI plumbing: consoles, the workspace option and its session, usage errors, JSON
output, progress bars.

Start-up matters (`leadsift --help` loads every command module): nothing here imports the
workspace, the database or the application layer until a command runs."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

if TYPE_CHECKING:
    from leadsift.app.session import Session
    from leadsift.workspace.workspace import Workspace


@dataclass
class CliState:
    workspace_dir: Path | None = None


def stdout() -> Console:
    return Console()


def stderr() -> Console:
    # soft wrap: an error naming a long path must stay copyable, never broken mid-word
    return Console(stderr=True, soft_wrap=True)


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, CliState) else CliState()


def workspace(ctx: typer.Context) -> Workspace:
    from leadsift.workspace.workspace import find_workspace

    return find_workspace(state(ctx).workspace_dir)


@contextmanager
def session(ctx: typer.Context) -> Iterator[Session]:
    """The application session on the command's workspace, for the length of a with-block."""
    from leadsift.app.session import open_session

    with open_session(workspace(ctx)) as opened:
        yield opened


@contextmanager
def usage_errors() -> Iterator[None]:
    """Bad option values the application layer refuses become usage errors (exit 2, with
    the usage line), as if the option's own parser had refused them."""
    from leadsift.app.errors import BadOption

    try:
        yield
    except BadOption as error:
        raise typer.BadParameter(error.detail, param_hint=error.option) from None


def say_waiting(message: str) -> None:
    """What a writer tells the user while it waits for the workspace's write lock."""
    stderr().print(f"[yellow]{escape(message)}[/]")


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str, ensure_ascii=False) + "\n")


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Progress]:
    """A Rich progress bar on stderr; it draws nothing when stderr is not a terminal."""
    console = stderr()
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled or not console.is_terminal,
        transient=True,
    )
    with progress:
        yield progress
