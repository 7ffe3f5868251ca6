"""score, leads and report through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadsift.report.units import count
from tests.helpers import invoke
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES


@pytest.fixture
def workspace_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    assert invoke(capsys, "init", str(folder)).exit_code == 0
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touches", TOUCHES)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text)
        result = invoke(capsys, "-w", str(folder), "import", kind, str(path))
        assert result.exit_code == 0, result.stderr
    return folder


def test_score_then_leads_then_report(
    capsys: pytest.CaptureFixture[str], workspace_dir: Path
) -> None:
    w = ["-w", str(workspace_dir)]
    first = json.loads(invoke(capsys, *w, "score", "--json").stdout)
    assert first["mode"] == "full" and first["persons"] == 4
    second = json.loads(invoke(capsys, *w, "score", "--json").stdout)
    assert second["mode"] == "incremental" and second["stage_changes"] == 0
    leads = json.loads(invoke(capsys, *w, "leads", "--stage", "mql+", "--json").stdout)
    assert [lead["email"] for lead in leads] == ["ann@riversidefp.example", "wes@widgets.example"]
    assert leads[0]["stage"] == "sql" and leads[0]["account_target"] is True
    assert leads[0]["reasons"][0].startswith("qualified")
    only = json.loads(invoke(capsys, *w, "leads", "--account", "riverside", "--json").stdout)
    assert [lead["email"] for lead in only] == ["ann@riversidefp.example"]
    table = invoke(capsys, *w, "leads", "--limit", "1")
    assert table.exit_code == 0 and "Ann Kim" in table.stdout
    report = json.loads(invoke(capsys, *w, "report", "--by", "channel", "--json").stdout)
    assert {g["group"] for g in report["groups"]} == {"webinar", "email", "phone", "content"}


def test_bad_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], workspace_dir: Path
) -> None:
    w = ["-w", str(workspace_dir)]
    assert invoke(capsys, *w, "score", "--as-of", "someday").exit_code == 2
    assert invoke(capsys, *w, "report", "--by", "region").exit_code == 2
    assert invoke(capsys, *w, "report", "--since", "last-week").exit_code == 2
    assert invoke(capsys, *w, "leads", "--stage", "hot").exit_code == 2


def test_exports(capsys: pytest.CaptureFixture[str], workspace_dir: Path, tmp_path: Path) -> None:
    w = ["-w", str(workspace_dir)]
    assert invoke(capsys, *w, "score").exit_code == 0
    calls = tmp_path / "calls.csv"
    assert invoke(capsys, *w, "export", "calls", "-o", str(calls)).exit_code == 0
    text = calls.read_text(encoding="utf-8-sig")
    # Ann works at the named account and has a phone; the others are not at one
    assert text.splitlines()[1].split(",")[1] == "Ann Kim"
    assert len(text.splitlines()) == 2
    hubspot = invoke(capsys, *w, "export", "crm", "--format", "hubspot")
    assert hubspot.stdout.startswith("Email,First Name,Last Name")
    assert "ann@riversidefp.example" in hubspot.stdout
    segment = invoke(capsys, *w, "export", "segment", "--stage", "disqualified")
    assert "stu@gmail.com" in segment.stdout and "ann@" not in segment.stdout
    assert invoke(capsys, *w, "export", "crm", "--format", "pipedrive").exit_code == 2


LONG_NAME = "telemarketing-named-accounts"  # 28 characters, as real campaign names run


def test_report_and_leads_fit_an_80_column_terminal(
    capsys: pytest.CaptureFixture[str],
    workspace_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    w = ["-w", str(workspace_dir)]
    more = tmp_path / "more.csv"
    more.write_text(
        "touch_id,campaign,channel,kind,occurred_at,email\n"
        f"9,{LONG_NAME},phone,call_positive,2026-05-12T10:00:00Z,ann@riversidefp.example\n"
    )
    assert invoke(capsys, *w, "import", "touches", str(more)).exit_code == 0
    assert invoke(capsys, *w, "score").exit_code == 0
    figures = json.loads(invoke(capsys, *w, "report", "--json").stdout)
    narrow = invoke(capsys, *w, "report")
    lines = narrow.stdout.splitlines()
    assert narrow.exit_code == 0 and max(len(line) for line in lines) <= 80
    assert "…" not in narrow.stdout  # nothing cut to an ellipsis
    for group in figures["groups"]:
        # each campaign whole on one line, with its qualified leads and meetings after it
        row = next(line for line in lines if line.strip().startswith(group["group"] + " "))
        cells = row.split()
        assert cells[0] == group["group"]
        assert cells[3] == count(group["qualified_leads"]) and cells[5] == count(group["meetings"])
    assert "leadsift report --wide" in narrow.stdout and "--html" in narrow.stdout
    monkeypatch.setenv("COLUMNS", "200")
    wide = invoke(capsys, *w, "report", "--wide")
    monkeypatch.setenv("COLUMNS", "80")
    assert "impressions" in wide.stdout and " impressions " not in narrow.stdout.split("Every")[0]

    found = json.loads(invoke(capsys, *w, "leads", "--json").stdout)
    listed = invoke(capsys, *w, "leads")
    lines = listed.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80 and "…" not in listed.stdout
    for rank, lead in enumerate(found, start=1):
        head = next(i for i, line in enumerate(lines) if line.startswith(f"{rank:>2}. "))
        assert f"{lead['first_name']} {lead['last_name']}" in lines[head]
        assert lead["stage"].upper() in lines[head] and f"intent {lead['intent']}" in lines[head]
        # the reasons on lines of their own, the strongest first (wrapped when long)
        first_reason = next(line for line in lines[head:] if line.strip().startswith("→"))
        assert lead["reasons"][0].startswith(first_reason.strip().removeprefix("→ "))
