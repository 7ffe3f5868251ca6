"""Errors a user can cause. The CLI turns these into one clean message and exit code 1;
anything else is our bug and keeps its traceback."""

from __future__ import annotations

from dataclasses import dataclass


class LeadsiftError(Exception):
    """Base class for every error caused by the user's input, files or configuration."""


class WorkspaceError(LeadsiftError):
    """The workspace is missing, unreadable or at a schema version we cannot use."""


class ConfigError(LeadsiftError):
    """leadsift.toml (or a column map) has a bad value."""


@dataclass(frozen=True)
class RowProblem:
    """One bad cell or row: where it is and what is wrong with it."""

    line: int
    column: str | None
    reason: str

    def describe(self, file: str) -> str:
        where = f"{file}:{self.line}"
        if self.column:
            where += f": column {self.column!r}"
        return f"{where}: {self.reason}"


class InputFileError(LeadsiftError):
    """A file cannot be imported. Carries every problem found (the first few are shown)."""

    SHOWN = 20

    def __init__(self, file: str, problems: list[RowProblem], total: int | None = None) -> None:
        self.file = file
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.file}: rejected, nothing was imported from it"]
        lines += ["  " + p.describe(self.file) for p in self.problems[: self.SHOWN]]
        hidden = self.total - min(len(self.problems), self.SHOWN)
        if hidden > 0:
            lines.append(f"  ... and {hidden} more problem(s)")
        return "\n".join(lines)
