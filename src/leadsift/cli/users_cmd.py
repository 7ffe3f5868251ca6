"""`leadsift users`: the people who log in to the dashboard (`leadsift serve`)."""

from __future__ import annotations

import sys

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, say_waiting, session, stdout

# access.users.ROLES and MIN_PASSWORD, spelt out so that start-up need not load the
# database layer (tests/web/test_users_cli.py checks they agree)
ROLES = ("admin", "marketer", "viewer")
MIN_PASSWORD = 12

app = typer.Typer(
    help=(
        "Dashboard users: add, list, remove.\n\n"
        "Example: leadsift users add ana@example.com --role marketer"
    ),
    no_args_is_help=True,
)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise typer.BadParameter(
            f"the password must have at least {MIN_PASSWORD} characters",
            param_hint="password",
        )
    return password


@app.command("add")
def add(
    ctx: typer.Context,
    email: str = typer.Argument(..., metavar="EMAIL", help="The user's email address."),
    role: str = typer.Option(
        ..., "--role", help=f"What the user may do: {', '.join(ROLES)} (admin manages keys)."
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
) -> None:
    """Add a dashboard user. The password (at least 12 characters) is asked for twice, without
    echo, or read from stdin; only its argon2 hash is stored.

    Example:

        leadsift users add ana@example.com --role marketer
        leadsift users add bo@example.com --role viewer --password-stdin < password.txt
    """
    from leadsift.app.users import add_user

    if role not in ROLES:
        raise typer.BadParameter(f"choose one of {', '.join(ROLES)}", param_hint="--role")
    password = _password(password_stdin)
    with session(ctx) as opened:
        user = add_user(opened, email, role, password, say_waiting)
    stdout().print(f"user {escape(user.email)} added ({user.role})", highlight=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the users as JSON."),
) -> None:
    """List dashboard users and their roles (never their passwords).

    Example:

        leadsift users list --json
    """
    from leadsift.app.users import list_users, user_dict

    with session(ctx) as opened:
        found = list_users(opened)
    if as_json:
        print_json([user_dict(user) for user in found])
        return
    table = Table("email", "role", "added")
    for user in found:
        table.add_row(escape(user.email), user.role, f"{user.created_at:%Y-%m-%d}")
    stdout().print(table)


@app.command("remove")
def remove(
    ctx: typer.Context,
    email: str = typer.Argument(..., metavar="EMAIL", help="The user's email address."),
) -> None:
    """Remove a dashboard user; their sessions end at once.

    Example:

        leadsift users remove ana@example.com
    """
    from leadsift.app.users import remove_user

    with session(ctx) as opened:
        user = remove_user(opened, email, say_waiting)
    stdout().print(f"user {escape(user.email)} removed", highlight=False)
