"""Re-importing never duplicates data, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace
from tests.helpers import count_rows, query

HEADER = "touch_id,campaign,channel,kind,occurred_at,email\n"


def _rows(start: int, stop: int) -> str:
    return "".join(
        f"t{i},spring,email,click,2026-04-{1 + i % 28:02d}T10:00:00Z,p{i}@clinic.example\n"
        for i in range(start, stop)
    )


def _import(workspace: Workspace, kind: str, path: Path, **options: object) -> tuple[str, int]:
    with workspace.opened() as engine:
        result = import_file(engine, kind, path, ImportOptions(**options))  # type: ignore[arg-type]
    return result.status, result.rows_new


def test_same_file_twice_and_overlapping_files(workspace: Workspace, tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text(HEADER + _rows(0, 300))
    second = tmp_path / "b.csv"
    second.write_text(HEADER + _rows(200, 400))
    assert _import(workspace, "touches", first, batch_rows=100) == ("imported", 300)
    assert _import(workspace, "touches", first) == ("unchanged", 0)
    assert _import(workspace, "touches", second, batch_rows=100) == ("imported", 100)
    assert count_rows(workspace, "touches") == 400
    assert count_rows(workspace, "imports") == 2


def test_keyless_rows_are_keyed_by_content_across_formats(
    workspace: Workspace, tmp_path: Path
) -> None:
    csv_path = tmp_path / "webinar.csv"
    csv_path.write_text(
        "campaign,channel,kind,occurred_at,email\n"
        "may,webinar,register,2026-05-01T09:00:00Z,ann@clinic.example\n"
        "may,webinar,attend,2026-05-08T09:00:00+00:00,ann@clinic.example\n"
    )
    parquet_path = tmp_path / "webinar.parquet"
    pq.write_table(
        pa.table(
            {
                "campaign": ["may", "may"],
                "channel": ["webinar", "webinar"],
                "kind": ["attend", "no_show"],
                # the same instant written with an offset is the same touch
                "occurred_at": ["2026-05-08T11:00:00+02:00", "2026-05-08T09:00:00Z"],
                "email": ["ann@clinic.example", "bob@clinic.example"],
            }
        ),
        parquet_path,
    )
    assert _import(workspace, "touches", csv_path) == ("imported", 2)
    assert _import(workspace, "touches", parquet_path) == ("imported", 1)


def test_contact_rows_are_observations_kept_side_by_side(
    workspace: Workspace, tmp_path: Path
) -> None:
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "email,first_name,title,linkedin\nAnn@Clinic.example,Ann,Office Manager,ann-k\n"
        "ann@clinic.example,Ann,Office Manager,\n"  # the same email twice is normal
        "Ann@Clinic.example,Ann,Office Manager,ann-k\n"  # the same row twice is one
    )
    assert _import(workspace, "contacts", contacts) == ("imported", 2)
    update = tmp_path / "contacts2.csv"
    update.write_text(
        "email,title\nann@clinic.example ,Practice Administrator\n"
        "Ann@clinic.example,Office Manager\n"
    )
    assert _import(workspace, "contacts", update) == ("imported", 2)
    assert _import(workspace, "contacts", update) == ("unchanged", 0)
    rows = query(workspace, "SELECT title, source_type FROM contacts ORDER BY id")
    assert [r.title for r in rows][-2:] == ["Practice Administrator", "Office Manager"]
    assert {r.source_type for r in rows} == {"list"}


def test_spend_is_keyed_by_campaign_date_and_currency(workspace: Workspace, tmp_path: Path) -> None:
    spend = tmp_path / "spend.csv"
    spend.write_text(
        "campaign;date;amount;currency\nvideo;2026-04-01;1.234,50;EUR\nvideo;2026-04-02;$99;\n"
    )
    assert _import(workspace, "spend", spend) == ("imported", 2)
    fixed = tmp_path / "spend-fixed.csv"
    fixed.write_text("campaign,date,amount\nvideo,2026-04-02,120.00\n")
    assert _import(workspace, "spend", fixed) == ("imported", 0)
    rows = query(workspace, "SELECT currency, amount FROM spend ORDER BY date")
    assert [(c, float(a)) for c, a in rows] == [("EUR", 1234.5), ("USD", 120.0)]
