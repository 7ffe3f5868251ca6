"""`score` end to end on a small hand-made workspace: stages with reasons, incremental = full."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.pipeline.score import run_scoring
from leadsift.workspace.workspace import Workspace
from tests.helpers import query

ACCOUNTS = """name,domain,industry,employees,country,target,tier
Riverside Family Practice,riversidefp.example,Medical Practice,40,US,yes,1
Lakeside Dental,lakesidedental.example,Dental Practice,12,US,no,
Widgets Inc,widgets.example,Manufacturing,900,US,no,
"""
CONTACTS = """email,first_name,last_name,title,phone,company,country
ann@riversidefp.example,Ann,Kim,"Office Mgr, Family Medicine",+1 555 010 0001,Riverside FP,US
dan@lakesidedental.example,Dan,Ortiz,Practice Administrator,,Lakeside Dental,US
wes@widgets.example,Wes,Lee,Software Engineer,,Widgets Inc,US
stu@gmail.com,Stu,Dent,Medical Student,,,US
"""
TOUCHES = """touch_id,campaign,channel,kind,occurred_at,email,phone
1,webinar,webinar,register,2026-05-01T10:00:00Z,ann@riversidefp.example,
2,webinar,webinar,attend,2026-05-08T10:00:00Z,ANN@riversidefp.example,
3,email,email,click,2026-05-09T10:00:00Z,ann@riversidefp.example,
4,calls,phone,call_positive,2026-05-10T10:00:00Z,,555.010.0001
5,email,email,open,2026-05-09T10:00:00Z,dan@lakesidedental.example,
6,email,email,click,2026-05-09T10:01:00Z,wes@widgets.example,
7,content,content,demo_request,2026-05-09T11:00:00Z,wes@widgets.example,
8,content,content,form_submit,2026-05-09T12:00:00Z,stu@gmail.com,
"""
LATER = """touch_id,campaign,channel,kind,occurred_at,email
9,content,content,demo_request,2026-05-12T10:00:00Z,dan@lakesidedental.example
10,email,email,unsubscribe,2026-05-12T11:00:00Z,wes@widgets.example
"""
OUTCOMES = """email,kind,occurred_at,amount
ann@riversidefp.example,meeting,2026-05-15T10:00:00Z,
"""


def _load(workspace: Workspace, tmp_path: Path, kind: str, text: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with workspace.opened() as engine:
        import_file(engine, kind, path, ImportOptions())


def _scores(workspace: Workspace) -> dict[str, tuple[object, ...]]:
    rows = query(
        workspace,
        "SELECT i.value, s.stage, s.grade, s.fit, s.intent, s.role, s.in_target"
        " FROM person_scores s JOIN identities i ON i.person_id = s.person_id"
        " WHERE i.kind = 'email' ORDER BY i.value",
    )
    return {r[0]: tuple(r[1:]) for r in rows}


@pytest.fixture
def scored(workspace: Workspace, tmp_path: Path) -> Workspace:
    _load(workspace, tmp_path, "accounts", ACCOUNTS, "accounts.csv")
    _load(workspace, tmp_path, "contacts", CONTACTS, "contacts.csv")
    _load(workspace, tmp_path, "touches", TOUCHES, "touches.csv")
    with workspace.opened() as engine:
        run_scoring(engine, workspace.settings)
    return workspace


def test_stages_fit_and_reasons(scored: Workspace) -> None:
    scores = _scores(scored)
    ann = scores["ann@riversidefp.example"]
    # phone call linked through the contact's phone; positive call at a named account -> SQL
    assert ann[0] == "sql"
    assert ann[1] == "A" and ann[4] == "Practice manager" and ann[5]
    assert scores["wes@widgets.example"][0] == "mql"  # hand-raise despite a poor fit
    assert scores["wes@widgets.example"][5] is False or scores["wes@widgets.example"][5] == 0
    assert scores["stu@gmail.com"][0] == "disqualified"  # excluded title
    assert scores["dan@lakesidedental.example"][0] == "engaged"
    (reasons,) = query(
        scored,
        "SELECT s.reasons FROM person_scores s JOIN identities i ON i.person_id = s.person_id"
        " WHERE i.value = 'ann@riversidefp.example'",
    )[0]
    text = str(reasons)
    assert "named target account Riverside Family Practice, tier 1" in text
    assert "attended a webinar" in text


def test_outcomes_move_people_forward_and_history_is_kept(
    scored: Workspace, tmp_path: Path
) -> None:
    _load(scored, tmp_path, "outcomes", OUTCOMES, "outcomes.csv")
    with scored.opened() as engine:
        run_scoring(engine, scored.settings)
    assert _scores(scored)["ann@riversidefp.example"][0] == "meeting"
    history = query(
        scored,
        "SELECT h.stage, h.previous_stage FROM stage_history h JOIN identities i"
        " ON i.person_id = h.person_id WHERE i.value = 'ann@riversidefp.example' ORDER BY h.id",
    )
    assert [tuple(h) for h in history] == [("sql", None), ("meeting", "sql")]


def test_incremental_equals_full(scored: Workspace, tmp_path: Path) -> None:
    _load(scored, tmp_path, "touches", LATER, "later.csv")
    with scored.opened() as engine:
        summary = run_scoring(engine, scored.settings)
    assert summary.mode == "incremental"
    assert summary.persons_reaggregated == 2
    incremental = _scores(scored)
    components = query(scored, "SELECT person_id, kind, decayed, events FROM intent_components")
    with scored.opened() as engine:
        again = run_scoring(engine, scored.settings, full=True)
    assert again.mode == "full"
    assert _scores(scored) == incremental
    full_components = query(
        scored, "SELECT person_id, kind, decayed, events FROM intent_components"
    )

    def rounded(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
        return sorted((p, k, round(float(d), 9), e) for p, k, d, e in rows)  # type: ignore[arg-type]

    assert rounded(full_components) == rounded(components)
    assert incremental["dan@lakesidedental.example"][0] == "mql"  # a demo request arrived


def test_a_stage_is_not_lost_silently(scored: Workspace) -> None:
    # a year later, Ann's intent has decayed away, but she stays SQL
    with scored.opened() as engine:
        run_scoring(engine, scored.settings, as_of=datetime(2027, 6, 1, tzinfo=UTC))
    ann = _scores(scored)["ann@riversidefp.example"]
    assert int(ann[3]) < 10  # type: ignore[call-overload]
    assert ann[0] == "nurture"


def test_malformed_identifiers_are_kept_and_counted(scored: Workspace, tmp_path: Path) -> None:
    odd = (
        "touch_id,campaign,channel,kind,occurred_at,email,phone\n"
        "m1,email,email,open,2026-05-11T10:00:00Z,not-an-email,\n"
        "m2,calls,phone,call_attempt,2026-05-11T11:00:00Z,,12\n"
    )
    _load(scored, tmp_path, "touches", odd, "odd.csv")
    with scored.opened() as engine:
        summary = run_scoring(engine, scored.settings)
    assert summary.malformed == {"emails": 1, "phones": 1}
    rows = query(
        scored, "SELECT email, phone, person_id FROM touches WHERE touch_id IN ('m1', 'm2')"
    )
    assert sorted((r[0] or "", r[1] or "") for r in rows) == [("", "12"), ("not-an-email", "")]
    assert all(r[2] is None for r in rows)  # kept, but not matched to anyone


def test_a_merge_after_scoring_moves_history_to_the_person_that_stays(
    scored: Workspace, tmp_path: Path
) -> None:
    call = (
        "touch_id,campaign,channel,kind,occurred_at,phone\n"
        "x1,calls,phone,call_positive,2026-05-12T10:00:00Z,555 010 0099\n"
    )
    _load(scored, tmp_path, "touches", call, "call.csv")
    with scored.opened() as engine:
        run_scoring(engine, scored.settings)
    before = query(scored, "SELECT count(*) FROM persons")[0][0]
    # the CRM learns that the caller is Wes
    _load(scored, tmp_path, "contacts", "email,phone\nwes@widgets.example,555-010-0099\n", "c2.csv")
    with scored.opened() as engine:
        summary = run_scoring(engine, scored.settings)
    assert query(scored, "SELECT count(*) FROM persons")[0][0] == before - 1
    dangling = query(
        scored,
        "SELECT count(*) FROM stage_history h WHERE NOT EXISTS"
        " (SELECT 1 FROM persons p WHERE p.id = h.person_id)",
    )[0][0]
    assert dangling == 0
    wes = query(
        scored,
        "SELECT s.person_id, s.stage FROM person_scores s JOIN identities i"
        " ON i.person_id = s.person_id WHERE i.value = 'wes@widgets.example'",
    )[0]
    history = query(scored, f"SELECT stage FROM stage_history WHERE person_id = {wes[0]}")
    assert len(history) >= 2  # both people's histories now belong to the merged person
    assert summary.persons == before - 1


def test_account_matches_are_strong_by_domain_and_weak_by_name(
    scored: Workspace, tmp_path: Path
) -> None:
    from leadsift.scoring.leads import LeadFilter, select_leads

    contacts = "email,first_name,company\nkay@gmail.com,Kay,The Lakeside Dental Inc.\n"
    _load(scored, tmp_path, "contacts", contacts, "kay.csv")
    with scored.opened() as engine:
        run_scoring(engine, scored.settings)
        with engine.connect() as connection:
            leads = {lead.email: lead for lead in select_leads(connection, LeadFilter())}
    assert leads["kay@gmail.com"].account == "Lakeside Dental"
    assert leads["kay@gmail.com"].account_match == "weak"  # free mail: only the name matched
    assert leads["ann@riversidefp.example"].account_match == "strong"
    assert leads["stu@gmail.com"].account_match is None


def test_a_split_without_new_data_moves_touches_and_keeps_history(
    workspace: Workspace, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    import sqlalchemy as sa

    from leadsift.identity.links import split_person
    from leadsift.store import schema

    contacts = "email,first_name,last_name\nann@clinic.example,Ann,Kim\nann.kim@gmail.com,Ann,Kim\n"
    touches = (
        "touch_id,campaign,channel,kind,occurred_at,email\n"
        "1,webinar,webinar,register,2026-05-01T10:00:00Z,ann@clinic.example\n"
        "2,email,email,click,2026-05-02T10:00:00Z,ann.kim@gmail.com\n"
        "3,email,email,click,2026-05-03T10:00:00Z,ann.kim@gmail.com\n"
    )
    _load(workspace, tmp_path, "contacts", contacts, "contacts.csv")
    _load(workspace, tmp_path, "touches", touches, "touches.csv")
    with workspace.opened() as engine, engine.begin() as connection:
        left, right = sorted(i for (i,) in connection.execute(sa.select(schema.contacts.c.id)))
        connection.execute(
            schema.person_links.insert().values(
                contact_id_l=left, contact_id_r=right, match_probability=0.999,
                status="active", created_at=datetime.now(UTC),
            )
        )  # fmt: skip
    with workspace.opened() as engine:
        run_scoring(engine, workspace.settings)
    (person,) = {p for (p,) in query(workspace, "SELECT person_id FROM touches")}
    history = set(query(workspace, "SELECT id, person_id, stage FROM stage_history"))
    assert history and {row[1] for row in history} == {person}
    with workspace.opened() as engine, engine.begin() as connection:
        assert split_person(connection, person) == 1
    with workspace.opened() as engine:
        summary = run_scoring(engine, workspace.settings)
    assert summary.mode == "incremental" and summary.persons == 2
    owner = dict(query(workspace, "SELECT touch_id, person_id FROM touches"))
    assert owner["2"] == owner["3"] != owner["1"]
    assert person in owner.values()
    # the person that stays keeps the history it had; nothing moved to the new one
    assert history <= set(query(workspace, "SELECT id, person_id, stage FROM stage_history"))


def test_a_rerun_with_nothing_new_reuses_identities_and_flags(scored: Workspace) -> None:
    before = _scores(scored)
    touches = query(scored, "SELECT id, person_id, noise FROM touches ORDER BY id")
    with scored.opened() as engine:
        first = run_scoring(engine, scored.settings, full=True)
        again = run_scoring(engine, scored.settings)
    assert again.mode == "incremental" and again.persons_reaggregated == 0
    assert (again.flagged, again.bursts, again.malformed) == (
        first.flagged, first.bursts, first.malformed,
    )  # fmt: skip
    assert _scores(scored) == before
    assert query(scored, "SELECT id, person_id, noise FROM touches ORDER BY id") == touches
