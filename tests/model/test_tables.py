"""The conversion model on labelled tables: learns a planted signal, explains itself exactly,
round-trips through its file, and refuses bad tables with one clear message."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsift.model.estimator import ConversionModel
from leadsift.model.table import prepare, read_table
from tests.helpers import invoke


def _leads(rows: int = 3000, seed: int = 4) -> pd.DataFrame:
    """Leads whose conversion depends on visits, source and seniority, with the usual mess:
    placeholders, missing numbers, a constant column, a date."""
    rng = np.random.default_rng(seed)
    visits = rng.poisson(3, rows).astype(float)
    source = rng.choice(["webinar", "ads", "referral", "Select"], rows)
    senior = rng.choice(["yes", "no", "unknown"], rows)
    logit = (
        -2
        + 0.5 * visits
        + np.select([source == "referral", source == "ads"], [1.5, -1.0], 0.0)
        + np.where(senior == "yes", 1.0, 0.0)
    )
    converted = rng.random(rows) < 1 / (1 + np.exp(-logit))
    frame = pd.DataFrame(
        {
            "lead_id": [f"L{i}" for i in range(rows)],
            "visits": np.where(rng.random(rows) < 0.1, "", visits.astype(int).astype(str)),
            "source": source,
            "senior": senior,
            "noise": rng.normal(size=rows).round(3),
            "country": "US",
            "created": pd.date_range("2025-01-01", periods=rows, freq="h").astype(str),
            "converted": np.where(converted, "Yes", "No"),
        }
    )
    return frame


@pytest.fixture
def leads_csv(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    _leads().to_csv(path, index=False)
    return path


def test_the_model_learns_the_signal_and_explains_every_row_exactly(leads_csv: Path) -> None:
    table = prepare(
        leads_csv, read_table(leads_csv), target="converted", time="created", id_column="lead_id"
    )
    assert "'country' holds one value in every row: left out" in table.notes
    assert table.features["source"].isna().sum() > 0  # "Select" is missing
    assert table.target is not None
    model = ConversionModel().fit(table.features, table.target, table.time)
    p = model.predict_proba(table.features)
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(table.target, p) > 0.75
    contributions = model.contributions(table.features)
    logit = np.log(p / (1 - p))
    assert np.allclose(contributions.sum(axis=1), logit, atol=1e-6)
    top = contributions.drop(columns="_base").abs().mean().sort_values(ascending=False)
    assert set(top.index[:3]) == {"visits", "source", "senior"}
    # the file round-trip predicts the same; unseen categories are missing, not an error
    again = ConversionModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert np.allclose(again.predict_proba(table.features), p)
    odd = table.features.head(5).assign(source="tiktok")
    assert np.isfinite(again.predict_proba(odd)).all()


def test_train_evaluate_predict_from_the_command_line(
    capsys: pytest.CaptureFixture[str], leads_csv: Path, tmp_path: Path
) -> None:
    model = tmp_path / "leads.model"
    args = ["--table", str(leads_csv), "--target", "converted", "--id", "lead_id"]
    result = invoke(capsys, "model", "train", *args, "--time", "created", "-o", str(model))
    assert result.exit_code == 0, result.stderr
    assert "left out" in result.stderr  # the constant column is noted
    result = invoke(capsys, "model", "evaluate", *args, "--time", "created", "--json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    for split in ("cv", "time_split"):
        assert set(figures[split]) >= {
            "auc", "pr_auc", "log_loss", "lift_top_decile", "calibration_error",
        }  # fmt: skip
        assert figures[split]["auc"] > 0.7
    out = tmp_path / "scored.csv"
    new = tmp_path / "new.csv"
    _leads(rows=50, seed=9).drop(columns=["converted"]).to_csv(new, index=False)
    predict = ["model", "predict", str(model), "--table", str(new), "-o", str(out)]
    result = invoke(capsys, *predict, "--all-reasons")
    assert result.exit_code == 0, result.stderr
    scored = pd.read_csv(out)
    assert list(scored.columns) == ["lead_id", "probability", "reasons"]
    assert len(scored) == 50 and scored["probability"].between(0, 1).all()
    assert scored["reasons"].str.contains("raises the odds|lowers the odds").all()
    assert invoke(capsys, *predict, "--reasons", "10").exit_code == 0
    scored = pd.read_csv(out, keep_default_na=False)
    explained = scored[scored["reasons"] != ""]
    assert len(explained) == 10  # the ten most likely
    assert explained["probability"].min() >= scored["probability"].nlargest(10).min()


@pytest.mark.parametrize(
    ("change", "args", "message"),
    [
        (lambda f: f.assign(converted="Yes"), [], "only one class"),
        (lambda f: f.assign(converted=np.where(f.index == 7, "maybe", f["converted"])), [],
         "bad.csv:9:8: column 'converted'"),
        (lambda f: f.drop(columns=["converted"]), [], "no target column 'converted'"),
        (lambda f: f.assign(created=np.where(f.index == 3, "soon", f["created"])),
         ["--time", "created"], "not a date or time: 'soon'"),
        (lambda f: f, ["--drop", "nope"], "no column 'nope'"),
    ],
)  # fmt: skip
def test_bad_tables_get_one_clear_message(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    change: object,
    args: list[str],
    message: str,
) -> None:
    path = tmp_path / "bad.csv"
    change(_leads(rows=200)).to_csv(path, index=False)  # type: ignore[operator]
    result = invoke(
        capsys, "model", "evaluate", "--table", str(path), "--target", "converted", *args
    )
    assert result.exit_code == 1
    assert message in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_model_is_refused(
    capsys: pytest.CaptureFixture[str], leads_csv: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.model"
    fake.write_text('{"format": "something else"}')
    result = invoke(
        capsys, "model", "predict", str(fake), "--table", str(leads_csv), "-o",
        str(tmp_path / "out.csv"),
    )  # fmt: skip
    assert result.exit_code == 1 and "not a leadsift conversion model" in result.stderr
