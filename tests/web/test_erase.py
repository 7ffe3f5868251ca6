"""Erasure from the dashboard: admins only, confirmed, with a reason for the audit log; the
answer holds nothing of the person, and the person page is gone afterwards."""

from __future__ import annotations

import httpx

from leadsift.workspace.workspace import Workspace
from tests.helpers import query
from tests.web.conftest import Client, as_role, run

ANN = "ann@riversidefp.example"


def _ann_id(workspace: Workspace) -> int:
    rows = query(workspace, f"SELECT person_id FROM identities WHERE value = '{ANN}'")
    return int(rows[0].person_id)


def test_an_admin_erases_a_person_after_confirming(workspace: Workspace) -> None:
    person = _ann_id(workspace)

    async def body(client: Client) -> tuple[httpx.Response, ...]:
        token = await as_role(client, "admin")
        shown = await client.get(f"/people/{person}")
        unconfirmed = await client.post(
            f"/people/{person}/erase", data={"csrf_token": token, "reason": "asked"}
        )
        kept = query(workspace, f"SELECT count(*) AS n FROM identities WHERE value = '{ANN}'")
        assert kept[0].n == 1  # refused unconfirmed: nothing changed
        done = await client.post(
            f"/people/{person}/erase",
            data={"csrf_token": token, "reason": "GDPR request 7", "confirm": "yes"},
        )
        after = await client.get(f"/people/{person}")
        return shown, unconfirmed, done, after

    shown, unconfirmed, done, after = run(workspace, body)
    assert "Erase this person" in shown.text
    assert unconfirmed.status_code == 422 and "cannot be undone" in unconfirmed.text
    assert done.status_code == 200 and f"Person {person} erased" in done.text
    assert "riversidefp" not in done.text.lower() and "Ann" not in done.text
    assert query(workspace, f"SELECT count(*) AS n FROM identities WHERE value = '{ANN}'")[0].n == 0
    entry = query(workspace, "SELECT detail FROM audit_log WHERE action = 'people.erase'")
    assert "GDPR request 7" in str(entry[0].detail) and "ada@example.com" in str(entry[0].detail)
    assert "Ann" not in after.text and ANN not in after.text


def test_marketers_and_viewers_cannot_erase(workspace: Workspace) -> None:
    person = _ann_id(workspace)

    async def body(client: Client) -> tuple[httpx.Response, httpx.Response]:
        token = await as_role(client, "marketer")
        shown = await client.get(f"/people/{person}")
        refused = await client.post(
            f"/people/{person}/erase", data={"csrf_token": token, "confirm": "yes"}
        )
        return shown, refused

    shown, refused = run(workspace, body)
    assert "Erase this person" not in shown.text
    assert refused.status_code == 403
    assert query(workspace, f"SELECT count(*) AS n FROM identities WHERE value = '{ANN}'")[0].n == 1
