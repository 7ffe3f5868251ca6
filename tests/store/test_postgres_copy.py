"""PostgreSQL's bulk writer (COPY into a staging table, then one INSERT ... SELECT) stores
exactly what SQLite's one INSERT per row stores, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.ingest.calls import take_calls
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.store.bulk import bulk_writer, one_row_per_key
from leadsift.store.engine import create_engine
from leadsift.store.schema import metadata
from leadsift.workspace.workspace import Workspace, init_workspace

pytestmark = pytest.mark.postgres

probes = sa.MetaData()
probe = sa.Table(
    "bulk_probe",
    probes,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("k", sa.String(8), nullable=True, unique=True),
    sa.Column("text", sa.String(12)),
    sa.Column("x", sa.Float),
    sa.Column("n", sa.Integer),
    sa.Column("flag", sa.Boolean),
    sa.Column("at", sa.DateTime(timezone=True)),
    sa.Column("day", sa.Date),
    sa.Column("doc", sa.JSON),
)


@pytest.fixture
def engines(tmp_path: Path, postgres_url: str) -> Iterator[tuple[sa.Engine, sa.Engine]]:
    lite = create_engine(f"sqlite:///{tmp_path / 'probe.db'}")
    pg = create_engine(postgres_url)
    for engine in (lite, pg):
        probes.create_all(engine)
    yield lite, pg
    lite.dispose()
    pg.dispose()


def _stored(engine: sa.Engine, table: sa.Table, leave_out: tuple[str, ...] = ()) -> list[Any]:
    """The table's rows in key order (ids: the order they were written in), without their
    ids, timestamps in UTC (SQLite gives them back without a zone)."""
    names = [c.name for c in table.columns if c.name != "id" and c.name not in leave_out]
    with engine.connect() as connection:
        order = list(table.primary_key.columns)
        rows = connection.execute(sa.select(table).order_by(*order)).mappings().all()
    out = []
    for row in rows:
        values = []
        for name in names:
            value = row[name]
            if isinstance(value, datetime):
                value = value.replace(tzinfo=UTC) if value.tzinfo is None else value
            values.append(value)
        out.append(tuple(values))
    return out


def _write(engine: sa.Engine, frame: pd.DataFrame, upsert: bool) -> None:
    with engine.begin() as connection:
        bulk_writer(connection).write(probe, frame, ("k",), upsert)


texts = st.one_of(st.none(), st.sampled_from(["", "a", "b c", "tab\there", "back\\slash", "é"]))
rows = st.fixed_dictionaries(
    {
        "k": st.one_of(st.none(), st.sampled_from(["k1", "k2", "k3"])),
        "text": texts,
        "x": st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=32)),
        "n": st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1)),
        "flag": st.one_of(st.none(), st.booleans()),
        "at": st.one_of(
            st.none(),
            st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
        ),
        "doc": st.one_of(st.none(), st.sampled_from(['{"a": 1}', "[1, 2]", '"x\\ny"'])),
    }
)


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=["k", "text", "x", "n", "flag", "at", "doc"])
    frame["x"] = frame["x"].astype(float)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    frame["day"] = frame["at"].dt.floor("D")
    return frame


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=st.lists(st.lists(rows, max_size=6), min_size=1, max_size=3), upsert=st.booleans())
def test_the_same_rows_as_one_insert_per_row(
    engines: tuple[sa.Engine, sa.Engine], batches: list[list[dict[str, Any]]], upsert: bool
) -> None:
    """Repeated keys in a batch and across batches, empty keys, empty columns, NaN and
    infinities, texts COPY has to escape: the rows stored, and their order, are SQLite's."""
    for engine in engines:
        with engine.begin() as connection:
            connection.execute(probe.delete())
        for batch in batches:
            _write(engine, _frame(batch), upsert)
    lite, pg = engines
    assert _stored(pg, probe) == _stored(lite, probe)


