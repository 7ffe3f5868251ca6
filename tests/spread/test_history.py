"""Rates learned from a workspace's own history: a small workspace built by importing CSV
files and scoring them, where every count can be checked by hand; settings as the fallback,
and a bad setting refused with its name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadsift.app.scores import score
from leadsift.app.session import open_session
from leadsift.app.spread import outreach_for
from leadsift.config.settings import load_settings
from leadsift.domain.errors import ConfigError
from leadsift.spread.history import reach_counts, reached_people
from leadsift.spread.rates import ReachCounts
from leadsift.workspace.workspace import Workspace, find_workspace
from tests.helpers import import_texts, invoke

ACCOUNTS = """name,domain,industry,employees,country,target,tier
Riverside Family Practice,riversidefp.example,Medical Practice,40,US,yes,1
Widgets Inc,widgets.example,Manufacturing,900,US,no,
"""
# s1-s4 are reached by a share only, d1-d5 directly only, b1 both ways, n1 only by a
# security scanner's click (not a person), w1 by a share but outside the target market
PEOPLE = ["s1", "s2", "s3", "s4", "d1", "d2", "d3", "d4", "d5", "b1", "n1"]
CONTACTS = "email,first_name,last_name,title,company,country\n" + "".join(
    f"{p}@riversidefp.example,{p.upper()},Kim,Practice Manager,Riverside FP,US\n" for p in PEOPLE
) + "w1@widgets.example,W1,Lee,Software Engineer,Widgets Inc,US\n"  # fmt: skip


def _touch(number: int, channel: str, kind: str, day: int, who: str, after: str = "") -> str:
    mail = f"{who}@{'widgets' if who == 'w1' else 'riversidefp'}.example"
    return f"{number},spring,{channel},{kind},2026-05-{day:02d}T10:00:00Z,{mail},{after}\n"


TOUCHES = "touch_id,campaign,channel,kind,occurred_at,email,seconds_since_send\n" + "".join(
    [
        _touch(1, "social", "share", 1, "s1"),
        _touch(2, "video", "view", 5, "s2"),
        _touch(3, "social", "like", 3, "s3"),
        _touch(4, "social", "comment", 3, "s4"),
        _touch(5, "social", "follow", 3, "d1"),  # a follow is no share: d1 stays direct only
        *(_touch(10 + i, "email", "delivered", 2, f"d{i}") for i in range(1, 5)),
        _touch(15, "phone", "call_attempt", 4, "d5"),
        _touch(16, "social", "view", 2, "b1"),
        _touch(17, "email", "delivered", 2, "b1"),
        _touch(18, "email", "click", 2, "n1", "2"),  # two seconds after the send: a scanner
        _touch(19, "social", "share", 2, "w1"),
    ]
)
OUTCOMES = """email,kind,occurred_at
s1@riversidefp.example,meeting,2026-05-10T10:00:00Z
s2@riversidefp.example,meeting,2026-04-20T10:00:00Z
d1@riversidefp.example,meeting,2026-05-20T10:00:00Z
d2@riversidefp.example,meeting,2026-05-02T10:00:00Z
b1@riversidefp.example,meeting,2026-05-20T10:00:00Z
n1@riversidefp.example,meeting,2026-05-20T10:00:00Z
w1@widgets.example,meeting,2026-05-20T10:00:00Z
"""


def _history(workspace: Workspace, tmp_path: Path, settings: str = "") -> Workspace:
    if settings:
        path = workspace.root / "leadsift.toml"
        path.write_text(path.read_text() + settings)
        workspace = find_workspace(workspace.root)
    with open_session(workspace) as session:
        files = (
            ("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touches", TOUCHES),
            ("outcomes", OUTCOMES),
        )  # fmt: skip
        import_texts(session, tmp_path, files)
        score(session)
    return workspace


@pytest.fixture
def history(sqlite_workspace: Workspace, tmp_path: Path) -> Workspace:
    return _history(sqlite_workspace, tmp_path, "\n[outreach]\nmin_people = 4\n")


def _session_counts(workspace: Workspace) -> tuple[dict[str, ReachCounts], dict[str, str]]:
    with open_session(workspace) as session, session.reading() as connection:
        counts = reach_counts(connection)
        people = reached_people(connection)
        emails: dict[int, str] = {
            int(row[0]): str(row[1])
            for row in connection.exec_driver_sql(
                "SELECT person_id, value FROM identities WHERE kind = 'email'"
            )
        }
    return counts, {emails[pid].split("@")[0]: way for pid, way, _ in people}


def test_people_are_grouped_by_how_they_were_reached(history: Workspace) -> None:
    counts, ways = _session_counts(history)
    # n1's only touch is a scanner's click and w1 is not in the target market: left out
    assert ways == {
        **{f"s{i}": "share" for i in range(1, 5)},
        **{f"d{i}": "direct" for i in range(1, 6)},
        "b1": "both",
    }
    # s1 met after the share; s2's meeting came before anyone reached them: not counted.
    # d1 and d2 met after their first email
    assert counts["share"].people == 4 and counts["share"].meetings == 1
    assert counts["direct"].people == 5 and counts["direct"].meetings == 2
    # qualified: the stage, MQL or later; a meeting makes a person qualified, whenever
    assert counts["share"].qualified == 2 and counts["direct"].qualified == 2


def test_rates_come_from_the_workspace_when_it_reached_enough_people(history: Workspace) -> None:
    with open_session(history) as session:
        used = outreach_for(session)
    rates = used.rates
    assert rates.share_meeting.source == "workspace" and rates.share_meeting.value == 0.25
    assert rates.direct_meeting.value == pytest.approx(0.4)
    assert rates.share_qualified.value == 0.5 and rates.direct_qualified.value == 0.4
    assert 0 < rates.share_meeting.low < 0.25 < rates.share_meeting.high < 1
    assert rates.source == "workspace"


def test_too_little_history_falls_back_to_the_settings(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    # five people reached directly, four by a share: below min_people = 5 only the shares
    workspace = _history(
        sqlite_workspace, tmp_path,
        "\n[outreach]\nmin_people = 5\nshare_meeting_rate = 0.01\n"
        "outreach_cost_per_contact = 12.5\n",
    )  # fmt: skip
    with open_session(workspace) as session:
        used = outreach_for(session)
    assert used.rates.share_meeting.source == "settings"
    assert used.rates.share_meeting.value == 0.01
    assert used.rates.share_meeting.setting == "outreach.share_meeting_rate"
    assert used.rates.direct_meeting.source == "workspace"
    assert used.costs.per_contact == 12.5 and used.costs.seed == 50
    # no workspace at all: leadsift's defaults, every rate a setting
    defaults = outreach_for(None)
    assert defaults.rates.source == "settings" and defaults.costs.per_contact == 8


def test_an_unscored_workspace_has_no_history_to_learn_from(
    sqlite_workspace: Workspace,
) -> None:
    with open_session(sqlite_workspace) as session:
        assert outreach_for(session).rates.source == "settings"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("share_meeting_rate = 1.5", "leadsift.toml:3: outreach.share_meeting_rate: Input "
         "should be less than or equal to 1"),
        ("direct_meeting_rate = -0.1", "outreach.direct_meeting_rate: Input should be greater"),
        ("seed_cost = -5", "outreach.seed_cost: Input should be greater than or equal to 0"),
        ("direct_meeting_rate = 0.5", "direct_qualified_rate (0.04) is below "
         "direct_meeting_rate (0.5): everyone who takes a meeting is qualified"),
        ("share_rate = 0.1", "outreach.share_rate: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_a_bad_setting_is_refused_with_its_name(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "leadsift.toml"
    path.write_text(f"[outreach]\n# the rate of meetings\n{text}\n")
    with pytest.raises(ConfigError) as refused:
        load_settings(path)
    assert message in str(refused.value)


def test_spread_compare_learns_from_the_workspace_it_is_given(
    capsys: pytest.CaptureFixture[str], history: Workspace, tmp_path: Path
) -> None:
    graph, nodes = tmp_path / "g.csv", tmp_path / "n.csv"
    graph.write_text("source,target,p\nm0,m1,1\nm1,m2,1\no0,o1,1\n")
    nodes.write_text("node,target,cost\nm0,1,10\nm1,1,10\nm2,1,10\no0,0,10\no1,0,10\n")
    args = ["spread", "compare", str(graph), "--nodes", str(nodes), "--k", "1", "--runs", "20"]
    result = invoke(capsys, "-w", str(history.root), *args, "--p-model", "given", "--json")
    assert result.exit_code == 0, result.stderr
    rows = {row["plan"].split(" ")[0]: row for row in json.loads(result.stdout)}
    assert rows["targeted"]["rates"]["source"] == "workspace"
    # m0 contacted (0.4) and m1, m2 reached by its share (0.25 each); $8 and m0's $10 post
    assert rows["targeted"]["expected_meetings"] == pytest.approx(0.4 + 2 * 0.25)
    assert rows["targeted"]["cost"] == 18 and rows["direct"]["cost"] == 8
    text = invoke(capsys, "-w", str(history.root), *args, "--p-model", "given")
    assert "1 of 4 people" in text.stdout and "workspace" in text.stdout
    # a bad setting stops the command with the file, line and key
    path = history.root / "leadsift.toml"
    path.write_text(path.read_text() + "share_qualified_rate = 2\n")
    refused = invoke(capsys, "-w", str(history.root), *args)
    assert refused.exit_code == 1
    assert "outreach.share_qualified_rate: Input should be less than or equal to 1" in (
        refused.stderr.replace("\n", " ")
    )
    assert "Traceback" not in refused.stderr
