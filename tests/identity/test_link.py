"""Deterministic linking against a slow, obviously-correct union-find reference."""

from __future__ import annotations

import uuid
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.identity.link import link_identities
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace, init_workspace
from tests.helpers import query

EMAILS = ["ann@clinic.example", "ANN@clinic.example ", "ann+webinar@clinic.example",
          "bob@clinic.example", "cy@other.example", None]  # fmt: skip
PHONES = ["+1 (555) 010-0001", "555.010.0001", "555 010 0002", "+44 20 7946 0003", "12", None]
HANDLES = [("twitter", "@ann_pm"), ("twitter", "ann_pm"), ("linkedin", "bob-k"), (None, None)]


def _canon(kind: str, value: str) -> str:
    if kind == "e":
        local, _, domain = value.strip().lower().partition("@")
        return "e:" + local.split("+")[0] + "@" + domain
    if kind == "p":
        digits = "".join(ch for ch in value if ch.isdigit())
        return "p:" + (digits if value.startswith("+") or len(digits) == 11 else "1" + digits)
    return kind + ":" + value.lower().lstrip("@")


def _reference_groups(records: list[dict[str, str | None]]) -> list[frozenset[int]]:
    """Union-find over records sharing any canonical identifier."""
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, record in enumerate(records):
        keys = []
        if record["email"]:
            keys.append(_canon("e", record["email"]))
        if record["phone"] and len([c for c in record["phone"] if c.isdigit()]) >= 7:
            keys.append(_canon("p", record["phone"]))  # "12" is no phone number
        if record["handle"]:
            keys.append(
                "h:" + str(record["platform"]).lower() + ":" + _canon("h", record["handle"])[2:]
            )
        if record["anonymous_id"]:
            keys.append("a:" + record["anonymous_id"])
        for key in keys:
            if key in owner:
                parent[find(index)] = find(owner[key])
            else:
                owner[key] = index
    groups: dict[int, set[int]] = {}
    for index in range(len(records)):
        groups.setdefault(find(index), set()).add(index)

    # visitors known only by anonymous ids are not persons
    def identified(i: int) -> bool:
        phone = records[i]["phone"] or ""
        return bool(
            records[i]["email"] or records[i]["handle"] or sum(c.isdigit() for c in phone) >= 7
        )

    named = [g for g in groups.values() if any(identified(i) for i in g)]
    # sets compare by inclusion, not totally: order the groups by their members
    return sorted((frozenset(g) for g in named), key=sorted)


@st.composite
def touch_records(draw: st.DrawFn) -> list[dict[str, str | None]]:
    records = []
    for number in range(draw(st.integers(1, 25))):
        platform, handle = draw(st.sampled_from(HANDLES))
        records.append(
            {
                "touch_id": f"t{number}",
                "email": draw(st.sampled_from(EMAILS)),
                "phone": draw(st.sampled_from(PHONES)),
                "platform": platform,
                "handle": handle,
                "anonymous_id": draw(st.sampled_from(["anon-1", "anon-2", None, None])),
            }
        )
    return records


def _import_touches(workspace: Workspace, records: list[dict[str, str | None]]) -> None:
    frame = pd.DataFrame(records)
    frame["channel"] = "web"
    frame["kind"] = "visit"
    frame["occurred_at"] = "2026-04-01T10:00:00Z"
    path = workspace.root / f"{uuid.uuid4().hex}.csv"
    frame.to_csv(path, index=False)
    with workspace.opened() as engine:
        import_file(engine, "touches", path, ImportOptions())


def _link(workspace: Workspace, incremental: bool = False) -> None:
    with workspace.opened() as engine, engine.begin() as connection:
        link_identities(connection, incremental=incremental)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=touch_records())
def test_persons_are_the_reference_components(
    tmp_path: Path, records: list[dict[str, str | None]]
) -> None:
    workspace = init_workspace(tmp_path / uuid.uuid4().hex)
    _import_touches(workspace, records)
    _link(workspace)
    rows = query(workspace, "SELECT touch_id, person_id FROM touches")
    by_person: dict[int | None, set[int]] = {}
    for touch_id, person_id in rows:
        by_person.setdefault(person_id, set()).add(int(touch_id[1:]))
    expected = _reference_groups(records)
    unlinked = by_person.pop(None, set())
    assert sorted((frozenset(g) for g in by_person.values()), key=sorted) == expected
    assert all(
        not (
            records[i]["email"]
            or records[i]["handle"]
            or (records[i]["phone"] or "") not in ("", "12")
        )
        for i in unlinked
    )


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "incremental"])
def test_person_ids_are_stable_and_merges_keep_the_smallest(
    workspace: Workspace, incremental: bool
) -> None:
    base = {"phone": None, "platform": None, "handle": None, "anonymous_id": None}
    _import_touches(workspace, [{**base, "touch_id": "t1", "email": "ann@clinic.example"}])
    _import_touches(workspace, [{**base, "touch_id": "t2", "email": None, "phone": "555 010 0001"}])
    _link(workspace)
    first = dict(query(workspace, "SELECT touch_id, person_id FROM touches"))
    assert first["t1"] != first["t2"]
    _link(workspace)
    assert dict(query(workspace, "SELECT touch_id, person_id FROM touches")) == first
    # a contact carrying both identifiers shows they are one person
    contacts = workspace.root / "contacts.csv"
    contacts.write_text("email,phone,first_name\nAnn@Clinic.example,+1 555-010-0001,Ann\n")
    with workspace.opened() as engine:
        import_file(engine, "contacts", contacts, ImportOptions())
    _link(workspace, incremental)
    after = dict(query(workspace, "SELECT touch_id, person_id FROM touches"))
    assert after["t1"] == after["t2"] == min(first.values())
    assert query(workspace, "SELECT count(*) FROM persons")[0][0] == 1
    assert query(workspace, "SELECT person_id FROM contacts")[0][0] == after["t1"]
