"""[identity] match_attributes: a team's own identifying columns join records that names
alone cannot (a mistyped first and last name), and nothing changes without them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from leadsift.workspace.workspace import Workspace
from tests.helpers import invoke, query

FIRST = ["Ana", "Omar", "Lena", "Raj", "Mei", "Tom", "Sara", "Ivan", "Nora", "Paul"]
LAST = ["Ruiz", "Haddad", "Berg", "Patel", "Chen", "Moss", "Okafor", "Novak", "Lind", "Grant"]


def _typo(name: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(name))
    return name[:at] + rng.choice("aeiouxyz") + name[at + 1 :]


def _contacts(path: Path) -> int:
    """Sixty people, each seen twice as written and once with both names mistyped, all three
    rows carrying their member number; returns how many people there are."""
    rng = random.Random(11)
    rows = ["first_name,last_name,city,member_number"]
    people = [(first, last) for first in FIRST for last in LAST]
    rng.shuffle(people)
    people = people[:60]
    for number, (first, last) in enumerate(people, start=1000):
        member = f"M{number * 7919 % 100000:05d}"
        rows.append(f"{first},{last},Springfield,{member}")
        rows.append(f"{first},{last},Shelbyville,{member}")
        rows.append(f"{_typo(first, rng)},{_typo(last, rng)},Springfield,{member}")
    path.write_text("\n".join(rows) + "\n")
    return len(people)


def _persons(capsys: pytest.CaptureFixture[str], workspace: Workspace, path: Path) -> int:
    ws = ["--workspace", str(workspace.root)]
    assert invoke(capsys, *ws, "import", "contacts", str(path)).exit_code == 0
    scored = invoke(capsys, *ws, "score", "--full")
    assert scored.exit_code == 0, scored.stderr
    (row,) = query(workspace, "SELECT COUNT(DISTINCT person_id) AS n FROM contacts")
    return int(row.n)


def test_an_identifier_attribute_joins_mistyped_records(
    capsys: pytest.CaptureFixture[str], sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    people = _contacts(tmp_path / "members.csv")
    settings = sqlite_workspace.root / "leadsift.toml"
    settings.write_text(
        settings.read_text().replace(
            "match_attributes = {}\n", 'match_attributes = { member_number = "identifier" }\n'
        )
    )
    assert _persons(capsys, sqlite_workspace, tmp_path / "members.csv") == people
    # the evidence names the attribute, so a reviewer sees why two records were joined
    (link,) = query(sqlite_workspace, "SELECT evidence FROM person_links LIMIT 1")
    assert "attr_member_number" in str(link.evidence)


def test_without_match_attributes_names_alone_decide(
    capsys: pytest.CaptureFixture[str], sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    people = _contacts(tmp_path / "members.csv")
    # the mistyped rows stay people of their own
    assert _persons(capsys, sqlite_workspace, tmp_path / "members.csv") == 2 * people
