"""`leadsift model train|evaluate|predict`: conversion models, on the workspace or any table."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from leadsift.cli.console import print_json, say_waiting, session, stderr, stdout

app = typer.Typer(
    help=(
        "Predict who converts: learn from your own outcomes, with calibrated probabilities "
        "and reasons.\n\nExample: leadsift model train && leadsift score"
    ),
    no_args_is_help=True,
)

_TABLE = typer.Option(
    None, "--table", help="A labelled CSV, TSV or Parquet file instead of the workspace.",
    metavar="FILE",
)  # fmt: skip
_TARGET = typer.Option(None, "--target", help="The 0/1 (yes/no) column to predict.")
_TIME = typer.Option(
    None, "--time", help="Date column: validate and calibrate in time order.", metavar="COL"
)
_DROP = typer.Option(
    [], "--drop", help="Leave this column out (leaks the outcome, say). Repeatable.",
    metavar="COL",
)  # fmt: skip
_ID = typer.Option(
    None, "--id", help="Row id column: not a feature; copied to predictions.", metavar="COL"
)


def _notes(notes: list[str]) -> None:
    for note in notes:
        stderr().print(f"[yellow]note:[/] {note}")


@app.command()
def train(
    ctx: typer.Context,
    table: Path | None = _TABLE,
    target: str | None = _TARGET,
    time: str | None = _TIME,
    drop: list[str] = _DROP,
    id_: str | None = _ID,
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Model file to write (with --table).", metavar="MODEL"
    ),
    horizon: int = typer.Option(
        30, "--horizon", min=1, max=365, help="Workspace: days within which a meeting counts."
    ),
    step: int = typer.Option(
        14, "--step", min=1, max=90, help="Workspace: days between snapshots."
    ),
    min_positives: int = typer.Option(
        30, "--min-positives", min=1, help="Workspace: refuse with fewer converters than this."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the model card as JSON."),
) -> None:
    """Learn P(meeting or better within --horizon days) from the workspace's history (as-of
    snapshots: nothing recorded later leaks in), store it with a model card, and let
    `leadsift score` use it. With --table, learn from any labelled file instead.

    Example:

        leadsift model train --horizon 30

        leadsift model train --table leads.csv --target Converted --drop Tags -o leads.model
    """
    from leadsift.app.models import train_on_table, train_on_workspace

    if table is not None:
        trained = train_on_table(table, output, target=target, time=time, drop=drop, id_column=id_)
        _notes(trained.notes)
        card = trained.card
        if as_json:
            print_json(card)
            return
        stdout().print(
            f"model trained on {card['rows']:,} rows ({card['positives']:,} positive), "
            f"{card['mix']}, written to {output}"
        )
        return
    with session(ctx) as opened:
        trained = train_on_workspace(
            opened, horizon_days=horizon, step_days=step, min_positives=min_positives,
            on_wait=say_waiting,
        )  # fmt: skip
    card, card_path = trained.card, trained.written_to
    if as_json:
        print_json(card)
        return
    figures = card.get("time_split")
    said = (
        f"; latest 20% of snapshots: AUC {figures['auc']:.3f}, "
        f"lift in the top decile {figures['lift_top_decile']:.1f}"
        if figures
        else ""
    )
    stdout().print(
        f"trained on {card['rows']:,} snapshots ({card['positives']:,} converted){said}.\n"
        f"Model card: {card_path}. Run `leadsift score` to apply it."
    )


@app.command()
def evaluate(
    table: Path = typer.Option(..., "--table", help="A labelled CSV, TSV or Parquet file."),
    target: str = typer.Option(..., "--target", help="The 0/1 (yes/no) column to predict."),
    time: str | None = _TIME,
    drop: list[str] = _DROP,
    id_: str | None = _ID,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Honest figures for a labelled table: AUC, PR-AUC, log loss, lift in the top decile and
    calibration error, by stratified 5-fold cross-validation and, with --time, on the
    latest 20% by time after training on the rest.

    Example:

        leadsift model evaluate --table bank.csv --target y --drop duration --time date --json
    """
    from leadsift.app.models import evaluate_on_table

    evaluation = evaluate_on_table(table, target=target, time=time, drop=drop, id_column=id_)
    _notes(evaluation.notes)
    result = evaluation.figures
    if as_json:
        print_json(result)
        return
    shown = Table(title=f"Model evaluation: {table.name}")
    shown.add_column("measure")
    for name in result:
        shown.add_column(name.replace("_", " "), justify="right")
    for measure in ("auc", "pr_auc", "log_loss", "lift_top_decile", "calibration_error", "rows"):
        cells = []
        for m in result.values():
            cells.append("-" if m is None else f"{m[measure]:,.4f}".rstrip("0").rstrip("."))
        shown.add_row(measure.replace("_", " "), *cells)
    stdout().print(shown)


@app.command()
def predict(
    model: Path = typer.Argument(..., help="A model from `leadsift model train --table`."),
    table: Path = typer.Option(..., "--table", help="Rows to score: CSV, TSV or Parquet."),
    output: Path = typer.Option(..., "-o", "--output", help="CSV to write.", metavar="OUT.csv"),
    reasons: int = typer.Option(
        1000, "--reasons", min=0, help="Give reasons to this many most likely rows."
    ),
    all_reasons: bool = typer.Option(
        False, "--all-reasons", help="Give every row its reasons (about 1 ms a row)."
    ),
) -> None:
    """Score each row: its id (or line number), the probability, and for the most likely
    rows (--reasons) the top three reasons in words.

    Example:

        leadsift model predict leads.model --table new-leads.csv -o scored.csv --all-reasons
    """
    from leadsift.app.models import predict_on_table

    rows = predict_on_table(model, table, output, None if all_reasons else reasons)
    stderr().print(f"{rows:,} rows scored into {output}")
