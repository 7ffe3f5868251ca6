"""The fake-account classifier, with or without a workspace: score a file of social
profiles, train on labelled folders (the model saved with its provenance), evaluate.

Heavy libraries (lightgbm, sklearn, pandas) load only when a function runs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadsift import __version__

if TYPE_CHECKING:
    from leadsift.authenticity.bot_evaluation import Scores
    from leadsift.authenticity.score_profiles import ScoreResult


def score_profiles(
    profiles: Path,
    output: Path,
    model_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ScoreResult:
    """Write the profiles file's rows, in order, plus bot_probability (0-1) and bot_reasons,
    to the CSV `output`, with a model from `train_bots` (default: the one shipped).
    `progress` hears the rows done. The result counts rows and lists oddities in the data
    (values treated as unknown), possibly repeated."""
    from leadsift.authenticity.bot_model import BotClassifier
    from leadsift.authenticity.score_profiles import score_profiles_file

    model, _ = BotClassifier.load(model_path)
    return score_profiles_file(profiles, output, model, progress)


def training_digest(folders: Sequence[Path]) -> str:
    """SHA-256 over the names and contents of the files in the training folders, in name
    order: which data a model was trained on, checkable later."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class BotTraining:
    """How many profiles the model learnt from, where it was written, and its provenance
    card (when, which leadsift, which data and its digest, rows per group, the columns
    never used because they leak the label)."""

    profiles: int
    written_to: Path
    card: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"profiles": self.profiles, "written_to": str(self.written_to), "card": self.card}


def train_bots(data: Sequence[Path], output: Path) -> BotTraining:
    """Train the classifier on labelled profile folders (a `label` column, or the
    Cresci-2015 file names) and save it to `output` with its provenance card."""
    from leadsift.authenticity.bot_model import BotClassifier
    from leadsift.authenticity.profile_features import profile_features
    from leadsift.authenticity.training_data import LEAKING, load_labelled

    folders = list(data)
    labelled = load_labelled(folders)
    features = profile_features(labelled.profiles).values
    model = BotClassifier().fit(features, labelled.label)
    card = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "leadsift_version": __version__,
        "data": [folder.name for folder in folders],
        "data_sha256": training_digest(folders),
        "rows": {str(g): int(n) for g, n in labelled.group.value_counts().sort_index().items()},
        "excluded_columns": list(LEAKING),
    }
    model.save(output, card)
    return BotTraining(len(labelled.label), output, card)


@dataclass(frozen=True)
class BotEvaluation:
    """Stratified 10-fold cross-validation, and per group of fakes the model trained without
    it and tested on it (and on humans it never saw): AUC, MCC, precision, recall, F1."""

    cross_validation: Scores
    leave_one_group_out: dict[str, Scores]

    def as_dict(self) -> dict[str, Any]:
        return {
            "cross_validation": self.cross_validation.as_dict(),
            "leave_one_group_out": {k: v.as_dict() for k, v in self.leave_one_group_out.items()},
        }


def evaluate_bots(data: Sequence[Path]) -> BotEvaluation:
    """Evaluate the classifier on labelled profile folders."""
    from leadsift.authenticity.bot_evaluation import cross_validate, leave_one_seller_out
    from leadsift.authenticity.training_data import load_labelled

    labelled = load_labelled(list(data))
    return BotEvaluation(cross_validate(labelled), leave_one_seller_out(labelled))
