"""`leadsift spread` on small files: plans and simulations end to end, and one clear message
naming the file and line for each kind of bad input."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.helpers import invoke


@pytest.fixture
def market(tmp_path: Path) -> tuple[Path, Path]:
    """Two communities: a target market (m*) and everyone else (o*), barely connected, and
    one star in the other community with many followers."""
    rng = np.random.default_rng(2)
    rows = []
    for prefix, size in (("m", 60), ("o", 140)):
        for _ in range(size * 3):
            a, b = rng.integers(0, size, 2)
            if a != b:
                rows.append((f"{prefix}{a}", f"{prefix}{b}"))
    rows += [("o0", f"o{i}") for i in range(1, 140)]  # the viral star
    rows += [("o1", "m1"), ("m2", "o2")]
    edges = tmp_path / "follows.csv"
    pd.DataFrame(rows, columns=["source", "target"]).to_csv(edges, index=False)
    nodes = tmp_path / "market.csv"
    members = [f"m{i}" for i in range(60)] + [f"o{i}" for i in range(140)]
    pd.DataFrame(
        {"node": members, "target": [1.0] * 60 + [0.0] * 140, "cost": [1.0] * 200,
         "bot": ["no"] * 190 + ["yes"] * 10}
    ).to_csv(nodes, index=False)  # fmt: skip
    return edges, nodes


def test_targeted_plan_reaches_more_of_the_market_than_the_viral_one(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    edges, nodes = market
    result = invoke(
        capsys, "spread", "compare", str(edges), "--nodes", str(nodes), "--k", "3",
        "--runs", "500", "--json", "--html", str(tmp_path / "c.html"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = {row["plan"].split(" ")[0]: row for row in json.loads(result.stdout)}
    assert rows["targeted"]["in_target_reach"] > rows["viral"]["in_target_reach"]
    assert rows["viral"]["total_reach"] > rows["targeted"]["total_reach"]
    assert rows["targeted"]["precision"] > 0.8
    page = (tmp_path / "c.html").read_text()
    assert "<svg" in page and "<script" not in page and "targeted (IMM" in page
    # the chart's value at k is the comparison's own figure, not a second, noisier estimate
    charted = re.search(r"targeted \(IMM, in-target reach\)</td><td>([\d,.]+)<", page)
    assert charted is not None
    figure = float(charted.group(1).replace(",", ""))
    assert figure == pytest.approx(rows["targeted"]["in_target_reach"], abs=0.051)


def test_plan_writes_seeds_that_simulate_reads(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    edges, nodes = market
    seeds = tmp_path / "seeds.csv"
    args = ["spread", "plan", str(edges), "--nodes", str(nodes), "--k", "4", "--eps", "0.3"]
    result = invoke(capsys, *args, "--runs", "300", "-o", str(seeds), "--json")
    assert result.exit_code == 0, result.stderr
    written = pd.read_csv(seeds)
    assert list(written.columns) == ["rank", "node", "marginal_gain"]
    assert written["rank"].tolist() == list(range(1, len(written) + 1))
    assert written["node"].str.startswith("m").all()  # the objective defaults to target
    result = invoke(capsys, "spread", "simulate", str(edges), "--seeds", str(seeds), "--nodes",
                    str(nodes), "--runs", "300", "--json")  # fmt: skip
    figures = json.loads(result.stdout)
    assert figures["in_target"]["mean"] <= figures["total"]["mean"]
    assert figures["per_step"][0] == len(written)
    reach = invoke(capsys, *args, "--objective", "reach", "--runs", "300", "--json")
    assert "o0" in [s["node"] for s in json.loads(reach.stdout)["seeds"]]  # the star


def test_snap_text_gzipped_and_undirected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "g.txt.gz"
    with gzip.open(path, "wt") as stream:
        stream.write("# a comment\n1 2\n2 3\n3 3\n1 2\n")
    seeds = tmp_path / "s.txt"
    seeds.write_text("1\n")
    args = ["--undirected", "--p-model", "uniform", "--p", "1", "--runs", "10", "--json"]
    result = invoke(capsys, "spread", "simulate", str(path), "--seeds", str(seeds), *args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total"]["mean"] == 3
    assert "dropped 2 self-loops and 2 duplicate arcs" in result.stderr.replace("\n", " ")


@pytest.mark.parametrize(
    ("edges", "nodes", "extra", "message"),
    [
        ("source,target\na,b\n", "node,target\nzz,1\n", [], "market.csv:2: node 'zz' is not"),
        ("source,target,p\na,b,0.5\nb,c,1.5\n", None, ["--p-model", "given"],
         "g.csv:3: probability '1.5' is not in [0, 1]"),
        ("source,target\n", None, [], "the graph has no edges"),
        ("source,target\na,b\n", None, ["--k", "5"], "k = 5 is larger than the graph's 2 nodes"),
        ("source,target\na,b\n", "node,cost\na,5\nb,3\n", ["--budget", "2"],
         "budget 2 is below the cheapest node's cost 3"),
        ("x", None, [], "g.txt:1: expected two node ids"),
    ],
)  # fmt: skip
def test_bad_input_gets_one_clear_message(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    edges: str,
    nodes: str | None,
    extra: list[str],
    message: str,
) -> None:
    graph = tmp_path / ("g.txt" if message.startswith("g.txt") else "g.csv")
    graph.write_text(edges)
    args = ["spread", "plan", str(graph), "--runs", "10", *extra]
    if "--k" not in extra and "--budget" not in extra:
        args += ["--k", "1"]
    if nodes is not None:
        (tmp_path / "market.csv").write_text(nodes)
        args += ["--nodes", str(tmp_path / "market.csv")]
    result = invoke(capsys, *args)
    assert result.exit_code == 1, result.stdout
    assert message in result.stderr.replace("\n", " ")
    assert "Traceback" not in result.stderr


def test_compare_prints_reach_and_money_in_80_columns(
    capsys: pytest.CaptureFixture[str],
    market: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    edges, nodes = market
    monkeypatch.chdir(tmp_path)  # in no workspace: the default settings
    monkeypatch.setenv("COLUMNS", "80")
    args = ["spread", "compare", str(edges), "--nodes", str(nodes), "--k", "3", "--runs", "200"]
    result = invoke(capsys, *args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = result.stdout
    assert "per meeting" in text and "95% interval" in text and "Rates (settings; no" in text
    assert "meeting, reached by a share: 0.20% (setting outreach.share_meeting_rate)" in text
    figures = {row["plan"].split(" ")[0]: row for row in json.loads(
        invoke(capsys, *args, "--json").stdout
    )}  # fmt: skip
    # market.csv gives every node a cost of 1: three $8 contacts and three $1 posts
    assert figures["targeted"]["cost"] == 27 and figures["direct"]["cost"] == 24
    direct = figures["direct"]
    assert direct["expected_meetings"] == pytest.approx(3 * 0.015)
    assert direct["cost_per_meeting"] == pytest.approx(24 / 0.045, abs=0.01)
    assert sum(row["chance_cheapest"] for row in figures.values()) == pytest.approx(1)
    helped = invoke(capsys, "spread", "compare", "--help")
    assert "cost per expected meeting" in " ".join(helped.stdout.split())
    assert "leadsift -w ws spread compare" in helped.stdout