def test_one_row_per_key_keeps_the_first_or_each_columns_last_value() -> None:
    frame = pd.DataFrame(
        {"k": ["a", None, "b", "a", None, "a"], "v": [1.0, 2.0, None, None, 5.0, 6.0]},
        index=[10, 10, 11, 12, 13, 14],  # not unique: positions count, not labels
    )
    frame["w"] = ["a1", "n1", None, "a2", "n2", None]
    first = one_row_per_key(frame, ["k"], upsert=False).fillna(-1)
    assert first.to_dict("list") == {
        "k": ["a", -1, "b", -1],
        "v": [1.0, 2.0, -1, 5.0],
        "w": ["a1", "n1", -1, "n2"],
    }
    merged = one_row_per_key(frame, ["k"], upsert=True).fillna(-1)
    assert merged.to_dict("list") == {
        "k": ["a", -1, "b", -1],
        "v": [6.0, 2.0, -1, 5.0],
        "w": ["a2", "n1", -1, "n2"],
    }
    unique = frame.iloc[[0, 2]]
    assert one_row_per_key(unique, ["k"], upsert=True) is unique


def test_a_failed_write_leaves_nothing_and_the_connection_fit_to_write(
    engines: tuple[sa.Engine, sa.Engine],
) -> None:
    _, pg = engines
    good = _frame([{"k": "k1", "text": "fine"}])
    too_long = _frame([{"k": "k2", "text": "more than twelve"}])
    with pytest.raises(psycopg.errors.StringDataRightTruncation), pg.begin() as connection:
        writer = bulk_writer(connection)
        writer.write(probe, good, ("k",), False)
        writer.write(probe, too_long, ("k",), False)
    assert _stored(pg, probe) == []
    with pg.begin() as connection:  # the staging table went with the transaction
        bulk_writer(connection).write(probe, good, ("k",), False)
        bulk_writer(connection).write(probe, _frame([{"k": "k3"}]), ("k",), False)
    with pg.connect() as connection:
        staged = connection.execute(
            sa.text("SELECT count(*) FROM pg_class WHERE relname LIKE :name"),
            {"name": "\\_bulk\\_%"},
        ).scalar_one()
    assert staged == 0
    assert [row[0] for row in _stored(pg, probe)] == ["k1", "k3"]


def _call(kind: str, i: int, **extra: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "messageId": f"m-{kind}-{i}",
        "userId": f"u-{i % 3}",
        "timestamp": f"2026-11-30T09:{i % 60:02d}:00Z",
        **extra,
    }


CALLS = [
    *[
        _call(
            "track",
            i,
            event="Email Opened",
            context={"traits": {"email": f"p{i % 3}@clinic.example"}, "ip": "203.0.113.9"},
            properties={"campaign": "winter", "value": i / 3},
        )
        for i in range(12)
    ],
    # the same person twice in one batch, saying more the second time
    _call("identify", 1, traits={"email": "p1@clinic.example", "firstName": "Ann"}),
    _call("identify", 2, traits={"email": "p1@clinic.example", "title": "Practice manager"}),
    _call("group", 3, groupId="acme", traits={"name": "Acme Clinic", "website": "acme.example"}),
    _call("group", 4, groupId="acme", traits={"name": "Acme Clinic", "industry": "Health"}),
]

CONTACTS = (
    "email,first_name,last_name,company,title\n"
    "ann@acme.example,Ann,Lee,Acme Clinic,Practice manager\n"
    "bob@acme.example,Bob,,Acme Clinic,\n"
    "ann@acme.example,Ann,Lee,Acme Clinic,Practice manager\n"
    "cy@beta.example,Cy,Ng,,Medical director\n"
)


def _fill(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.opened() as engine:
        for start in (0, 8):  # two batches, the second repeating some calls
            with engine.begin() as connection:
                take_calls(connection, CALLS[start:], workspace.settings.service.events)
        path = tmp_path / "contacts.csv"
        path.write_text(CONTACTS, encoding="utf-8")
        import_file(engine, "contacts", path, ImportOptions())


def test_tracking_calls_and_a_file_store_the_same_rows_as_on_sqlite(
    tmp_path: Path, postgres_url: str
) -> None:
    lite = init_workspace(tmp_path / "lite")
    pg = init_workspace(tmp_path / "pg", postgres_url)
    _fill(lite, tmp_path)
    _fill(pg, tmp_path)
    for name in ("touches", "contacts", "accounts", "api_messages"):
        table = metadata.tables[name]
        # when the call was taken and which import wrote the row are the clock's and the
        # sequence's, not the rows'
        changing = ("received_at", "import_id")
        with lite.opened() as a, pg.opened() as b:
            stored = _stored(b, table, changing)
            assert stored == _stored(a, table, changing), name
        assert stored or name == "accounts"
