"""`leadsift bots score|train|evaluate`: the fake-account classifier, with or without a
workspace."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from leadsift.cli.console import print_json, progress_bar, stderr, stdout

app = typer.Typer(
    help=(
        "Score social profiles for bots and bought followers.\n\n"
        "Example: leadsift bots score followers.csv -o scored.csv"
    ),
    no_args_is_help=True,
)

_DATA = typer.Option(
    ..., "--data", help="Folder of labelled profile files. Repeatable.", metavar="DIR"
)


@app.command()
def score(
    profiles: Path = typer.Argument(..., help="Profiles file: CSV, JSON Lines or Parquet."),
    output: Path = typer.Option(..., "-o", "--output", help="CSV to write.", metavar="OUT.csv"),
    model_path: Path | None = typer.Option(
        None, "--model", help="A model from `bots train`.", metavar="MODEL"
    ),
) -> None:
    """Score each profile: the input rows, in order, plus bot_probability (0-1) and
    bot_reasons. Works without a workspace. Columns may be leadsift's profiles format or
    Twitter's (followers_count, friends_count, ...); missing ones are allowed.

    Example:

        leadsift bots score followers.csv -o scored.csv
    """
    from leadsift.app.bots import score_profiles

    with progress_bar() as bar:
        task = bar.add_task("scoring profiles", total=None)
        result = score_profiles(
            profiles, output, model_path, lambda rows: bar.update(task, completed=rows)
        )
    err = stderr()
    for oddity in dict.fromkeys(result.oddities):
        err.print(f"[yellow]note:[/] {oddity}; those values were treated as unknown")
    err.print(f"{result.rows:,} profiles scored into {output}")


@app.command()
def train(
    data: list[Path] = _DATA,
    output: Path = typer.Option(
        Path("bot_model.txt"), "-o", "--output", help="Model file to write.", metavar="MODEL"
    ),
) -> None:
    """Train the classifier on labelled profiles (a `label` column, or the Cresci-2015 file
    names) and save it with its provenance. Leaking columns are never used.

    Example:

        leadsift bots train --data ../shared/data/bots/cresci-2015 -o bot_model.txt
    """
    from leadsift.app.bots import train_bots

    trained = train_bots(data, output)
    stderr().print(f"model trained on {trained.profiles:,} profiles, written to {output}")


@app.command()
def evaluate(
    data: list[Path] = _DATA,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Stratified 10-fold cross-validation, and leave one seller out (train without one group
    of fakes, test on it and on humans the model never saw): AUC, MCC, precision, recall, F1.

    Example:

        leadsift bots evaluate --data ../shared/data/bots/cresci-2015 --json
    """
    from leadsift.app.bots import evaluate_bots

    evaluation = evaluate_bots(data)
    if as_json:
        print_json(evaluation.as_dict())
        return
    cv, logo = evaluation.cross_validation, evaluation.leave_one_group_out
    table = Table(title="Bot classifier")
    for header in ("evaluation", "AUC", "MCC", "precision", "recall", "F1", "rows"):
        table.add_column(header, justify="left" if header == "evaluation" else "right")
    for name, s in [("10-fold CV", cv), *[(f"leave out {k}", v) for k, v in logo.items()]]:
        table.add_row(name, f"{s.auc:.4f}", f"{s.mcc:.4f}", f"{s.precision:.4f}",
                      f"{s.recall:.4f}", f"{s.f1:.4f}", f"{s.rows:,}")  # fmt: skip
    stdout().print(table)
