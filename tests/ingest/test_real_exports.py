"""Files as tools write them: encodings, containers, JSON documents, report furniture, and
the broken files among them, which are refused whole with their line and column."""

from __future__ import annotations

import codecs
import gzip
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from leadsift.domain.errors import InputFileError
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace
from tests.helpers import query, snapshot

TOUCHES = "touch_id\tcampaign\tchannel\tkind\toccurred_at\temail\tvalue\n"
ROWS = [
    "t1\tJune\temail\topen\t2026-06-02T10:00:00Z\tann@clinic.example\t1,234\n",
    "t2\tJune\temail\tclick\t2026-06-02T10:05:00Z\tbo@clinic.example\t--\n",
]


def _import(workspace: Workspace, path: Path, kind: str | None = None) -> int:
    with workspace.opened() as engine:
        return import_file(engine, kind, path, ImportOptions()).rows_new


def _rejected(workspace: Workspace, path: Path, kind: str | None = None) -> InputFileError:
    before = snapshot(workspace)
    with pytest.raises(InputFileError) as caught:
        _import(workspace, path, kind)
    assert snapshot(workspace) == before, "a rejected file must leave the workspace unchanged"
    return caught.value


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_and_tabs_under_a_csv_name(
    sqlite_workspace: Workspace, tmp_path: Path, encoding: str
) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "report.csv"
    path.write_bytes(bom + (TOUCHES + "".join(ROWS)).encode(encoding))
    assert _import(sqlite_workspace, path) == 2  # recognised as touches by its columns
    values = query(sqlite_workspace, "SELECT value FROM touches ORDER BY touch_id")
    assert [v.value for v in values] == [1234.0, None]  # thousands separator; "--" is empty


