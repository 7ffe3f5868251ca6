"""Column maps: renaming, value translation, constants, formats, time zones, sections."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from leadsift.domain.errors import ConfigError, InputFileError
from leadsift.ingest.column_map import load_map
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace
from tests.helpers import query

MAP = """
name = "toy-webinar"
kind = "touches"
timezone = "America/Chicago"

[read]
header_after = "Attendee Details"
stop_at_blank = true
null_values = ["--"]

[columns]
"Attended" = "kind"
"E-mail" = "email"
"Join Time" = "occurred_at"
"Registration Time" = "occurred_at"

[values.kind]
"Yes" = "attend"
"No" = "no_show"

[constants]
channel = "webinar"

[timestamps]
occurred_at = "%b %d, %Y %H:%M:%S"
"""

REPORT = """Attendee Report
Report Generated:,"Jul 2, 2026 10:00:00"
Topic,Webinar ID
Cutting no-shows in family practice,812 3456 7890

Attendee Details
Attended,E-mail,Registration Time,Join Time,Notes
Yes,ann@clinic.example,"Jun 20, 2026 08:00:00","Jul 1, 2026 09:59:10",asked about pricing
No,bob@clinic.example,"Jun 21, 2026 12:30:00",--,

Other Attended
Yes,late@clinic.example,"Jun 22, 2026 12:30:00","Jul 1, 2026 10:10:00",
"""


def _run(workspace: Workspace, path: Path, options: ImportOptions) -> int:
    with workspace.opened() as engine:
        return import_file(engine, "touches", path, options).rows_new


def test_a_report_with_sections_imports_through_its_map(
    workspace: Workspace, tmp_path: Path
) -> None:
    map_path = tmp_path / "toy.toml"
    map_path.write_text(MAP)
    report = tmp_path / "attendees.csv"
    report.write_text(REPORT)
    options = ImportOptions(column_map=load_map(str(map_path)), campaign="July webinar")
    assert _run(workspace, report, options) == 2
    rows = query(
        workspace,
        "SELECT email, kind, channel, campaign, occurred_at, attributes"
        " FROM touches ORDER BY email",
    )
    assert [(r.email, r.kind, r.channel, r.campaign) for r in rows] == [
        ("ann@clinic.example", "attend", "webinar", "July webinar"),
        ("bob@clinic.example", "no_show", "webinar", "July webinar"),
    ]
    stamps = [r.occurred_at for r in rows]
    if isinstance(stamps[0], str):  # SQLite hands back text through a plain text() query
        stamps = [s[:19] for s in stamps]
    else:
        stamps = [s.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") for s in stamps]
    # Chicago is UTC-5 in summer; the no-show falls back to the registration time
    assert stamps == ["2026-07-01 14:59:10", "2026-06-21 17:30:00"]
    assert "asked about pricing" in str(rows[0].attributes)


def test_an_untranslated_value_is_reported(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    map_path = tmp_path / "toy.toml"
    map_path.write_text(MAP)
    report = tmp_path / "attendees.csv"
    report.write_text(REPORT.replace("No,bob", "Maybe,bob"))
    options = ImportOptions(column_map=load_map(str(map_path)), campaign="July webinar")
    with pytest.raises(InputFileError) as caught:
        _run(sqlite_workspace, report, options)
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (9, "Attended (kind)")
    assert "'Maybe' has no translation" in problem.reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('kind = "touchez"', "kind 'touchez' is not one of"),
        ("colums = {}", "unknown key(s) colums"),
        ('timezone = "Mars/Olympus"', "not an IANA time zone"),
        ("[read]\nskip = 1", "[read] takes only"),
        ("name = \nkind = 'touches'", "line 1"),
    ],
)
def test_bad_maps_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_map(str(path))
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_an_unknown_map_name_lists_the_builtins() -> None:
    with pytest.raises(ConfigError, match="zoom-webinar-attendees"):
        load_map("no-such-map")


def test_rows_padded_to_a_wider_section_still_read(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    map_path = tmp_path / "toy.toml"
    map_path.write_text(MAP)
    padded = "\n".join(
        line + ",,,," if line and not line.startswith("Yes,") else line
        for line in REPORT.splitlines()
    )
    report = tmp_path / "attendees.csv"
    report.write_text(padded.replace("--,", "--,,,,,"))
    options = ImportOptions(column_map=load_map(str(map_path)), campaign="July webinar")
    assert _run(sqlite_workspace, report, options) == 2
