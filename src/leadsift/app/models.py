"""Conversion models: learn who converts from the workspace's own history (as-of snapshots,
so nothing recorded later leaks in) or from any labelled table; evaluate a table honestly;
score a table's rows with a model.

The table functions need no workspace. Heavy libraries (lightgbm, sklearn) load only when a
function runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadsift.app.session import OnWait, Session
from leadsift.domain.errors import LeadsiftError

if TYPE_CHECKING:
    from leadsift.model.tables import TableSpec

# the model card `train_on_workspace` writes next to leadsift.toml
CARD_FILE = "conversion-model-card.md"


def table_spec(
    table: Path,
    target: str | None,
    time: str | None = None,
    drop: Sequence[str] = (),
    id_column: str | None = None,
) -> TableSpec:
    """Which file, which 0/1 column to predict (required: a LeadsiftError without it), the
    date column to validate in time order, columns to leave out, the row id column."""
    from leadsift.model.tables import TableSpec

    if target is None:
        raise LeadsiftError("--table needs --target COL: the column to predict")
    return TableSpec(path=table, target=target, time=time, drop=tuple(drop), id_column=id_column)


@dataclass(frozen=True)
class Training:
    """A trained model's card (rows, positives, features, validation figures...), where it
    was written, and notes about the data (columns left out, say)."""

    card: dict[str, Any]
    written_to: Path
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"card": self.card, "written_to": str(self.written_to), "notes": self.notes}


def train_on_table(
    table: Path,
    output: Path | None,
    *,
    target: str | None,
    time: str | None = None,
    drop: Sequence[str] = (),
    id_column: str | None = None,
) -> Training:
    """Learn from a labelled CSV, TSV or Parquet file and write the model to `output`
    (required: a LeadsiftError without it)."""
    from leadsift.model.tables import train_table

    if output is None:
        raise LeadsiftError("--table needs -o MODEL: where to write the model")
    card, notes = train_table(table_spec(table, target, time, drop, id_column), output)
    return Training(card, output, list(notes))


def card_markdown(card: dict[str, Any]) -> str:
    """A model card as Markdown: one bullet per entry, features listed, nested ones inline."""
    lines = ["# Conversion model card", ""]
    for key, value in card.items():
        if key == "features":
            lines.append(f"- **features** ({len(value)}): " + ", ".join(value))
        elif isinstance(value, dict):
            inner = ", ".join(f"{k} {v}" for k, v in value.items())
            lines.append(f"- **{key.replace('_', ' ')}**: {inner}")
        else:
            lines.append(f"- **{key.replace('_', ' ')}**: {value}")
    return "\n".join(lines) + "\n"


def train_on_workspace(
    session: Session,
    *,
    horizon_days: int = 30,
    step_days: int = 14,
    min_positives: int = 30,
    on_wait: OnWait | None = None,
) -> Training:
    """Learn P(meeting or better within `horizon_days`) from snapshots every `step_days`,
    under the write lock; store it for `score` to use and write its card to CARD_FILE in
    the workspace. Fewer than `min_positives` converters is a LeadsiftError."""
    from leadsift.model.workspace_model import train_workspace

    with session.locked("leadsift model train", on_wait):
        card = train_workspace(
            session.engine, session.settings, horizon_days=horizon_days,
            step_days=step_days, min_positives=min_positives,
        )  # fmt: skip
    card_path = session.workspace.root / CARD_FILE
    card_path.write_text(card_markdown(card), encoding="utf-8")
    return Training(card, card_path)


@dataclass(frozen=True)
class Evaluation:
    """Figures per validation (cv: stratified 5-fold; time_split: None without a time
    column):
    auc, pr_auc, log_loss, lift_top_decile, calibration_error, rows."""

    figures: dict[str, dict[str, Any] | None]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"figures": self.figures, "notes": self.notes}


def evaluate_on_table(
    table: Path,
    *,
    target: str,
    time: str | None = None,
    drop: Sequence[str] = (),
    id_column: str | None = None,
) -> Evaluation:
    """Stratified 5-fold cross-validation of a labelled table and, with `time`, training on
    the earliest 80% and testing on the latest 20%."""
    from leadsift.model.tables import evaluate_table

    figures, notes = evaluate_table(table_spec(table, target, time, drop, id_column))
    return Evaluation({name: (m.as_dict() if m else None) for name, m in figures.items()}, notes)


def predict_on_table(model: Path, table: Path, output: Path, reasons: int | None = 1_000) -> int:
    """Write each row's id (or line number), probability and, for the `reasons` most likely
    rows (every row when None), the top three reasons, to the CSV `output`; returns rows."""
    from leadsift.model.tables import predict_table

    return predict_table(model, table, output, reasons)
