"""`leadsift keys`: API keys for `leadsift serve`."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, say_waiting, session, stdout

# access.keys.SCOPES, spelt out so that start-up need not load the database layer
# (tests/app/test_imports_and_keys.py checks they agree)
SCOPES = ("ingest", "read", "admin")

app = typer.Typer(
    help=(
        "API keys for `leadsift serve`: create, list, revoke.\n\n"
        "Example: leadsift keys create --scope read --name dashboard"
    ),
    no_args_is_help=True,
)


@app.command("create")
def create(
    ctx: typer.Context,
    scope: str = typer.Option(..., "--scope", help=f"What the key may do: {', '.join(SCOPES)}."),
    name: str | None = typer.Option(None, "--name", help="A name to tell the key by."),
    as_json: bool = typer.Option(False, "--json", help="Print the key as JSON."),
) -> None:
    """Create an API key. It is printed once, as the last line of output, and only its hash
    is stored: keep it somewhere safe.

    Example:

        leadsift keys create --scope ingest --name "website tracking"
    """
    from leadsift.app.keys import create_key

    with session(ctx) as opened:
        created = create_key(opened, scope, name, say_waiting)
    if as_json:
        print_json(created.as_dict())
        return
    key, text = created.key, created.text
    out = stdout()
    out.print(f"API key {key.id} ({escape(key.name)}, scope {key.scope}); shown only now:")
    out.print(text, markup=False, highlight=False, soft_wrap=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the keys as JSON."),
) -> None:
    """List API keys (never the keys themselves: their first characters).

    Example:

        leadsift keys list
    """
    from leadsift.app.keys import key_dict, list_keys

    with session(ctx) as opened:
        keys = list_keys(opened)
    if as_json:
        print_json([key_dict(key) for key in keys])
        return
    table = Table("id", "name", "scope", "starts with", "created", "last used", "revoked")
    for key in keys:
        table.add_row(
            str(key.id), escape(key.name), key.scope, key.prefix + "…",
            f"{key.created_at:%Y-%m-%d}",
            f"{key.last_used_at:%Y-%m-%d}" if key.last_used_at else "never",
            f"{key.revoked_at:%Y-%m-%d}" if key.revoked_at else "",
        )  # fmt: skip
    stdout().print(table)


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    key_id: int = typer.Argument(..., metavar="ID", help="The key's id (see `keys list`)."),
) -> None:
    """Revoke an API key: requests with it are refused from now on.

    Example:

        leadsift keys revoke 3
    """
    from leadsift.app.keys import revoke_key

    with session(ctx) as opened:
        key = revoke_key(opened, key_id, say_waiting)
    stdout().print(f"API key {key.id} ({escape(key.name)}) revoked")
