"""The audit log records every erasure, suppression, merge, split, export, access report and
key change: who, what, when, why; and an entry never holds the identifiers of the people it
concerns (an erased person's address must not survive in the log)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from leadsift.app.audit import audit_entries
from leadsift.app.exports import export_call_list, export_crm, export_segment
from leadsift.app.keys import create_key, revoke_key
from leadsift.app.people import export_records, resolve, split
from leadsift.app.privacy import access_report, erase_people, suppress_identifiers
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from tests.helpers import invoke
from tests.privacy.test_erasure import scored  # noqa: F401  (the fixture)

ANN = "ann@riversidefp.example"


def _actions(session: Session) -> list[str]:
    return [e["action"] for e in reversed(audit_entries(session, 1_000))]


def test_each_privacy_relevant_change_is_one_entry_naming_who(
    scored: Session,  # noqa: F811
    tmp_path: Path,
) -> None:
    before = len(audit_entries(scored, 1_000))
    export_call_list(scored, tmp_path / "calls.csv")
    export_segment(scored, io.StringIO())
    export_crm(scored, tmp_path / "crm.csv", "hubspot")
    export_records(scored, tmp_path / "records.csv")
    access_report(scored, ANN, by="dpo@ourco.example")
    resolve(scored, by="ops@ourco.example")
    with pytest.raises(LeadsiftError, match="no probabilistic links"):
        split(scored, 1)  # refused: nothing changed, nothing noted
    made = create_key(scored, "ingest", "forms", by="admin@ourco.example")
    revoke_key(scored, made.key.id)
    suppress_identifiers(scored, ["bob@harbor.example"], reason="asked by phone")
    erase_people(scored, [ANN], reason="GDPR art. 17 request #12")
    entries = audit_entries(scored, 1_000)[: len(audit_entries(scored, 1_000)) - before]
    assert [e["action"] for e in reversed(entries)] == [
        "export.calls", "export.segment", "export.hubspot", "export.records", "people.report",
        "people.resolve", "keys.create", "keys.revoke", "people.suppress", "people.erase",
    ]  # fmt: skip
    by_action = {e["action"]: e["detail"] for e in entries}
    assert by_action["export.calls"]["to"] == "calls.csv"
    assert by_action["export.segment"]["to"] == "stream"
    assert by_action["people.report"]["by"] == "dpo@ourco.example"
    assert by_action["keys.create"] == {
        "by": "admin@ourco.example", "key_id": made.key.id, "scope": "ingest",
    }  # fmt: skip
    assert by_action["keys.revoke"]["by"]  # the command line's user when no one is named
    assert by_action["people.erase"]["reason"] == "GDPR art. 17 request #12"
    assert by_action["people.erase"]["people"] == 1
    # the rows the exports wrote are counted, and agree with the files
    calls = (tmp_path / "calls.csv").read_text(encoding="utf-8-sig").splitlines()
    assert by_action["export.calls"]["rows"] == len(calls) - 1
    # no entry holds anyone's address or phone: people are counted or named by id
    assert "riversidefp" not in json.dumps(entries) and "harbor.example" not in json.dumps(entries)


def test_audit_lists_newest_first_at_80_columns(
    scored: Session,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    suppress_identifiers(scored, ["bob@harbor.example"], reason="do not call")
    root = str(scored.workspace.root)
    listed = invoke(capsys, "--workspace", root, "audit", "--limit", "5")
    assert listed.exit_code == 0, listed.stderr
    assert "people.suppress" in listed.stdout and "do not call" in listed.stdout
    assert max(len(line) for line in listed.stdout.splitlines()) <= 80
    as_json = invoke(capsys, "--workspace", root, "audit", "--limit", "1", "--json")
    assert json.loads(as_json.stdout)[0]["action"] == "people.suppress"
