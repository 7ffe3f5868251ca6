"""A visitor's anonymous calls join the person once an identify or alias call ties their ids:
identify's anonymousId, a userId-only call's `user:<userId>`, alias's previousId; through the
server, its inbox and `leadsift score` (incremental runs included)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from leadsift.workspace.workspace import Workspace
from tests.api.test_tracking import _basic, _key, _posts
from tests.helpers import count_rows, invoke, query

EMAIL = "ana@clinic.example"


def _page(message_id: str, anonymous_id: str, day: int) -> dict[str, Any]:
    return {
        "messageId": message_id, "anonymousId": anonymous_id,
        "timestamp": f"2026-11-{day:02d}T10:00:00Z",
        "properties": {"url": "https://vendor.example/pricing"},
    }  # fmt: skip


def _identify(message_id: str, **ids: str) -> dict[str, Any]:
    return {
        "messageId": message_id, "timestamp": "2026-11-20T10:00:00Z",
        "traits": {"email": EMAIL, "firstName": "Ana", "title": "Practice Manager"}, **ids,
    }  # fmt: skip


def _alias(message_id: str, **ids: str | None) -> dict[str, Any]:
    return {"messageId": message_id, "timestamp": "2026-11-21T10:00:00Z", **ids}


def _score(capsys: pytest.CaptureFixture[str], workspace: Workspace) -> dict[str, Any]:
    done = invoke(capsys, "--workspace", str(workspace.root), "score", "--json")
    assert done.exit_code == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout)
    return summary


def _people_of_touches(workspace: Workspace) -> dict[str, int | None]:
    rows = query(workspace, "SELECT touch_id, person_id FROM touches ORDER BY touch_id")
    return {r.touch_id: r.person_id for r in rows}


def _person_of(workspace: Workspace, email: str) -> int:
    rows = query(workspace, f"SELECT DISTINCT person_id FROM contacts WHERE email = '{email}'")
    assert len(rows) == 1 and rows[0].person_id is not None
    return int(rows[0].person_id)


def _visits(workspace: Workspace, person: int) -> int:
    rows = query(workspace, f"SELECT sum(events) FROM intent_components WHERE person_id = {person}")
    return int(rows[0][0] or 0)


def test_identify_and_alias_join_a_visitors_calls_to_the_person(
    capsys: pytest.CaptureFixture[str], workspace: Workspace
) -> None:
    auth = _basic(_key(capsys, workspace, "ingest"))
    click = {
        "messageId": "m-click", "userId": "u-1", "event": "Email Link Clicked",
        "timestamp": "2026-11-22T10:00:00Z",
    }  # fmt: skip
    first = asyncio.run(
        _posts(
            workspace,
            [
                ("/v1/page", _page("m-p1", "anon-1", 1), auth),
                ("/v1/page", _page("m-p2", "anon-1", 2), auth),
                ("/v1/page", _page("m-p3", "anon-2", 3), auth),  # tied later, by an alias
                ("/v1/page", _page("m-p4", "anon-9", 4), auth),  # never tied to anyone
                ("/v1/identify", _identify("m-id", userId="u-1", anonymousId="anon-1"), auth),
                ("/v1/track", click, auth),  # only a userId: visitor id user:u-1
            ],
        )
    )
    assert [r.status_code for r in first] == [200] * 6
    assert first[4].json()["rows"] == {"contacts": 1, "visitor_links": 1}
    _score(capsys, workspace)
    ana = _person_of(workspace, EMAIL)
    people = _people_of_touches(workspace)
    # the visits before she identified herself, and the userId-only click, are hers
    assert people["segment:m-p1"] == people["segment:m-p2"] == ana
    assert people["segment:m-click"] == ana
    assert people["segment:m-p3"] is None and people["segment:m-p4"] is None
    before = _visits(workspace, ana)

    # an alias alone (previousId anon-2 → userId u-1) brings anon-2's visit to her, and the
    # incremental run re-reads her activity
    alias = _alias("m-alias", previousId="anon-2", userId="u-1")
    (taken,) = asyncio.run(_posts(workspace, [("/v1/alias", alias, auth)]))
    assert taken.status_code == 200 and taken.json()["rows"] == {"visitor_links": 1}
    summary = _score(capsys, workspace)
    assert summary["mode"] == "incremental" and summary["persons_reaggregated"] >= 1
    people = _people_of_touches(workspace)
    assert people["segment:m-p3"] == ana and people["segment:m-p4"] is None
    assert _visits(workspace, ana) == before + 1
    assert _person_of(workspace, EMAIL) == ana

    # the same alias sent again stores nothing
    (again,) = asyncio.run(_posts(workspace, [("/v1/alias", alias, auth)]))
    assert again.status_code == 200 and again.json()["repeated"] == 1
    assert again.json()["accepted"] == 0
    assert count_rows(workspace, "visitor_links") == 2
    links = query(
        workspace,
        "SELECT kind, anonymous_id, user_id, email, source, import_id FROM visitor_links "
        "ORDER BY id",
    )
    assert [tuple(r[:5]) for r in links] == [
        ("identify", "anon-1", "u-1", EMAIL, "segment"),
        ("alias", "anon-2", "u-1", None, "segment"),
    ]
    # each row names its import log entry, which is how incremental scoring finds new data
    assert all(r.import_id is not None for r in links)


def test_an_alias_from_an_earlier_user_id_and_ids_without_a_name(
    capsys: pytest.CaptureFixture[str], workspace: Workspace
) -> None:
    auth = _basic(_key(capsys, workspace, "ingest"))
    old_click = {
        "messageId": "m-old", "userId": "old-7", "event": "Email Link Clicked",
        "timestamp": "2026-11-05T10:00:00Z",
    }  # fmt: skip
    responses = asyncio.run(
        _posts(
            workspace,
            [
                ("/v1/track", old_click, auth),
                ("/v1/page", _page("m-p5", "anon-5", 5), auth),
                ("/v1/page", _page("m-p6", "anon-6", 6), auth),
                ("/v1/identify", _identify("m-id", userId="u-1"), auth),
                # Segment's previousId may be an earlier userId
                ("/v1/alias", _alias("m-a1", previousId="old-7", userId="u-1"), auth),
                # two ids tied to each other but to no name: still no one we could reach
                ("/v1/alias", _alias("m-a2", previousId="anon-5", userId="anon-6"), auth),
            ],
        )
    )
    assert [r.status_code for r in responses] == [200] * 6
    _score(capsys, workspace)
    people = _people_of_touches(workspace)
    assert people["segment:m-old"] == _person_of(workspace, EMAIL)
    assert people["segment:m-p5"] is None and people["segment:m-p6"] is None


def test_bad_alias_calls_are_refused_by_name(
    capsys: pytest.CaptureFixture[str], workspace: Workspace
) -> None:
    auth = _basic(_key(capsys, workspace, "ingest"))
    batch = {
        "batch": [
            {"type": "alias", **_alias("a-ok", previousId="anon-1", userId="u-1")},
            {"type": "alias", **_alias("a-no-previous", userId="u-1")},
            {"type": "alias", **_alias("a-no-user", previousId="anon-1", anonymousId="anon-1")},
            {"type": "alias", **_alias("a-long", previousId="x" * 300, userId="u-1")},
        ]
    }
    single, answer = asyncio.run(
        _posts(
            workspace,
            [
                ("/v1/alias", _alias("a-bad", previousId="", userId="u-1"), auth),
                ("/v1/batch", batch, auth),
            ],
        )
    )
    assert single.status_code == 400
    assert single.json()["detail"] == "event 0 (a-bad): previousId is required"
    assert answer.status_code == 400 and answer.json()["accepted"] == 1
    assert answer.json()["refused"] == [
        {"event": 1, "messageId": "a-no-previous", "reason": "previousId is required"},
        {"event": 2, "messageId": "a-no-user", "reason": "userId is required"},
        {"event": 3, "messageId": "a-long", "reason": "previousId is over 255 characters"},
    ]
    rows = query(workspace, "SELECT anonymous_id, user_id FROM visitor_links")
    assert [tuple(r) for r in rows] == [("anon-1", "u-1")]
