"""People as observations: the rule that draws current attributes, and observations that
carry no email or phone."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.identity.attributes import ATTRIBUTES, attribute_sources, current_attributes
from leadsift.workspace.workspace import Workspace
from tests.helpers import invoke, query

SOURCES = ["crm", "form", "webinar", "list"]


def _reference(frame: pd.DataFrame, priority: list[str]) -> dict[tuple[int, str], object]:
    """The rule as written: per attribute, the highest-priority source with a value, then
    the latest observation, then the later record."""
    chosen: dict[tuple[int, str], object] = {}
    for person, rows in frame.groupby("person_id"):
        for attribute in ATTRIBUTES:
            best = None
            for row in rows.itertuples(index=False):
                value = getattr(row, attribute)
                if value is None:
                    continue
                source = str(row.source_type)
                rank = len(priority) - priority.index(source) if source in priority else 0
                key = (rank, row.observed, row.contact_id)
                if best is None or key > best[0]:
                    best = (key, value)
            if best is not None:
                chosen[(int(str(person)), attribute)] = best[1]
    return chosen


observation = st.fixed_dictionaries(
    {
        "person_id": st.integers(1, 3),
        "source_type": st.sampled_from(SOURCES),
        "observed": st.integers(0, 5),
        "title": st.one_of(st.none(), st.sampled_from(["CEO", "CFO", "Nurse"])),
        "company": st.one_of(st.none(), st.sampled_from(["A", "B"])),
    }
)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(observation, min_size=1, max_size=12), priority=st.permutations(SOURCES))
def test_current_attributes_follow_the_rule(
    rows: list[dict[str, object]], priority: list[str]
) -> None:
    frame = pd.DataFrame(rows)
    frame["contact_id"] = range(1, len(frame) + 1)
    for column in (*ATTRIBUTES, "source_id", "file", "column_map"):
        if column not in frame:
            frame[column] = None
    frame["observed"] = pd.to_datetime(frame["observed"], unit="D", utc=True)
    frame = frame.astype(object).where(frame.notna(), None)
    frame["observed"] = pd.to_datetime(frame["observed"], utc=True)
    chosen = priority[:2]
    expected = _reference(frame, chosen)
    current = current_attributes(frame, chosen)
    got = {
        (int(str(person)), attribute): value
        for person, row in current.iterrows()
        for attribute, value in row.items()
        if value is not None and not pd.isna(value)
    }
    assert got == expected
    sources = attribute_sources(frame, chosen)
    assert {
        (int(p), a): v
        for p, a, v in zip(
            sources["person_id"], sources["attribute"], sources["value"], strict=True
        )
    } == expected


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    crm = tmp_path / "hubspot.csv"
    crm.write_text(
        "Record ID,First Name,Last Name,Email,Job Title,Company Name,Create Date,"
        "Last Modified Date\n"
        "51,Ana,Ruiz,ana.ruiz@clinic.example,Practice Manager,Riverside Clinic,"
        "2025-05-01 10:00,2025-05-02 10:00\n"
    )
    form = tmp_path / "list.csv"
    form.write_text(
        "email,first_name,last_name,title,company,observed_at\n"
        "ana.ruiz@clinic.example,Ana,Ruiz,Office Assistant,Riverside Clinic,2025-06-01T00:00:00Z\n"
        "ana.ruiz@clinic.example,Ana,Ruiz,,,2025-07-01T00:00:00Z\n"
        ",Omar,Haddad,Medical Director,Haddad Care,2025-06-01T00:00:00Z\n"
        ",,,Nurse,,2025-06-01T00:00:00Z\n"
    )
    return crm, form


def test_a_person_is_drawn_from_their_observations(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, files: tuple[Path, Path]
) -> None:
    crm, form = files
    ws = ["--workspace", str(workspace.root)]
    imported = invoke(capsys, *ws, "import", str(crm), str(form), "--json")
    assert imported.exit_code == 0, imported.stderr
    assert invoke(capsys, *ws, "score").exit_code == 0
    shown = invoke(capsys, *ws, "people", "show", "ana.ruiz@clinic.example", "--json")
    assert shown.exit_code == 0, shown.stderr
    import json

    profile = json.loads(shown.stdout)
    by_attribute = {a["attribute"]: a for a in profile["attributes"]}
    # the CRM wins over the newer list row, which the rule ranks lower
    assert by_attribute["title"]["value"] == "Practice Manager"
    assert by_attribute["title"]["column_map"] == "hubspot-contacts"
    assert by_attribute["title"]["source_id"] == "51"
    assert len(profile["observations"]) == 3
    # a row with a name and a company but no email or phone is a person of its own
    (omar,) = query(workspace, "SELECT person_id FROM contacts WHERE last_name = 'Haddad'")
    assert omar.person_id is not None
    # a row that describes no one is left out, and counted
    result = json.loads(imported.stdout)
    assert result["files"][1]["left_out"] == {"no email, phone, handle or name": 1}
    missing = invoke(capsys, *ws, "people", "show", "nobody@clinic.example")
    assert missing.exit_code == 1 and "no person" in missing.stderr
