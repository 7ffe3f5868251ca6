"""Measurement that stops once the 95% interval is within 1% of the mean, and `--runs`
that fixes the count."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsift.spread.graph import Graph, build_graph, read_nodes
from leadsift.spread.simulate import MAX_RUNS, MIN_RUNS, simulate
from tests.helpers import invoke


def _gate(p: float) -> Graph:
    """Seed s reaches a hub with chance p, and the hub reaches 200 people for sure: reach
    is 1 or 202, as unsure as a viral hit."""
    rows = [("s", "hub", p)] + [("hub", f"f{i}", 1.0) for i in range(200)]
    edges = pd.DataFrame(rows, columns=["source", "target", "p"])
    return build_graph(edges, p_model="given")


def _seed(graph: Graph) -> np.ndarray:
    return np.array([graph.ids.tolist().index("s")])


def test_adaptive_runs_stop_once_the_interval_is_within_one_percent() -> None:
    graph = _gate(0.9)
    nodes = read_nodes(None, graph)
    result = simulate(graph, nodes, _seed(graph), runs=None)
    assert MIN_RUNS < result.runs < MAX_RUNS and result.tolerance == 0.01
    half = (result.total.high - result.total.low) / 2
    assert half <= 0.01 * result.total.mean
    # the runs are numbered: the same count fixed gives the very same figures
    fixed = simulate(graph, nodes, _seed(graph), runs=result.runs)
    assert fixed.total == result.total and fixed.tolerance is None


def test_adaptive_runs_stop_early_when_sure_and_at_the_cap_when_not() -> None:
    sure = _gate(1.0)
    result = simulate(sure, read_nodes(None, sure), _seed(sure), runs=None)
    assert result.runs == MIN_RUNS and result.total.mean == 202
    unsure = _gate(0.05)
    result = simulate(unsure, read_nodes(None, unsure), _seed(unsure), runs=None)
    assert result.runs == MAX_RUNS  # 1% would take about a million runs


def test_cli_says_how_the_plan_was_measured_and_runs_fixes_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "g.csv"
    rows = "".join(f"h,n{i},0.9\nn{i},m{i},0.5\n" for i in range(30))
    path.write_text("source,target,p\n" + rows)
    args = ["spread", "plan", str(path), "--k", "1", "--p-model", "given"]
    result = invoke(capsys, *args)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert re.search(r"\(\d[\d,]* runs, until the 95% intervals were within 1%\)", text)
    assert "total reach" in text and "95% interval" in text
    fixed = json.loads(invoke(capsys, *args, "--runs", "37", "--json").stdout)
    assert fixed["spread"]["runs"] == 37 and fixed["spread"]["tolerance"] is None
    adaptive = json.loads(invoke(capsys, *args, "--json").stdout)
    assert adaptive["spread"]["tolerance"] == 0.01 and adaptive["spread"]["runs"] >= MIN_RUNS