def test_a_truncated_utf16_file_is_refused_with_its_line(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "report.csv"
    whole = codecs.BOM_UTF16_LE + (TOUCHES + "".join(ROWS)).rstrip("\n").encode("utf-16-le")
    path.write_bytes(whole[:-1])  # cut in the middle of the last character
    error = _rejected(sqlite_workspace, path)
    assert "damaged UTF-16" in error.render()
    assert error.problems[0].line == 3


def test_gzip_and_zip_files_are_read_inside(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    text = TOUCHES.replace("\t", ",") + "".join(
        r.replace("\t", ",").replace("1,234", "7") for r in ROWS
    )
    packed = tmp_path / "touches.csv.gz"
    packed.write_bytes(gzip.compress(text.encode()))
    assert _import(sqlite_workspace, packed, "touches") == 2
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("export/more.csv", text.replace("t1,", "t3,").replace("t2,", "t4,"))
        zipped.writestr("__MACOSX/._more.csv", "junk")
    assert _import(sqlite_workspace, archive) == 2
    assert _import(sqlite_workspace, archive) == 0


def test_json_that_does_not_parse_names_line_and_column(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "events.json"
    path.write_text('[\n  {"email": "a@b.example", "event": "open"},\n  {"email": \n]\n')
    error = _rejected(sqlite_workspace, path)
    assert error.problems[0].line == 4
    assert "not valid JSON" in error.problems[0].reason and "column" in error.problems[0].reason


def test_records_inside_a_json_object_keep_their_lines(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    records = [
        {"touch_id": "a", "channel": "email", "kind": "open", "occurred_at": "2026-06-02"},
        {"touch_id": "b", "channel": "email", "kind": "opned", "occurred_at": "2026-06-02"},
    ]
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"items": records, "paging": {"next": "x"}}, indent=2))
    error = _rejected(sqlite_workspace, path, "touches")
    assert error.problems[0].line == 9  # where the second record starts
    assert error.problems[0].column == "kind"


def test_nested_json_fields_are_addressed_by_dotted_path(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    event = {
        "touch_id": "a", "channel": "email", "kind": "click", "occurred_at": "2026-06-02",
        "client": {"ua": "Mozilla/5.0"}, "tags": ["x", "y"],
    }  # fmt: skip
    path = tmp_path / "events.json"
    path.write_text(json.dumps([event]))
    assert _import(sqlite_workspace, path, "touches") == 1
    (row,) = query(sqlite_workspace, "SELECT attributes FROM touches")
    assert json.loads(row.attributes) == {"client.ua": "Mozilla/5.0", "tags": '["x", "y"]'}


def test_a_layout_nobody_knows_gets_the_closest_maps_and_how_to_write_one(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("Attended,Join Time,Nickname\nYes,today,ann\n")
    reason = _rejected(sqlite_workspace, path).problems[0].reason
    assert "zoom-webinar-attendees (lacks User Name (Original Name), a row" in reason
    assert "Columns found: Attended, Join Time, Nickname" in reason
    assert "docs/map-format.md" in reason


def test_a_date_outside_the_maps_formats_is_refused_where_it_is(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "opens.csv"
    path.write_text(
        "ClientID,SendID,SubscriberKey,EmailAddress,SubscriberID,ListID,EventDate,EventType\n"
        "1,48211,a@b.example,a@b.example,9,3,6/3/2025 8:02:11 AM,Open\n"
        "1,48211,c@b.example,c@b.example,9,3,2025/06/03 08:02,Open\n"
    )
    error = _rejected(sqlite_workspace, path)
    assert (error.problems[0].line, error.problems[0].column) == (3, "EventDate (occurred_at)")


def test_ad_set_rows_of_one_campaign_and_day_are_summed_and_totals_left_out(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    map_file = tmp_path / "ads.toml"
    map_file.write_text(
        'name = "my-ads"\ntool = "Ads"\nsource = "ads"\n'
        '[read]\nskip_rows = ["^Total"]\n[detect]\ncolumns = ["Campaign", "Day", "Cost"]\n'
        '[[yields]]\ntable = "metrics"\n'
        '[yields.columns]\n"Campaign" = "campaign"\n"Day" = "date"\n"Cost" = "amount"\n'
        '"Impr." = "impressions"\n'
    )
    path = tmp_path / "report.csv"
    path.write_text(
        "Campaign report\nJune 1, 2026 - June 2, 2026\nCampaign,Day,Cost,Impr.\n"
        'Search,2026-06-01,"$1,000.50","1,200"\nSearch,2026-06-01,$10,300\n'
        'Search,2026-06-02,$5,--\nTotal: Account,,"$1,015.50","1,500"\n'
    )
    from leadsift.ingest.column_map import load_map

    mapping = load_map(str(map_file))
    with sqlite_workspace.opened() as engine:
        options = ImportOptions(column_map=mapping)
        result = import_file(engine, None, path, options)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT date_from, amount, impressions FROM campaign_metrics ORDER BY 1")
            ).all()
    assert result.tables["metrics"].new == 2
    assert [(str(d)[:10], float(a), i) for d, a, i in rows] == [
        ("2026-06-01", 1010.5, 1500),
        ("2026-06-02", 5.0, None),
    ]


def test_a_column_one_yield_maps_does_not_leak_into_another(
    sqlite_workspace: Workspace,
) -> None:
    sample = Path(__file__).parents[1] / "fixtures" / "exports" / "sendgrid-event-webhook.json"
    _import(sqlite_workspace, sample)
    rows = query(sqlite_workspace, "SELECT kind, ip FROM touches")
    # SendGrid's `ip` is its own sending server on delivery events, the recipient's on opens
    assert {r.ip for r in rows if r.kind == "delivered"} == {None}
    assert {r.ip for r in rows if r.kind == "open"} - {None}


def test_times_in_the_hours_clocks_skip_or_repeat_are_read(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "touches.csv"
    path.write_text(
        "touch_id,channel,kind,occurred_at\n"
        "a,email,open,2024-11-03 01:58:00\n"  # New York's repeated hour
        "b,email,open,2024-03-10 02:30:00\n"  # the hour New York skips
    )
    with sqlite_workspace.opened() as engine:
        import_file(engine, "touches", path, ImportOptions(timezone="America/New_York"))
    rows = query(sqlite_workspace, "SELECT touch_id, occurred_at FROM touches ORDER BY 1")
    assert [str(r.occurred_at)[:16] for r in rows] == ["2024-11-03 05:58", "2024-03-10 07:00"]
