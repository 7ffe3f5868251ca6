"""`leadsift users`: add (the password from stdin, hashed with argon2), list, remove."""

from __future__ import annotations

import io
import json

import pytest

from leadsift.access.users import MIN_PASSWORD, ROLES
from leadsift.cli import users_cmd
from leadsift.workspace.workspace import Workspace
from tests.helpers import invoke, query


def _users(capsys: pytest.CaptureFixture[str], ws: Workspace, *args: str) -> tuple[int, str, str]:
    done = invoke(capsys, "--workspace", str(ws.root), "users", *args)
    return done.exit_code, done.stdout, done.stderr


def test_the_cli_spells_the_roles_as_the_access_layer() -> None:
    assert users_cmd.ROLES == ROLES and users_cmd.MIN_PASSWORD == MIN_PASSWORD


def test_add_list_remove(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sqlite_workspace: Workspace,
) -> None:
    password = "correct horse battery"
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code, out, err = _users(
        capsys, sqlite_workspace, "add", "Ana@Example.com", "--role", "marketer", "--password-stdin"
    )
    assert code == 0, err
    assert "ana@example.com added (marketer)" in out
    stored = query(sqlite_workspace, "SELECT email, role, password_hash FROM users")
    assert [(r.email, r.role) for r in stored] == [("ana@example.com", "marketer")]
    assert stored[0].password_hash.startswith("$argon2id$") and password not in str(stored)
    audit = query(sqlite_workspace, "SELECT action, api_key_id FROM audit_log")
    assert [(a.action, a.api_key_id) for a in audit] == [("users.add", None)]

    code, out, _ = _users(capsys, sqlite_workspace, "list", "--json")
    listed = json.loads(out)
    assert [(u["email"], u["role"]) for u in listed] == [("ana@example.com", "marketer")]

    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code, _, err = _users(
        capsys, sqlite_workspace, "add", "ana@example.com", "--role", "viewer", "--password-stdin"
    )
    assert code == 1 and "exists already" in err

    code, out, _ = _users(capsys, sqlite_workspace, "remove", "ana@example.com")
    assert code == 0 and "removed" in out
    assert query(sqlite_workspace, "SELECT * FROM users") == []
    code, _, err = _users(capsys, sqlite_workspace, "remove", "ana@example.com")
    assert code == 1 and "no user ana@example.com" in err


def test_refused_passwords_and_roles(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sqlite_workspace: Workspace,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = _users(
        capsys, sqlite_workspace, "add", "bo@example.com", "--role", "viewer", "--password-stdin"
    )
    assert code == 2 and "at least 12 characters" in err
    code, _, err = _users(capsys, sqlite_workspace, "add", "bo@example.com", "--role", "boss")
    assert code == 2 and "admin, marketer, viewer" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough password\n"))
    code, _, err = _users(
        capsys, sqlite_workspace, "add", "not-an-email", "--role", "viewer", "--password-stdin"
    )
    assert code == 1 and "is not an email address" in err
    assert query(sqlite_workspace, "SELECT * FROM users") == []
