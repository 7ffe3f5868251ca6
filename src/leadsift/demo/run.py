"""Run the demo: generate the scenario, import it through the real importers, report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from leadsift.domain.errors import WorkspaceError
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.pipeline.score import ScoreSummary, run_scoring
from leadsift.report.figures import CampaignReport
from leadsift.report.quality import build_report
from leadsift.workspace.workspace import Workspace, init_workspace

if TYPE_CHECKING:
    from leadsift.spread.meetings import Outreach


@dataclass(frozen=True)
class DemoOutcome:
    workspace: Workspace
    truth_dir: Path
    people: int
    touches: int
    scoring: ScoreSummary
    report: CampaignReport
    spread: list[dict[str, Any]]  # viral versus targeted plans on the demo's social graph
    spread_chart: Path
    spread_rates: Outreach  # the meeting rates and costs behind the plans' money figures
    # every field of `leadsift spread compare`'s rows (spread_cmd.comparison_tables draws
    # them in 80 columns); `spread` is the summary's choice of them
    spread_rows: list[dict[str, Any]]


def run_demo(
    directory: Path,
    *,
    size: Literal["small", "medium", "large"] = "medium",
    seed: int = 7,
    database_url: str | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> DemoOutcome:
    # Imported here so that `leadsift --help` does not pay for the generator's imports.
    from leadsift.demo.scenario.generate import generate
    from leadsift.demo.scenario.sequence import write_sequence

    if (directory / "leadsift.toml").exists():
        raise WorkspaceError(f"{directory} is already a workspace: pick a new folder for the demo")

    def report(message: str, fraction: float) -> None:
        if progress is not None:
            progress(message, fraction)

    scenario = generate(
        directory,
        size=size,
        seed=seed,
        progress=lambda message, fraction: report(message, 0.3 * fraction),
    )
    workspace = init_workspace(directory, database_url)
    write_sequence(directory)
    options = ImportOptions(
        batch_rows=workspace.settings.imports.batch_rows,
        default_currency=workspace.settings.imports.default_currency,
    )
    files = scenario.inputs
    engine = workspace.connect()
    try:
        # every file as a user would import it: no kind, the layout recognised (the tools'
        # exports by their maps, the rest by leadsift's own columns)
        for done, item in enumerate(files):
            base = 0.3 + 0.5 * done / len(files)

            def advance(
                _file: str,
                _rows: int,
                fraction: float,
                base: float = base,
                name: str = item.path.name,
            ) -> None:
                report(f"importing {name}", base + 0.5 * fraction / len(files))

            told = replace(options, campaign=item.campaign, timezone=item.timezone)
            import_file(engine, None, item.path, told, advance)
        scoring = run_scoring(
            engine,
            workspace.settings,
            progress=lambda message, fraction: report(message, 0.8 + 0.18 * fraction),
        )
        report("report", 0.99)
        from leadsift.app.reports import crediting
        from leadsift.app.session import Session
        from leadsift.report.summary import summarise

        # the report as `leadsift report` makes it: outcomes credited by [attribution] model
        credited = crediting(Session(workspace, engine))
        with engine.connect() as connection:
            campaign_report = build_report(
                connection, currency=workspace.settings.report.currency, summarise=summarise,
                crediting=credited,
            )  # fmt: skip
    finally:
        engine.dispose()
    report("viral or targeted?", 0.995)
    rows, chart, outreach = _viral_or_targeted(workspace)
    return DemoOutcome(
        workspace=workspace,
        truth_dir=scenario.truth_dir,
        people=scenario.people,
        touches=scenario.touches,
        scoring=scoring,
        report=campaign_report,
        spread=[{key: row[key] for key in DEMO_COLUMNS} for row in rows],
        spread_chart=chart,
        spread_rates=outreach,
        spread_rows=rows,
    )


SPREAD_SEEDS = 25
# what the demo's summary shows of each plan: its reach, then meetings per dollar
DEMO_COLUMNS = (
    "plan", "seeds", "total_reach", "in_target_reach", "precision", "cost",
    "expected_meetings", "cost_per_meeting", "cost_per_meeting_low", "cost_per_meeting_high",
)  # fmt: skip


def _viral_or_targeted(workspace: Workspace) -> tuple[list[dict[str, Any]], Path, Outreach]:
    """The four seed plans of `leadsift spread compare` on the demo's social graph, in reach
    and in meetings per dollar, with the meeting rates learned from the demo's own history
    (as `leadsift spread compare` run in the workspace learns them)."""
    from leadsift.app.session import open_session
    from leadsift.app.spread import outreach_for
    from leadsift.spread.chart import write_comparison
    from leadsift.spread.meetings import meeting_rows
    from leadsift.spread.plans import compare, load

    directory = workspace.root
    inputs = directory / "input"
    loaded = load(inputs / "social-graph.csv", inputs / "social-nodes.csv")
    # 400 simulations put total reach within 0.2% and in-target reach within about 3.5% (95%
    # CI on the medium graph): enough to tell viral from targeted, in a third of the time
    outcomes = compare(loaded, k=SPREAD_SEEDS, eps=0.3, model="ic", runs=400)
    with open_session(workspace) as session:
        outreach = outreach_for(session)
    rows = meeting_rows(outcomes, loaded.nodes, outreach)
    chart = directory / "viral-or-targeted.html"
    write_comparison(chart, loaded, outcomes, model="ic", runs=400, rows=rows)
    return rows, chart, outreach
