"""Lead lists are sorted and cut by the database; they must be exactly the obvious Python
sort of every scored person (best first, ties by person id), whatever the ties and gaps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.scoring.leads import LeadFilter, select_leads
from leadsift.store import schema
from leadsift.workspace.workspace import Workspace

_NOW = datetime(2026, 11, 1, tzinfo=UTC)
_score = st.fixed_dictionaries(
    {
        "priority": st.sampled_from([0.0, 10.5, 10.5, 200.0, 382.8]),
        "intent": st.integers(0, 3),
        "probability": st.one_of(st.none(), st.sampled_from([0.1, 0.5, 0.5, 0.9])),
        "stage": st.sampled_from(["engaged", "mql", "sql", "customer"]),
    }
)


def _reference(rows: list[dict[str, Any]], sort: str, stages: set[str], limit: int) -> list[int]:
    chosen = [r for r in rows if r["stage"] in stages]
    if sort == "probability":  # people without a probability last
        chosen.sort(
            key=lambda r: (
                r["probability"] is None, -(r["probability"] or 0.0), -r["priority"],
                r["person_id"],
            )
        )  # fmt: skip
    else:
        chosen.sort(key=lambda r: (-r["priority"], -r["intent"], r["person_id"]))
    return [r["person_id"] for r in chosen[:limit]]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    scores=st.lists(_score, min_size=1, max_size=25),
    sort=st.sampled_from(["priority", "probability"]),
    limit=st.integers(1, 30),
    mql_and_later=st.booleans(),
)
def test_the_database_sorts_and_cuts_as_python_would(
    sqlite_workspace: Workspace,
    scores: list[dict[str, Any]],
    sort: str,
    limit: int,
    mql_and_later: bool,
) -> None:
    rows = [{**s, "person_id": i + 1} for i, s in enumerate(scores)]
    engine = sqlite_workspace.connect()
    try:
        with engine.begin() as connection:
            connection.execute(schema.person_scores.delete())
            connection.execute(schema.persons.delete())
            connection.execute(
                schema.persons.insert(), [{"id": r["person_id"], "created_at": _NOW} for r in rows]
            )
            connection.execute(
                schema.person_scores.insert(),
                [
                    {**r, "in_target": True, "fit": 50, "grade": "B", "scored_at": _NOW}
                    for r in rows
                ],
            )
        stages = ("mql+",) if mql_and_later else ()
        with engine.connect() as connection:
            got = select_leads(connection, LeadFilter(stages=stages, limit=limit, sort=sort))
    finally:
        engine.dispose()
    wanted = {"mql", "sql", "customer"} if mql_and_later else {"engaged", "mql", "sql", "customer"}
    assert [lead.person_id for lead in got] == _reference(rows, sort, wanted, limit)
    assert all(isinstance(lead.priority, float) for lead in got)
