"""A reply that says yes (interested, question) is a hand raise and a sales signal; a reply
marked as declined is no activity at all, and an objection is a reply but no hand raise."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from leadsift.outreach.enrolment_records import add_touch
from leadsift.pipeline.score import run_scoring
from leadsift.scoring.flags import DECLINED
from leadsift.scoring.intent import POSITIVE_REPLY
from leadsift.workspace.workspace import Workspace
from tests.helpers import query
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES, _load, _scores

DAN, WES = "dan@lakesidedental.example", "wes@widgets.example"


def _person(workspace: Workspace, email: str) -> int:
    rows = query(workspace, f"SELECT person_id FROM identities WHERE value = '{email}'")
    return int(rows[0][0])


def _reply(workspace: Workspace, email: str, intent: str, noise: str | None = None) -> None:
    with workspace.opened() as engine, engine.begin() as connection:
        add_touch(
            connection, key=f"<{intent}@{email}>", kind="reply",
            at=datetime(2026, 5, 11, 9, tzinfo=UTC), email=email,
            person_id=_person(workspace, email), campaign="sequence:clinics", noise=noise,
            attributes={"intent": intent},
        )  # fmt: skip


def _score(workspace: Workspace) -> None:
    with workspace.opened() as engine:
        run_scoring(engine, workspace.settings, full=True)


def test_an_interested_reply_makes_an_engaged_person_sql(
    workspace: Workspace, tmp_path: Path
) -> None:
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touches", TOUCHES)):
        _load(workspace, tmp_path, kind, text, f"{kind}.csv")
    _score(workspace)
    assert _scores(workspace)[DAN][0] == "engaged"
    _reply(workspace, DAN, "interested")
    _score(workspace)
    assert _scores(workspace)[DAN][0] == "sql"
    components = query(
        workspace, f"SELECT kind, events FROM intent_components WHERE kind = '{POSITIVE_REPLY}'"
    )
    assert [tuple(c) for c in components] == [(POSITIVE_REPLY, 1)]
    (history,) = query(
        workspace,
        f"SELECT reason FROM stage_history WHERE person_id = {_person(workspace, DAN)}"
        " AND stage = 'sql'",
    )
    assert "sales signal" in history[0]


def test_declined_and_objecting_replies_raise_no_hand(workspace: Workspace, tmp_path: Path) -> None:
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS)):
        _load(workspace, tmp_path, kind, text, f"{kind}.csv")
    _score(workspace)
    _reply(workspace, DAN, "not_interested", noise=DECLINED)
    _reply(workspace, WES, "objection_timing")
    _score(workspace)
    scores = _scores(workspace)
    assert scores[DAN][0] == "audience"  # a declined reply is no engagement at all
    assert scores[WES][0] == "engaged"  # an objection is a reply, not a hand raise
    with workspace.opened() as engine, engine.connect() as connection:
        kinds = {r[0] for r in connection.execute(sa.text("SELECT kind FROM intent_components"))}
    assert POSITIVE_REPLY not in kinds
