"""Workspaces: created with commented settings, found from below, validated on load."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from leadsift.config.settings import load_settings
from leadsift.domain.errors import ConfigError, WorkspaceError
from leadsift.workspace.workspace import find_workspace, init_workspace


def test_init_writes_commented_settings_and_a_sqlite_database(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "acme")
    text = workspace.settings_path.read_text()
    assert (tmp_path / "acme" / "leadsift.db").is_file()
    lines = text.splitlines()
    # every key sits in a paragraph that has a comment
    paragraph_commented = False
    for line in lines:
        if not line.strip():
            paragraph_commented = False
        elif line.lstrip().startswith("#"):
            paragraph_commented = True
        elif "=" in line:
            assert paragraph_commented, f"uncommented key: {line}"
    assert tomllib.loads(text)["database"]["url"] == "sqlite:///leadsift.db"
    assert workspace.settings.target.roles[0].name == "Practice manager"


def test_init_refuses_an_existing_workspace(tmp_path: Path) -> None:
    init_workspace(tmp_path)
    with pytest.raises(WorkspaceError, match="already exists"):
        init_workspace(tmp_path)


def test_init_with_an_unreachable_database_leaves_no_settings(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="cannot reach"):
        init_workspace(tmp_path, "postgresql://nobody@127.0.0.1:1/none")
    assert not (tmp_path / "leadsift.toml").exists()


def test_find_walks_up_from_a_subfolder(tmp_path: Path) -> None:
    init_workspace(tmp_path)
    deep = tmp_path / "input" / "2026"
    deep.mkdir(parents=True)
    assert find_workspace(start=deep).root == tmp_path.resolve()
    with pytest.raises(WorkspaceError, match="no leadsift workspace"):
        find_workspace(start=tmp_path.parent)
    with pytest.raises(WorkspaceError, match="not a leadsift workspace"):
        find_workspace(explicit=deep)


def test_bad_settings_name_the_file_line_and_key(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path)
    text = workspace.settings_path.read_text().replace("batch_rows = 50000", "batch_rows = 5")
    workspace.settings_path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(workspace.settings_path)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("batch_rows"))
    assert f"leadsift.toml:{line}: import.batch_rows" in str(caught.value)
    workspace.settings_path.write_text("[database\nurl=1")
    with pytest.raises(ConfigError, match="line 1"):
        load_settings(workspace.settings_path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("grade_b = 60", "grade_b = 90", "grade thresholds must descend"),
        ("half_life_days = 30", "half_life_days = 0", "intent.half_life_days"),
        ("attend = 18", "atend = 18", "unknown touch kind(s): atend"),
        ('mql_min_grade = "B"', 'mql_min_grade = "Z"', "stages.mql_min_grade"),
        ("nurture_below_intent = 10", "nurture_below_intent = 50", "must be below"),
        ("daily_cap = 3", 'daily_cap = "three"', "intent.daily_cap"),
        ("[report]", "[reports]", "reports"),
    ],
)
def test_invalid_scoring_settings_name_the_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    workspace = init_workspace(tmp_path)
    text = workspace.settings_path.read_text()
    assert old in text
    workspace.settings_path.write_text(text.replace(old, new))
    with pytest.raises(ConfigError) as caught:
        load_settings(workspace.settings_path)
    assert message in str(caught.value)
    assert "leadsift.toml" in str(caught.value)


def test_a_command_with_bad_settings_runs_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.helpers import count_rows, invoke

    workspace = init_workspace(tmp_path)
    text = workspace.settings_path.read_text().replace("grade_b = 60", "grade_b = 95")
    workspace.settings_path.write_text(text)
    result = invoke(capsys, "-w", str(tmp_path), "score")
    assert result.exit_code == 1
    assert "grade thresholds must descend" in result.stderr
    workspace.settings_path.write_text(text.replace("grade_b = 95", "grade_b = 60"))
    assert count_rows(find_workspace(tmp_path), "score_runs") == 0
