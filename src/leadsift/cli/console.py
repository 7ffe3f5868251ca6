"""Shared CLI plumbing: consoles, the workspace option, JSON output, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

from leadsift.workspace.workspace import Workspace, find_workspace


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
    return find_workspace(state(ctx).workspace_dir)


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
