"""Consent and lawful basis: read from the sources that state them (HubSpot's legal basis,
Mailchimp's opt-in time and address and its unsubscribed members, Salesforce's Email Opt
Out, leadsift's own columns), shown on the person, usable as a segment rule, and a
withdrawal keeps the person out of every export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadsift.app.errors import BadOption
from leadsift.app.exports import export_call_list, export_segment
from leadsift.app.imports import ImportRequest, import_files
from leadsift.app.people import person_view
from leadsift.app.privacy import access_report
from leadsift.app.scores import score
from leadsift.app.session import Session, open_session
from leadsift.domain.consent import LAWFUL_BASES, lawful_basis
from leadsift.ingest.keys import row_keys
from leadsift.ingest.specs import CONSENT_COLUMNS, TABLES
from leadsift.privacy import consent as consent_module
from leadsift.workspace.workspace import Workspace
from tests.helpers import import_texts
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES

FIXTURES = Path(__file__).parents[1] / "fixtures" / "consent"  # as the tools export them


def _import(session: Session, folder: Path, name: str, text: str | None = None) -> None:
    path = folder / name
    path.write_text(text if text is not None else (FIXTURES / name).read_text("utf-8"), "utf-8")
    outcome = import_files(session, None, [path], ImportRequest(timezone="UTC"))
    assert outcome.rejected == [], outcome.as_dict()


@pytest.fixture
def stated(workspace: Workspace, tmp_path: Path) -> Iterator[Session]:
    folder = tmp_path / "inputs"
    folder.mkdir()
    with open_session(workspace) as session:
        import_texts(session, folder, [("accounts", ACCOUNTS), ("contacts", CONTACTS),
                                        ("touches", TOUCHES)])  # fmt: skip
        _import(session, folder, "hubspot-contacts.csv")
        _import(session, folder, "subscribed_members_export_1a.csv")
        score(session)
        yield session


def _emails(text: str) -> set[str]:
    return {row["email"] for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}


def test_sources_state_the_basis_and_the_person_shows_it(stated: Session) -> None:
    ann = person_view(stated, "ann@riversidefp.example").consent
    assert ann["basis"] == "legitimate_interest" and ann["basis_source"] == "crm"
    dan = person_view(stated, "dan@lakesidedental.example").consent
    assert dan["basis"] == "consent"  # the strongest of the two the cell names
    wes = person_view(stated, "wes@widgets.example").consent
    assert wes["basis"] == "consent" and wes["basis_source"] == "list"
    # the double opt-in's confirmation, with the address it came from
    assert wes["consent_at"].startswith("2026-03-02T10:05") and wes["consent_ip"] == "203.0.113.8"
    assert not wes["withdrawn"]
    stu = person_view(stated, "stu@gmail.com").consent
    assert stu["basis"] is None and not stu["withdrawn"]
    assert access_report(stated, "wes@widgets.example")["consent"] == wes


def test_segments_select_by_basis_and_unknown_bases_are_refused(stated: Session) -> None:
    everyone = io.StringIO()
    export_segment(stated, everyone, stages=["audience", "engaged", "mql", "sql", "meeting"])
    by_consent = io.StringIO()
    export_segment(stated, by_consent, stages=["audience", "engaged", "mql", "sql", "meeting"],
                   bases=["consent"])  # fmt: skip
    unstated = io.StringIO()
    export_segment(stated, unstated, stages=["audience", "engaged", "mql", "sql", "meeting"],
                   bases=["none"])  # fmt: skip
    assert "dan@lakesidedental.example" in _emails(by_consent.getvalue())
    assert "ann@riversidefp.example" not in _emails(by_consent.getvalue())
    assert _emails(unstated.getvalue()) <= {"stu@gmail.com"}
    assert _emails(by_consent.getvalue()) | {"ann@riversidefp.example"} >= _emails(
        everyone.getvalue()
    ) - {"stu@gmail.com"}
    with pytest.raises(BadOption, match="'legit': choose one of consent"):
        export_segment(stated, io.StringIO(), bases=["legit"])


def test_a_withdrawal_keeps_the_person_out_of_every_export(stated: Session, tmp_path: Path) -> None:
    before = io.StringIO()
    export_call_list(stated, before)
    assert "Ann" in before.getvalue()  # at a named target account, with a phone
    _import(stated, tmp_path, "unsubscribed_members_export_1a.csv")
    score(stated)
    ann = person_view(stated, "ann@riversidefp.example").consent
    assert ann["withdrawn"] and ann["withdrawn_at"].startswith("2026-05-20T08:00")
    after, segment = io.StringIO(), io.StringIO()
    export_call_list(stated, after)
    export_segment(stated, segment)
    assert "Ann" not in after.getvalue()
    assert "ann@riversidefp.example" not in segment.getvalue()


def test_salesforce_opt_out_withdraws_and_a_later_false_restores(
    workspace: Workspace, tmp_path: Path
) -> None:
    header = (
        "Lead ID,First Name,Last Name,Company / Account,Email,Lead Status,Email Opt Out,"
        "Last Modified Date\n"
    )
    eve = '"00Q1","Eve","Ng","Acme","eve@acme.example","Open",'
    with open_session(workspace) as session:
        _import(session, tmp_path, "leads1.csv", header + eve + '"1","5/1/2026 9:00 AM"\n')
        score(session)
        assert person_view(session, "eve@acme.example").consent["withdrawn"]
        _import(session, tmp_path, "leads2.csv", header + eve + '"0","6/1/2026 9:00 AM"\n')
        score(session)
        assert not person_view(session, "eve@acme.example").consent["withdrawn"]


def test_a_basis_no_one_knows_is_refused_naming_file_line_and_column(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("email,lawful_basis\na@x.example,consent\nb@x.example,because\n")
    with open_session(workspace) as session:
        outcome = import_files(session, "contacts", [path])
    message = str(outcome.rejected[0]) if outcome.rejected else ""
    assert "contacts.csv:3: column 'lawful_basis': not a lawful basis" in message
    assert message.endswith("'because'")


def test_rows_without_consent_keep_the_keys_they_had() -> None:
    spec = TABLES["contacts"]
    plain = pd.DataFrame({c: [None, None] for c in spec.column_names})
    plain["email"] = ["a@x.example", "b@x.example"]
    keys = row_keys(spec, plain)
    # a row with a consent column set gets another key: a new statement is a new observation
    stated = plain.copy()
    stated.loc[1, "lawful_basis"] = "consent"
    changed = row_keys(spec, stated)
    assert changed[0] == keys[0] and changed[1] != keys[1]
    # and the keys of rows without consent do not depend on the consent columns at all
    without = plain.drop(columns=list(CONSENT_COLUMNS))
    assert list(row_keys(spec, without.reindex(columns=spec.column_names))) == list(keys)


@given(st.lists(st.sampled_from([*LAWFUL_BASES, "Freely given consent from contact",
                                 "Legitimate interest \u2013 existing customer",
                                 "Performance of a contract", "Not applicable"]),
                min_size=1, max_size=4))  # fmt: skip
def test_a_cell_naming_several_bases_keeps_the_strongest(parts: list[str]) -> None:
    named = [lawful_basis(p) for p in parts]
    assert None not in named
    strongest = min(named, key=lambda b: LAWFUL_BASES.index(str(b)))
    assert lawful_basis(" ; ".join(parts)) == strongest
    assert lawful_basis("; ".join([*parts, "because we can"])) is None


def _reference_withdrawn(events: list[tuple[datetime, bool]]) -> bool:
    """The obviously-correct rule: sort every event by time; the last one decides."""
    return bool(events) and sorted(events, key=lambda e: (e[0], e[1]))[-1][1]


@given(st.lists(st.tuples(st.integers(1, 30), st.sampled_from(["in", "out", "flag1", "flag0"])),
                min_size=1, max_size=6))  # fmt: skip
def test_the_latest_event_decides_whether_consent_stands(
    statements: list[tuple[int, str]],
) -> None:
    rows, events = [], []
    for number, (day, what) in enumerate(statements, start=1):
        when = datetime(2026, 1, day, tzinfo=UTC)
        rows.append(_Row(number, when, what))
        events.append((when, what in ("out", "flag1")))
    assert consent_module._consent(rows).withdrawn == _reference_withdrawn(events)


class _Row:
    """A contact row as privacy.consent reads it."""

    def __init__(self, number: int, when: datetime, what: str) -> None:
        self.id, self.person_id, self.seen_at, self.source_type = number, 1, when, "list"
        self.lawful_basis = "consent" if what == "in" else None
        self.consent_at = when if what == "in" else None
        self.consent_ip = None
        self.consent_withdrawn_at = when if what == "out" else None
        self.email_opt_out = {"flag1": True, "flag0": False}.get(what)
