"""The `leadsift` command: builds the Typer app and turns user errors into clean messages."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape

from leadsift import __version__
from leadsift.cli import (
    attribution_cmd,
    bots_cmd,
    export_cmd,
    import_cmd,
    keys_cmd,
    model_cmd,
    outreach_cmd,
    passability_cmd,
    people_cmd,
    privacy_cmd,
    replies_cmd,
    sequences_cmd,
    spread_cmd,
    users_cmd,
)
from leadsift.cli.console import CliState, stderr
from leadsift.cli.demo_cmd import demo
from leadsift.cli.help_text import reflow_all
from leadsift.cli.init_cmd import init
from leadsift.cli.leads_cmd import leads
from leadsift.cli.report_cmd import report
from leadsift.cli.score_cmd import score
from leadsift.cli.serve_cmd import serve
from leadsift.cli.status_cmd import status
from leadsift.domain.errors import LeadsiftError

EXIT_USER_ERROR = 1


def _version(value: bool) -> None:
    if value:
        typer.echo(f"leadsift {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="leadsift",
        help=(
            "Find the real, qualified people in your campaign engagement and measure every "
            "campaign by cost per qualified lead.\n\nExample: leadsift demo demo-workspace"
        ),
        no_args_is_help=True,
        rich_markup_mode="rich",
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def main(
        ctx: typer.Context,
        workspace: Path | None = typer.Option(
            None,
            "--workspace",
            "-w",
            envvar="LEADSIFT_WORKSPACE",
            help="Workspace folder; default: the nearest one at or above the current folder.",
            metavar="DIR",
        ),
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version."
        ),
    ) -> None:
        ctx.obj = CliState(workspace_dir=workspace)

    app.command()(init)
    app.add_typer(import_cmd.app, name="import")
    app.add_typer(export_cmd.app, name="export")
    app.add_typer(bots_cmd.app, name="bots")
    app.add_typer(people_cmd.app, name="people")
    app.add_typer(model_cmd.app, name="model")
    spread_cmd.app.command("learn")(passability_cmd.learn)
    app.add_typer(spread_cmd.app, name="spread")
    app.add_typer(attribution_cmd.app, name="attribution")
    app.add_typer(keys_cmd.app, name="keys")
    app.add_typer(users_cmd.app, name="users")
    app.add_typer(replies_cmd.app, name="replies")
    app.add_typer(sequences_cmd.app, name="sequences")
    app.command()(outreach_cmd.enrol)
    app.add_typer(outreach_cmd.app, name="outreach")
    app.command()(privacy_cmd.audit)
    app.command()(status)
    app.command()(score)
    app.command()(leads)
    app.command()(report)
    app.command()(demo)
    app.command()(serve)
    reflow_all(app)
    return app


def run(argv: list[str] | None = None) -> None:
    """Console-script entry point: exit 1 with one message for errors the user can fix."""
    try:
        build_app()(args=argv, prog_name="leadsift", standalone_mode=True)
    except LeadsiftError as error:
        stderr().print(f"[red]error:[/] {escape(str(error))}", highlight=False)
        sys.exit(EXIT_USER_ERROR)


if __name__ == "__main__":
    run()
