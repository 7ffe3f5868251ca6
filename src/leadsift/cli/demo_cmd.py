"""`leadsift demo`: generate the healthcare-vendor scenario and run the pipeline on it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

import typer
from rich.markup import escape

from leadsift.cli.console import print_json, progress_bar, stderr, stdout

Size = Literal["small", "medium", "large"]


def demo(
    directory: Path = typer.Argument(Path("leadsift-demo"), help="Folder for the demo workspace."),
    size: str = typer.Option(
        "medium", "--size", help="small ≈ 5k people, medium ≈ 50k, large ≈ 500k."
    ),
    seed: int = typer.Option(7, "--seed", help="Random seed; the same seed gives the same data."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL (default: SQLite).", metavar="URL"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Generate a realistic demo workspace, import it, score it and show the report.

    The scenario is a vendor serving healthcare practices: a viral video, a targeted email
    sequence, a webinar, telemarketing, paid social ads and a gated download, with bots,
    bought followers, scanner clicks and spam sign-ups. The input files land in
    DIRECTORY/input and the generator's ground truth in DIRECTORY/truth.

    Example:

        leadsift demo demo-workspace --size small --seed 3
    """
    if size not in ("small", "medium", "large"):
        raise typer.BadParameter("choose small, medium or large", param_hint="--size")
    # the demo pulls in the whole pipeline: only when it runs, not at start-up
    from leadsift.demo.run import run_demo
    from leadsift.report.terminal import render_compact

    started = time.perf_counter()
    with progress_bar() as bar:
        task = bar.add_task("demo", total=1000)

        def advance(message: str, fraction: float) -> None:
            bar.update(task, description=message, completed=int(fraction * 1000))

        outcome = run_demo(directory, size=size, seed=seed, database_url=db, progress=advance)  # type: ignore[arg-type]
    if as_json:
        print_json({**outcome.report.as_dict(), "viral_or_targeted": outcome.spread})
    else:
        from leadsift.cli.spread_cmd import comparison_tables

        stdout().print(render_compact(outcome.report))
        for table in comparison_tables(outcome.spread_rows, "the same seeds on the social graph"):
            stdout().print(table)
        stdout().print(f"Chart: {escape(str(outcome.spread_chart))}")
    stderr().print(
        f"Demo workspace [bold]{escape(str(outcome.workspace.root))}[/]: "
        f"{outcome.people:,} people, {outcome.touches:,} touches, "
        f"{time.perf_counter() - started:.1f} s. Ground truth: {escape(str(outcome.truth_dir))}"
    )
