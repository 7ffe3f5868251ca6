"""Imports and API keys through the application API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadsift.access.keys import authenticate
from leadsift.app.errors import BadOption
from leadsift.app.imports import ImportRequest, import_files, list_maps
from leadsift.app.keys import create_key, list_keys, revoke_key
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from tests.helpers import count_rows

HEADER = "touch_id,campaign,channel,kind,occurred_at,email\n"


def test_an_import_reports_each_file_and_rejects_bad_ones_whole(
    session: Session, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "t1,spring,email,reply,2026-04-02T14:03:11Z,a@c.example\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "t2,spring,email,open,2026-04-02T14:03:11Z,b@c.example\n"
        + "t3,spring,email,teleport,2026-04-02T14:03:11Z,c@c.example\n"
    )
    heard: list[str] = []
    outcome = import_files(
        session, "touches", [good, bad], progress=lambda file, rows, done: heard.append(file)
    )
    assert [(r.file, r.rows_new, r.status) for r in outcome.results] == [(good, 1, "imported")]
    (rejected,) = outcome.rejected
    assert rejected.file == str(bad) and rejected.problems[0].line == 3
    data = json.loads(json.dumps(outcome.as_dict()))
    assert data["rejected"][0]["problems"][0]["column"] == "kind"
    assert data["files"][0]["tables"] == {"touches": {"read": 1, "new": 1}}
    assert str(good) in heard
    assert count_rows(session.workspace, "touches") == 1
    # the same file again brings nothing new
    again = import_files(session, "touches", [good])
    assert again.results[0].status == "unchanged"


def test_check_only_writes_nothing_and_the_campaign_fills_in(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("touch_id,channel,kind,occurred_at,email\nt1,email,open,2026-04-02,a@c.x\n")
    checked = import_files(session, "touches", [path], ImportRequest(check=True, campaign="May"))
    assert checked.results[0].status == "checked"
    assert count_rows(session.workspace, "touches") == 0
    import_files(session, "touches", [path], ImportRequest(campaign="May"))
    with session.reading() as connection:
        assert connection.exec_driver_sql("SELECT campaign FROM touches").scalar() == "May"


def test_bad_import_requests_are_refused(session: Session, tmp_path: Path) -> None:
    with pytest.raises(BadOption, match="not an IANA time zone") as error:
        ImportRequest(timezone="Mars/Olympus")
    assert error.value.option == "--timezone"
    maps = {m.name: m for m in list_maps()}
    contacts_only = next(m for m in maps.values() if m.yields == ["contacts"])
    with pytest.raises(LeadsiftError, match="is for contacts, not for touches"):
        import_files(session, "touches", [tmp_path / "x.csv"], ImportRequest(contacts_only.name))


def test_list_maps_describes_the_built_in_layouts() -> None:
    maps = {m.name: m for m in list_maps()}
    zoom = maps["zoom-webinar-attendees"]
    assert zoom.tool and "touches" in zoom.yields and zoom.recognised_by
    assert zoom.docs == "docs/maps.md#zoom-webinar-attendees"
    assert json.loads(json.dumps(zoom.as_dict()))["name"] == "zoom-webinar-attendees"


def test_keys_are_created_listed_and_revoked(session: Session) -> None:
    created = create_key(session, "read", "dashboard")
    assert created.text.startswith("lsk_") and created.as_dict()["key"] == created.text
    with session.reading() as connection:
        assert authenticate(connection, created.text) is not None
    other = create_key(session, "ingest")
    assert [(k.id, k.name, k.scope) for k in list_keys(session)] == [
        (created.key.id, "dashboard", "read"),
        (other.key.id, "ingest key", "ingest"),
    ]
    revoked = revoke_key(session, created.key.id)
    assert revoked.revoked_at is not None
    with session.reading() as connection:
        assert authenticate(connection, created.text) is None
    with pytest.raises(LeadsiftError, match="no active API key"):
        revoke_key(session, created.key.id)
    with pytest.raises(LeadsiftError, match="unknown scope"):
        create_key(session, "root")


def test_the_cli_offers_every_scope_there_is() -> None:
    from leadsift.access.keys import SCOPES
    from leadsift.cli.keys_cmd import SCOPES as OFFERED

    assert OFFERED == SCOPES
