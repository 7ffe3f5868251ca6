"""The command line: exit codes, clean errors, JSON output and help with examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from leadsift.cli.main import build_app
from tests.helpers import invoke

HEADER = "touch_id,campaign,channel,kind,occurred_at,email\n"


def _all_commands() -> list[list[str]]:
    root = typer.main.get_command(build_app())
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p) or "leadsift")
def test_every_command_has_help_with_an_example(
    capsys: pytest.CaptureFixture[str], path: list[str]
) -> None:
    result = invoke(capsys, *path, "--help")
    assert result.exit_code == 0
    if path:
        assert "Example" in result.stdout, f"`leadsift {' '.join(path)} --help` has no example"


def test_init_import_status_report_round_trip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    assert invoke(capsys, "init", str(workspace)).exit_code == 0
    touches = tmp_path / "touches.csv"
    touches.write_text(HEADER + "t1,spring,email,reply,2026-04-02T14:03:11Z,a@c.example\n")
    spend = tmp_path / "spend.csv"
    spend.write_text("campaign,date,amount\nspring,2026-04-01,250\n")
    w = ["--workspace", str(workspace)]
    result = invoke(capsys, *w, "import", "touches", str(touches), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["files"][0]["rows_new"] == 1
    assert invoke(capsys, *w, "import", "spend", str(spend)).exit_code == 0
    status = json.loads(invoke(capsys, *w, "status", "--json").stdout)
    assert status["counts"]["touches"] == 1
    assert [entry["kind"] for entry in status["imports"]] == ["spend", "touches"]
    report = json.loads(invoke(capsys, *w, "report", "--json").stdout)
    spring = next(g for g in report["groups"] if g["group"] == "spring")
    assert (spring["spend"], spring["raw_leads"], spring["cost_per_lead"]) == (250.0, 1, 250.0)


def test_a_user_error_is_one_message_and_exit_code_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert invoke(capsys, "init", str(tmp_path)).exit_code == 0
    bad = tmp_path / "touches.csv"
    bad.write_text(HEADER + "t1,spring,email,teleport,2026-04-02T14:03:11Z,a@c.example\n")
    result = invoke(capsys, "-w", str(tmp_path), "import", "touches", str(bad))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}:2: column 'kind': unknown kind 'teleport'" in " ".join(result.stderr.split())


def test_no_workspace_is_a_clean_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEADSIFT_WORKSPACE", raising=False)
    result = invoke(capsys, "status")
    assert result.exit_code == 1
    assert "no leadsift workspace" in result.stderr


def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(capsys, "import", "touches").exit_code == 2
    assert invoke(capsys, "no-such-command").exit_code == 2
    assert invoke(capsys, "demo", "x", "--size", "huge").exit_code == 2
