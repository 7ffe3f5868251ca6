"""Details of built-in maps beyond their samples (tests/ingest/test_export_samples.py)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from leadsift.ingest.column_map import load_map
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exports"


def test_zoom_no_shows_and_rejoins(sqlite_workspace: Workspace) -> None:
    engine = sqlite_workspace.connect()
    try:
        options = ImportOptions(column_map=load_map("zoom-webinar-attendees"), campaign="June")
        import_file(engine, "touches", FIXTURES / "zoom-webinar-attendees.csv", options)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT email, kind, occurred_at FROM touches WHERE kind != 'register' "
                    "ORDER BY occurred_at"
                )
            ).all()
    finally:
        engine.dispose()
    kinds = {(r.email, r.kind) for r in rows}
    assert ("omar.haddad@example.com", "no_show") in kinds  # "--" join time, registration used
    assert sum(1 for r in rows if r.email == "ana.ruiz@example.com") == 2  # left and rejoined
    assert all(r.email != "larry@example.com" for r in rows)  # "Other Attended" is not read
    assert all(r.email != "dana.host@example.com" for r in rows)  # nor the host section


def test_hubspot_default_view_takes_the_associated_company(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    export = tmp_path / "contacts.csv"
    export.write_text(
        "Record ID,First Name,Last Name,Email,Phone Number,Associated Company,Create Date\n"
        "101,Ann,Kim,ann@clinic.example,+1 555 0100,Riverside Family Practice,2025-05-28 10:41\n"
    )
    engine = sqlite_workspace.connect()
    try:
        options = ImportOptions(column_map=load_map("hubspot-contacts"))
        import_file(engine, "contacts", export, options)
        with engine.connect() as connection:
            company = connection.execute(sa.text("SELECT company FROM contacts")).scalar_one()
    finally:
        engine.dispose()
    assert company == "Riverside Family Practice"
