"""The workspace-free application functions: conversion models on tables, the bot
classifier on profile folders, spread plans on graph files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from leadsift.app.bots import evaluate_bots, score_profiles, train_bots, training_digest
from leadsift.app.models import (
    CARD_FILE,
    card_markdown,
    evaluate_on_table,
    predict_on_table,
    train_on_table,
    train_on_workspace,
)
from leadsift.app.session import Session
from leadsift.app.spread import GraphSource, compare_plans, plan_seeds, simulate_spread
from leadsift.domain.errors import LeadsiftError
from tests.authenticity.test_bots import _synthetic
from tests.model.test_tables import _leads


def test_a_table_model_trains_evaluates_and_predicts(tmp_path: Path) -> None:
    table = tmp_path / "leads.csv"
    _leads(1500).to_csv(table, index=False)
    with pytest.raises(LeadsiftError, match="--table needs -o MODEL"):
        train_on_table(table, None, target="converted")
    with pytest.raises(LeadsiftError, match="--table needs --target COL"):
        train_on_table(table, tmp_path / "m.model", target=None)
    model = tmp_path / "leads.model"
    trained = train_on_table(
        table, model, target="converted", time="created", id_column="lead_id", drop=["noise"]
    )
    assert trained.card["rows"] == 1500 and 0 < trained.card["positives"] < 1500
    assert "noise" not in trained.card["features"] and model.is_file()
    assert any("country" in note for note in trained.notes)  # one value everywhere: left out
    evaluation = evaluate_on_table(table, target="converted", time="created")
    cv = evaluation.figures["cv"]
    assert cv is not None and cv["auc"] > 0.7 and cv["rows"] == 1500
    assert json.loads(json.dumps(evaluation.as_dict()))["figures"]["time_split"]["rows"] > 0
    scored = tmp_path / "scored.csv"
    assert predict_on_table(model, table, scored, reasons=10) == 1500
    rows = list(csv.DictReader(scored.open(encoding="utf-8")))
    assert rows[0]["lead_id"] == "L0" and 0 <= float(rows[0]["probability"]) <= 1


def test_the_model_card_is_markdown_of_the_card() -> None:
    text = card_markdown(
        {"rows": 10, "features": ["fit", "intent"], "time_split": {"auc": 0.8}, "horizon_days": 30}
    )
    assert text.splitlines() == [
        "# Conversion model card",
        "",
        "- **rows**: 10",
        "- **features** (2): fit, intent",
        "- **time split**: auc 0.8",
        "- **horizon days**: 30",
    ]


def test_a_workspace_without_history_is_refused_and_no_card_written(scored: Session) -> None:
    with pytest.raises(LeadsiftError, match="touches span 9 days, too short for a 30-day"):
        train_on_workspace(scored, min_positives=1)
    assert not (scored.workspace.root / CARD_FILE).exists()


def test_bots_train_with_provenance_evaluate_and_score(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _synthetic(400, 3).to_csv(data / "sellers.csv", index=False)
    model = tmp_path / "bots.txt"
    trained = train_bots([data], model)
    assert trained.profiles == 400 and model.is_file()
    assert trained.card["data"] == ["data"]
    assert trained.card["data_sha256"] == training_digest([data])
    assert sum(trained.card["rows"].values()) == 400 and "label" not in trained.card["rows"]
    before = training_digest([data])
    (data / "more.csv").write_text("x\n")
    assert training_digest([data]) != before
    (data / "more.csv").unlink()
    evaluation = evaluate_bots([data])
    assert evaluation.cross_validation.auc > 0.95
    assert json.loads(json.dumps(evaluation.as_dict()))["cross_validation"]["rows"] == 400
    profiles = tmp_path / "profiles.csv"
    _synthetic(30, 4).drop(columns=["label"]).to_csv(profiles, index=False)
    out = tmp_path / "scored.csv"
    assert score_profiles(profiles, out, model).rows == 30
    assert pd.read_csv(out)["bot_probability"].between(0, 1).all()


@pytest.fixture
def graph(tmp_path: Path) -> tuple[Path, Path]:
    """A target community m0..m9 (a chain) and a star o0 -> o1..o20 outside it, plus a
    self-loop and a duplicate arc to drop."""
    edges = tmp_path / "g.csv"
    rows = [f"m{i},m{i + 1}" for i in range(9)] + [f"o0,o{i}" for i in range(1, 21)]
    edges.write_text("source,target\n" + "\n".join([*rows, "m0,m0", "o0,o1"]) + "\n")
    nodes = tmp_path / "nodes.csv"
    members = [f"m{i},1" for i in range(10)] + [f"o{i},0" for i in range(21)]
    nodes.write_text("node,target\n" + "\n".join(members) + "\n")
    return edges, nodes


def test_graph_sources_are_checked_when_made(graph: tuple[Path, Path]) -> None:
    with pytest.raises(LeadsiftError, match="--p-model 'pagerank': use wc"):
        GraphSource(graph[0], p_model="pagerank")
    with pytest.raises(LeadsiftError, match="--model 'sir': use ic or lt"):
        GraphSource(graph[0], model="sir")


def test_plans_default_to_the_target_market_when_nodes_have_weights(
    graph: tuple[Path, Path], tmp_path: Path
) -> None:
    edges, nodes = graph
    source = GraphSource(edges, nodes, p_model="uniform", p=1.0)
    heard: list[str] = []
    with pytest.raises(LeadsiftError, match="exactly one of --k K or --budget B"):
        plan_seeds(source, k=1, budget=3.0)
    targeted = plan_seeds(source, k=1, runs=50, output=tmp_path / "seeds.csv", notes=heard.append)
    assert heard == ["dropped 1 self-loops and 1 duplicate arcs"]
    assert targeted.objective == "target" and targeted.seeds[0]["node"] == "m0"
    assert targeted.spread.in_target.mean == pytest.approx(10)
    assert (tmp_path / "seeds.csv").read_text().splitlines()[1].startswith("1,m0,")
    viral = plan_seeds(GraphSource(edges, p_model="uniform", p=1.0), k=1, runs=50)
    assert viral.objective == "reach" and viral.seeds[0]["node"] == "o0"
    assert viral.as_dict()["spread"]["total"]["mean"] == pytest.approx(21)
    with pytest.raises(LeadsiftError, match="--objective 'views'"):
        plan_seeds(source, k=1, objective="views")
    simulation = simulate_spread(source, tmp_path / "seeds.csv", runs=20)
    assert simulation.seeds == 1 and simulation.spread.total.mean == pytest.approx(10)
    rows = {row["plan"]: row for row in compare_plans(source, k=1, runs=20)}
    assert rows["targeted (IMM, in-target reach)"]["in_target_reach"] == pytest.approx(10)
    assert rows["viral (IMM, total reach)"]["total_reach"] == pytest.approx(21)
    assert rows["direct outreach to the target"]["in_target_reach"] == 1
    # in money, with leadsift's default [outreach] settings: m0 contacted ($8) and its post
    # ($50: the node table has no cost column), m1..m9 reached by its share
    money = rows["targeted (IMM, in-target reach)"]
    assert money["cost"] == 58
    assert money["expected_meetings"] == pytest.approx(0.015 + 9 * 0.002)
    assert money["expected_qualified"] == pytest.approx(0.04 + 9 * 0.01, abs=0.005)
    assert money["rates"]["source"] == "settings"
    assert rows["direct outreach to the target"]["cost_per_meeting"] == round(8 / 0.015, 2)
