"""`leadsift sequences list|check`: the workspace's outreach sequences (docs/outreach.md)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, session, stdout

app = typer.Typer(
    help=(
        "Outreach sequences: sequences/NAME.toml in the workspace.\n\n"
        "Example: leadsift sequences check new-clinics"
    ),
    no_args_is_help=True,
)


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """The sequences in the workspace's sequences/ folder, with their steps.

    Example:

        leadsift sequences list
    """
    from leadsift.app.sequences import list_sequences

    with session(ctx) as opened:
        found = list_sequences(opened)
    table = Table(title=f"Sequences ({len(found)})")
    for header in ("name", "steps", "window", "daily cap"):
        table.add_column(header, overflow="fold")
    for s in found:
        steps = ", ".join(
            f"wait {x.business_days}d" if x.kind == "wait" else x.kind for x in s.steps
        )
        window = f"{s.window_start:%H:%M}-{s.window_end:%H:%M} {','.join(s.days)}"
        table.add_row(escape(s.name), steps, window, str(s.daily_cap))
    stdout().print(table)


@app.command()
def check(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The sequence: sequences/NAME.toml, or a path."),
    person: str | None = typer.Option(
        None, "--person", help="Render for this person (id or email) (default: the best lead)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the rendered steps as JSON."),
) -> None:
    """Render every step of a sequence for a sample person; refuse a template that names a
    field that does not exist (file, step, line and the name).

    Example:

        leadsift sequences check new-clinics --person ann@riversidefp.example
    """
    from leadsift.app.sequences import check_sequence

    with session(ctx) as opened:
        checked = check_sequence(opened, name, person)
    if as_json:
        print_json(checked.as_dict())
        return
    out = stdout()
    who = f"person {checked.person_id}" if checked.person_id else "a made-up person"
    out.print(f"[bold]{escape(checked.sequence.name)}[/]: every step renders (for {who})")
    for rendered in checked.rendered:
        out.print(f"\n[bold]step {rendered.step}: {rendered.kind}[/]")
        for part, text in rendered.parts.items():
            shown = text if len(text) <= 600 else text[:600] + " ..."
            out.print(f"[dim]{part}:[/] {escape(shown)}")
