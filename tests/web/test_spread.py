"""The Spread page: plan seeds and compare plans from uploaded files, the CLI's figures;
bad files and values shown on the page, nothing kept."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import httpx
import pytest

from leadsift.app.spread import GraphSource, compare_plans, plan_seeds
from leadsift.report.units import money
from leadsift.workspace.workspace import Workspace, find_workspace
from tests.web.conftest import Client, as_role, run

# a target community m0..m9 (a chain) and a star o0 -> o1..o20 outside it; every arc passes
EDGES = "source,target,p\n" + "".join(
    [f"m{i},m{i + 1},1\n" for i in range(9)] + [f"o0,o{i},1\n" for i in range(1, 21)]
)
NODES = "node,target\n" + "".join(
    [f"m{i},1\n" for i in range(10)] + [f"o{i},0\n" for i in range(21)]
)


def _post(
    workspace: Workspace, files: dict[str, tuple[str, bytes]], role: str = "viewer", **form: str
) -> httpx.Response:
    async def body(client: Client) -> httpx.Response:
        token = await as_role(client, role)
        return await client.post(
            "/spread", data={"csrf_token": token, "p_model": "given", **form}, files=files
        )

    response: httpx.Response = run(workspace, body)
    return response


def _cells(html: str, header: str, table: int = 0) -> list[str]:
    """The cells of the row headed `header` in the page's `table`-th table having one."""
    rows = re.findall(rf'<th scope="row">{re.escape(header)}</th>(.*?)</tr>', html, re.S)
    assert len(rows) > table, f"no row {header!r}"
    return re.findall(r"<td[^>]*>(.*?)</td>", rows[table])


def test_a_comparison_shows_the_cli_figures_and_a_chart(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "g.csv").write_text(EDGES)
    (tmp_path / "n.csv").write_text(NODES)
    cli = {
        row["plan"]: row
        for row in compare_plans(
            GraphSource(tmp_path / "g.csv", tmp_path / "n.csv", p_model="given"), k=1, eps=0.2
        )
    }
    got = _post(
        workspace, {"graph": ("g.csv", EDGES.encode()), "nodes": ("n.csv", NODES.encode())},
        action="compare", k="1",
    )  # fmt: skip
    assert got.status_code == 200, got.text
    for plan, row in cli.items():
        cells = _cells(got.text, plan)
        assert float(cells[1].replace(",", "")) == pytest.approx(row["total_reach"], abs=0.05)
        assert float(cells[2].replace(",", "")) == pytest.approx(row["in_target_reach"], abs=0.05)
    assert _cells(got.text, "targeted (IMM, in-target reach)")[2] == "10.0"
    # in money, as compare_plans figures it with the workspace's (default) settings
    for plan, row in cli.items():
        cells = _cells(got.text, plan, table=1)
        assert cells[0] == money(row["cost"], "USD")
        assert float(cells[2]) == pytest.approx(row["expected_meetings"], abs=0.005)
        assert cells[3] == money(row["cost_per_meeting"], "USD")
    # m0 contacted ($8) and its post (the default $50: no cost column); m0 at the direct
    # rate, m1..m9 reached by its share
    targeted = _cells(got.text, "targeted (IMM, in-target reach)", table=1)
    assert targeted[0] == "$58.00" and targeted[2] == f"{0.015 + 9 * 0.002:.2f}"
    assert "Rates (settings)" in got.text and "outreach.share_meeting_rate" in got.text
    assert "<svg" in got.text and "In-target reach by number of seeds" in got.text
    assert not list(Path(tempfile.gettempdir()).glob("leadsift-spread-*"))  # nothing kept


def test_a_plan_for_k_or_a_budget_lists_its_seeds(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "g.csv").write_text(EDGES)
    expected = plan_seeds(GraphSource(tmp_path / "g.csv", p_model="given"), k=2, eps=0.2, runs=50)
    got = _post(workspace, {"graph": ("g.csv", EDGES.encode())}, action="plan", k="2")
    assert got.status_code == 200, got.text
    assert "Seeds for total reach" in got.text
    shown = re.findall(r'<th scope="row">([^<]+)</th>', got.text.split("The seeds, in")[1])
    assert shown == [seed["node"] for seed in expected.seeds] == ["o0", "m0"]
    assert "total reach 31.0" in got.text


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"action": "compare", "k": ""}, "k", "needs the number of seeds"),
        ({"action": "compare", "k": "1"}, "nodes", "needs a node table"),
        ({"action": "plan", "k": "2", "budget": "3"}, "k", "not both"),
        ({"action": "plan", "k": "two"}, "k", "is not a whole number"),
        ({"action": "plan", "k": "5000"}, "k", "from 1 to 1000"),
        ({"action": "plan", "k": "1", "eps": "7"}, "eps", "from 0.05 to 0.9"),
        ({"action": "plan", "k": "1", "p_model": "pagerank"}, "p_model", "choose one of"),
    ],
)
def test_a_bad_value_marks_its_field(
    workspace: Workspace, form: dict[str, str], field: str, message: str
) -> None:
    got = _post(workspace, {"graph": ("g.csv", EDGES.encode())}, **form)
    assert got.status_code == 422
    error = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', got.text)
    assert error and message in error.group(1)
    assert f'aria-describedby="{field}-error"' in got.text


def test_a_bad_graph_file_shows_its_message(workspace: Workspace) -> None:
    got = _post(
        workspace, {"graph": ("g.csv", b"source,target,p\na,b,lots\n")}, action="plan", k="1"
    )
    assert got.status_code == 400
    alert = re.search(r'<pre class="problem" role="alert">(.*?)</pre>', got.text, re.S)
    assert alert and "g.csv" in alert.group(1)
    assert "leadsift-spread-" not in got.text  # the server's folder is not shown
    nothing = _post(workspace, {}, action="plan", k="1")
    assert nothing.status_code == 422 and 'id="graph-error"' in nothing.text


def test_a_post_without_the_forms_token_is_refused(workspace: Workspace) -> None:
    async def body(client: Client) -> httpx.Response:
        await as_role(client, "viewer")
        return await client.post(
            "/spread", data={"action": "plan", "k": "1"},
            files={"graph": ("g.csv", EDGES.encode())},
        )  # fmt: skip

    assert run(workspace, body).status_code == 403


def test_a_comparison_uses_the_services_workspace_settings(
    workspace: Workspace, tmp_path: Path
) -> None:
    settings = workspace.root / "leadsift.toml"
    settings.write_text(
        settings.read_text() + "\n[outreach]\noutreach_cost_per_contact = 20\nseed_cost = 5\n"
    )
    got = _post(
        find_workspace(workspace.root),
        {"graph": ("g.csv", EDGES.encode()), "nodes": ("n.csv", NODES.encode())},
        action="compare", k="1",
    )  # fmt: skip
    assert got.status_code == 200, got.text
    assert _cells(got.text, "targeted (IMM, in-target reach)", table=1)[0] == "$25.00"
    assert _cells(got.text, "direct outreach to the target", table=1)[0] == "$20.00"
