"""`leadsift attribution journeys` end to end: the JSON shape, the table, the models' names,
and a bad file's message naming file, line and column with exit code 1."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from leadsift.attribution import MODELS
from leadsift.cli.attribution_cmd import MODEL_NAMES
from tests.helpers import invoke

TABLE = (
    "path;total_conversions;total_conversion_value;total_null\n"
    "C1 > C2 > C3;1;1000;0\n"
    "C1;0;0;1\n"
    "C2 > C3;0;0;1\n"
)


@pytest.fixture
def paths(tmp_path: Path) -> Path:
    file = tmp_path / "paths.csv"
    file.write_text(TABLE)
    return file


def test_the_cli_knows_every_model() -> None:
    assert MODEL_NAMES == MODELS


@pytest.mark.parametrize("model", MODELS)
def test_json_has_one_object_with_a_channels_list(
    capsys: pytest.CaptureFixture[str], paths: Path, model: str
) -> None:
    result = invoke(capsys, "attribution", "journeys", str(paths), "--model", model, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["model"] == model
    assert summary["total_conversions"] == 1.0 and summary["total_value"] == 1000.0
    channels = summary["channels"]
    assert {row["channel"] for row in channels} == {"C1", "C2", "C3"}
    assert all({"channel", "conversions", "value"} <= set(row) for row in channels)
    assert math.fsum(row["conversions"] for row in channels) == pytest.approx(1.0, rel=1e-12)
    assert math.fsum(row["value"] for row in channels) == pytest.approx(1000.0, rel=1e-12)


def test_markov_json_carries_removal_effects_and_the_order(
    capsys: pytest.CaptureFixture[str], paths: Path
) -> None:
    result = invoke(capsys, "attribution", "journeys", str(paths), "-m", "markov", "--order",
                    "2", "--json")  # fmt: skip
    summary = json.loads(result.stdout)
    assert summary["order"] == 2
    rows = {row["channel"]: row for row in summary["channels"]}
    assert rows["C1"]["removal_effect"] == pytest.approx(0.5)
    assert rows["C1"]["conversions"] == pytest.approx(0.2)


def test_the_table_fits_80_columns(capsys: pytest.CaptureFixture[str], paths: Path) -> None:
    result = invoke(capsys, "attribution", "journeys", str(paths), "--model", "w")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "channel" in result.stdout and "share" in result.stdout
    assert any(line.split("│")[1].strip() == "C3" for line in lines if line.count("│") > 2)


def test_a_bad_file_is_one_message_with_file_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "bad.csv"
    file.write_text("path,total_conversions\nC1 > C2,1\nC2,-3\n")
    result = invoke(capsys, "attribution", "journeys", str(file), "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{file}:3: column 'total_conversions': a negative count: -3" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_options_are_usage_errors(capsys: pytest.CaptureFixture[str], paths: Path) -> None:
    unknown = invoke(capsys, "attribution", "journeys", str(paths), "--model", "magic")
    assert unknown.exit_code == 2 and "choose one of" in unknown.stderr
    order = invoke(capsys, "attribution", "journeys", str(paths), "-m", "u", "--order", "2")
    assert order.exit_code == 2 and "--order" in order.stderr


def test_help_shows_an_example_and_starting_stays_light() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom leadsift.cli.main import run\n"
         "try:\n    run(['attribution', 'journeys', '--help'])\nexcept SystemExit:\n    pass\n"
         "print('HEAVY' if {'numpy', 'scipy', 'pandas'} & set(sys.modules) else 'LIGHT')"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "leadsift attribution journeys paths.csv --model markov" in done.stdout
    assert done.stdout.strip().endswith("LIGHT")
