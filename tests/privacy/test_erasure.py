"""Erasure that leaves no trace: after `people erase`, no file of the workspace (database,
write-ahead log, journals, inbox, exports) holds any form of the person's identifiers; the
same files imported again leave them out and say so; the campaign report's counts stay; on
SQLite and PostgreSQL (one body, every backend)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from leadsift.app.exports import export_segment
from leadsift.app.imports import import_files
from leadsift.app.privacy import erase_people, suppress_identifiers
from leadsift.app.reports import campaign_report
from leadsift.app.scores import score
from leadsift.app.session import Session, open_session
from leadsift.domain.errors import LeadsiftError
from leadsift.workspace.workspace import Workspace
from tests.helpers import import_texts, invoke
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES

OUTCOMES = """email,account,kind,occurred_at,amount
ann@riversidefp.example,,meeting,2026-05-12T10:00:00Z,
"""
# every form in which Ann is written somewhere in the files above (and her title)
ANN = [
    b"ann@riversidefp.example", b"555.010.0001", b"+1 555 010 0001", b"+15550100001",
    b"office mgr, family medicine",
]  # fmt: skip
FILES = (
    ("accounts", ACCOUNTS),
    ("contacts", CONTACTS),
    ("touches", TOUCHES),
    ("outcomes", OUTCOMES),
)


def _import_all(session: Session, folder: Path) -> list[dict[str, object]]:
    results: list[dict[str, object]] = import_texts(session, folder, FILES)
    return results


@pytest.fixture
def scored(workspace: Workspace, tmp_path: Path) -> Iterator[Session]:
    inputs = tmp_path / "inputs"  # outside the workspace: the user's own files
    inputs.mkdir()
    with open_session(workspace) as session:
        _import_all(session, inputs)
        score(session)
        yield session


def _found_in_files(root: Path) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for path in root.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            hits = [form for form in ANN if form in content]
            if hits:
                found[str(path.relative_to(root))] = hits
    return found


def _found_in_database(session: Session) -> list[str]:
    """Tables and columns still holding one of Ann's forms (for PostgreSQL, whose files are
    not ours to read)."""
    found = []
    with session.reading() as connection:
        inspector = sa.inspect(connection)
        for name in inspector.get_table_names():
            for column in inspector.get_columns(name):
                text = sa.cast(sa.column(column["name"]), sa.Text)
                for form in ANN:
                    hit = connection.execute(
                        sa.select(sa.func.count())
                        .select_from(sa.table(name))
                        .where(sa.func.lower(text).contains(form.decode()))
                    ).scalar()
                    if hit:
                        found.append(f"{name}.{column['name']}")
    return found


def test_erasure_leaves_no_trace_and_the_person_stays_out(scored: Session, tmp_path: Path) -> None:
    root = scored.workspace.root
    export = root / "segment.csv"  # an export written inside the workspace folder
    export_segment(scored, export)
    before = campaign_report(scored, "campaign")
    assert b"ann@riversidefp.example" in export.read_bytes().lower()

    done = erase_people(scored, ["ANN@riversidefp.example"], reason="request 1", by="tester")
    assert len(done.people) == 1 and done.matched_no_one == []
    assert done.rows["contacts"] == 1 and done.rows["identities"] >= 1
    assert "segment.csv" in done.files
    assert _found_in_database(scored) == []
    if scored.workspace.database_url.startswith("sqlite"):
        assert _found_in_files(root) == {}

    # the same files again are "imported before"; the same rows in new files (a newer
    # export of the same tool) are skipped and counted: she does not come back
    again = _import_all(scored, tmp_path / "inputs")
    assert {r["status"] for r in again} == {"unchanged"}
    newer = tmp_path / "newer"
    newer.mkdir()
    for kind, text, extra in (
        ("contacts", CONTACTS, "zoe@new.example,Zoe,Park,Owner,,New Co,US\n"),
        ("touches", TOUCHES, "99,webinar,webinar,attend,2026-05-20T10:00:00Z,,555-010-0001\n"),
    ):
        path = newer / f"{kind}.csv"
        path.write_text(text + extra)
        result = import_files(scored, kind, [path]).as_dict()["files"][0]
        assert result["suppressed"] == (1 if kind == "contacts" else 5), result
    skipped = invoke_import_message(scored, newer / "contacts.csv")
    assert "1 rows of suppressed people skipped" in skipped
    score(scored)
    assert _found_in_database(scored) == []

    # the campaign counts stay; her own qualification is gone from the quality figures
    after = campaign_report(scored, "campaign")
    reach = {g.group: g.reach for g in before.groups}
    assert {g.group: g.reach for g in after.groups} == reach
    assert sum(g.qualified_leads for g in after.groups) < sum(
        g.qualified_leads for g in before.groups
    )
    with scored.reading() as connection:
        audit = connection.execute(
            sa.text("SELECT detail FROM audit_log WHERE action = 'people.erase'")
        ).scalar()
    detail = audit if isinstance(audit, dict) else json.loads(str(audit))
    assert detail["by"] == "tester" and detail["reason"] == "request 1"
    assert "riversidefp" not in json.dumps(detail)


def test_an_email_of_no_one_is_suppressed_and_exports_leave_suppressed_people_out(
    scored: Session, tmp_path: Path
) -> None:
    done = erase_people(scored, ["nobody@nowhere.example"])
    assert done.people == [] and done.matched_no_one == ["nobody@nowhere.example"]
    assert done.suppressed_forms == 1
    suppress_identifiers(scored, ["Dan@LakesideDental.example"], reason="asked")
    out = tmp_path / "segment.csv"
    export_segment(scored, out)
    text = out.read_text(encoding="utf-8-sig").lower()
    assert "dan@lakesidedental.example" not in text and "ann@riversidefp.example" in text
    with pytest.raises(LeadsiftError, match="neither an email address nor a person id"):
        erase_people(scored, ["ann"])


def test_the_cli_erases_after_yes_and_writes_an_access_report(
    scored: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ["-w", str(scored.workspace.root)]
    held = tmp_path / "ann.json"
    assert (
        invoke(capsys, *w, "people", "report", "ann@riversidefp.example", "-o", str(held)).exit_code
        == 0
    )
    report = json.loads(held.read_text())
    assert {"attributes", "observations", "touches", "score", "stage_history"} <= set(report)
    assert any(t["kind"] == "register" for t in report["touches"])
    assert invoke(capsys, *w, "people", "erase", "ann@riversidefp.example").exit_code == 2
    erased = invoke(capsys, *w, "people", "erase", "ann@riversidefp.example", "--yes")
    assert erased.exit_code == 0 and "erased 1 person;" in erased.stdout
    gone = invoke(capsys, *w, "people", "report", "ann@riversidefp.example", "-o", str(held))
    assert gone.exit_code == 1
    audit = json.loads(invoke(capsys, *w, "audit", "--json").stdout)
    assert audit[0]["action"] == "people.erase"


def invoke_import_message(session: Session, path: Path) -> str:
    """What `leadsift import --check` says of a file."""
    from leadsift.app.imports import ImportRequest
    from leadsift.cli.import_cmd import describe

    outcome = import_files(session, "contacts", [path], ImportRequest(check=True))
    return describe(outcome.results[0], check=True)


def test_tracking_calls_of_an_erased_person_are_counted_not_stored(scored: Session) -> None:
    from leadsift.api.background import erased_filter
    from leadsift.ingest.calls import take_calls

    def call(n: int, email: str) -> dict[str, object]:
        return {
            "type": "track", "messageId": f"m-{n}", "userId": f"u-{n}", "event": "Email Opened",
            "timestamp": "2026-05-20T10:00:00Z", "context": {"traits": {"email": email}},
        }  # fmt: skip

    erase_people(scored, ["ann@riversidefp.example"])
    events = scored.settings.service.events
    with scored.writing("test") as connection:
        listed = erased_filter(connection)
        assert listed is not None
        calls = [call(1, "ANN@riversidefp.example"), call(2, "zed@other.example")]
        result = take_calls(connection, calls, events, None, suppressed=listed.rows)
    assert result.suppressed >= 1 and result.stored.get("touches") == 1
    assert _found_in_database(scored) == []


def test_an_admin_key_erases_over_http_and_others_are_refused(
    scored: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.api.test_resources import _bearer, _run
    from tests.api.test_tracking import _key

    admin, read = _key(capsys, scored.workspace, "admin"), _key(capsys, scored.workspace, "read")

    async def body(client: httpx.AsyncClient) -> list[httpx.Response]:
        ann = {"people": ["ann@riversidefp.example"], "reason": "ticket 7"}
        return [
            await client.post("/v1/people/erase", json=ann, headers=_bearer(read)),
            await client.post("/v1/people/erase", json={"people": []}, headers=_bearer(admin)),
            await client.post("/v1/people/erase", json=ann, headers=_bearer(admin)),
        ]

    refused, empty, done = _run(scored.workspace, body)
    assert refused.status_code == 403 and empty.status_code == 422
    assert done.status_code == 200, done.text
    assert len(done.json()["people"]) == 1 and done.json()["suppressed_forms"] >= 2
    assert _found_in_database(scored) == []


def test_people_gone_quiet_expire_only_with_yes(
    scored: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ["-w", str(scored.workspace.root)]
    # the touches are of May 2026: nobody is quiet for a year and a half, everybody for 30 days
    assert (
        "0 people with no activity"
        in invoke(capsys, *w, "people", "expire", "--days", "600").stdout
    )
    counted = invoke(capsys, *w, "people", "expire", "--days", "30")
    assert "4 people with no activity" in counted.stdout and "--yes" in counted.stdout
    assert _found_in_database(scored) != []  # only counted
    assert invoke(capsys, *w, "people", "expire").exit_code == 1  # no retain_days set
    done = invoke(capsys, *w, "people", "expire", "--days", "30", "--yes")
    assert "erased 4 people" in done.stdout
    assert _found_in_database(scored) == []


def test_erasing_during_another_write_waits_for_it(scored: Session) -> None:
    import threading

    heard: list[str] = []
    finished = threading.Event()

    def erase() -> None:
        erase_people(scored, ["ann@riversidefp.example"], on_wait=heard.append)
        finished.set()

    if not scored.workspace.database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL orders writers by its own locks")
    with scored.workspace.writing("leadsift import"):
        worker = threading.Thread(target=erase)
        worker.start()
        assert not finished.wait(1.0)  # held back while the import writes
        assert any("leadsift import" in message for message in heard)
        assert _found_in_database(scored) != []
    worker.join(30)
    assert finished.is_set() and _found_in_database(scored) == []
