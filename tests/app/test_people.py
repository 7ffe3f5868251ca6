"""People through the application API: probable duplicates, resolve, split, the record
export and one person in full."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from leadsift.app.imports import import_files
from leadsift.app.people import (
    NoSuchPerson,
    duplicate_pairs,
    export_records,
    person_view,
    resolve,
    split,
)
from leadsift.app.scores import score
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.identity.records import EXPORT_COLUMNS
from tests.helpers import query
from tests.identity.test_match_attributes import _contacts


@pytest.fixture
def members(session: Session, tmp_path: Path) -> Session:
    """Sixty people, each in two identical rows (and a third, mistyped, that names alone
    cannot join), scored: the matcher links the identical pairs."""
    path = tmp_path / "members.csv"
    _contacts(path)
    assert import_files(session, "contacts", [path]).rejected == []
    assert score(session, full=True).new_links == 60
    return session


def _person_of(session: Session, contact_id: int) -> int:
    return int(
        query(session.workspace, f"SELECT person_id FROM contacts WHERE id = {contact_id}")[0][0]
    )


def test_duplicate_pairs_are_the_same_names_most_likely_first(members: Session) -> None:
    pairs = duplicate_pairs(members, threshold=0.99, limit=500)
    assert len(pairs) == 60
    for pair in pairs:
        assert (pair.left.first_name, pair.left.last_name) == (
            pair.right.first_name, pair.right.last_name,
        )  # fmt: skip
        assert pair.left.email is None and pair.contact_id_l < pair.contact_id_r
    chances = [pair.match_probability for pair in pairs]
    assert chances == sorted(chances, reverse=True) and chances[-1] >= 0.99
    assert len(duplicate_pairs(members, threshold=0.99, limit=5)) == 5
    data = json.loads(json.dumps(pairs[0].as_dict()))
    assert set(data["left"]) == {"email", "first_name", "last_name", "company", "phone"}


def test_split_separates_a_pair_and_resolve_never_proposes_it_again(members: Session) -> None:
    pair = duplicate_pairs(members, threshold=0.99, limit=1)[0]
    person = _person_of(members, pair.contact_id_l)
    assert person == _person_of(members, pair.contact_id_r)
    assert split(members, person) == 1
    score(members)
    assert _person_of(members, pair.contact_id_l) != _person_of(members, pair.contact_id_r)
    with pytest.raises(LeadsiftError, match="no probabilistic links to undo"):
        split(members, _person_of(members, pair.contact_id_l))
    summary = resolve(members, threshold=0.95)
    assert (summary.contacts, summary.new_links) == (180, 0)
    score(members)
    assert _person_of(members, pair.contact_id_l) != _person_of(members, pair.contact_id_r)


def test_export_records_writes_one_row_per_record(members: Session, tmp_path: Path) -> None:
    stream = io.StringIO()
    assert export_records(members, stream) == 180
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == EXPORT_COLUMNS and len(rows) == 181
    assert all(row[0] for row in rows[1:])  # every record has its person
    path = tmp_path / "people.csv"
    assert export_records(members, path) == 180
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(LeadsiftError, match="cannot write"):
        export_records(members, tmp_path / "missing" / "people.csv")


def test_person_view_shows_sources_touches_flags_scores_and_stages(
    imported: Session, tmp_path: Path
) -> None:
    scanner = tmp_path / "scanner.csv"
    scanner.write_text(
        "touch_id,campaign,channel,kind,occurred_at,email,seconds_since_send\n"
        "s1,email,email,click,2026-05-03T10:00:00Z,ann@riversidefp.example,2\n"
    )
    assert import_files(imported, "touches", [scanner]).rejected == []
    score(imported)
    ann = person_view(imported, "ANN@riversidefp.example")
    assert ann == person_view(imported, str(ann.person_id))
    values = {a["attribute"]: a["value"] for a in ann.attributes}
    assert values["title"] == "Office Mgr, Family Medicine"
    assert {(i["kind"], i["value"]) for i in ann.identities} == {
        ("email", "ann@riversidefp.example"), ("phone", "+15550100001"),
    }  # fmt: skip
    assert ann.touches == {"attend": 1, "call_positive": 1, "click": 1, "register": 1}
    assert ann.flagged_touches == {"scanner_click": 1}
    latest = ann.recent_touches
    assert [t.kind for t in latest] == ["call_positive", "click", "attend", "click", "register"]
    flagged = [t for t in latest if not t.authentic]
    assert [(t.occurred_at[:10], t.flag is not None) for t in flagged] == [("2026-05-03", True)]
    assert ann.score is not None and ann.score["stage"] == "sql" and ann.score["fit"] > 80
    assert ann.score["reasons"][0].startswith("qualified")
    assert ann.stage_history and ann.stage_history[-1].stage == "sql"
    assert ann.stage_history[-1].reason
    data = json.loads(json.dumps(ann.as_dict()))
    assert data["recent_touches"][0]["authentic"] is True
    assert data["stage_history"][-1]["stage"] == "sql"
    with pytest.raises(NoSuchPerson, match="no person 'nobody@x"):
        person_view(imported, "nobody@x.example")
