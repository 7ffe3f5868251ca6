"""ChannelAttribution's path table from CSV (any delimiter, gzipped or not), JSON Lines and
Parquet, and the one message per bad cell that names file, line and column."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from leadsift.attribution import JourneyFileError, aggregate, read_path_table, to_path_table
from leadsift.domain.errors import InputFileError

CA_SAMPLE = (
    "path;total_conversions;total_conversion_value;total_null\n"
    "eta > iota > alpha > eta;1;0.244;3\n"
    "iota > iota > iota > iota;2;3.195;6\n"
    "beta > eta;1;2.402;3\n"
)


def _problems(error: pytest.ExceptionInfo[JourneyFileError]) -> list[tuple[int, str | None]]:
    return [(p.line, p.column) for p in error.value.problems]


def test_reads_channelattributions_own_sample_layout(tmp_path: Path) -> None:
    file = tmp_path / "Data.csv"
    file.write_text(CA_SAMPLE)
    journeys = read_path_table(file)
    assert journeys.size == 3
    assert journeys.path(0) == ("eta", "iota", "alpha", "eta")
    assert journeys.conversions.tolist() == [1, 2, 1]
    assert journeys.value.tolist() == pytest.approx([0.244, 3.195, 2.402])
    assert journeys.nulls.tolist() == [3, 6, 3]


@pytest.mark.parametrize("delimiter", [",", "\t", "|"])
def test_any_delimiter_and_optional_columns(tmp_path: Path, delimiter: str) -> None:
    file = tmp_path / "paths.tsv"
    file.write_text(f"Path{delimiter}Total_Conversions\na>b{delimiter}2\n\nb{delimiter}1\n")
    journeys = read_path_table(file)
    assert [journeys.path(j) for j in range(journeys.size)] == [("a", "b"), ("b",)]
    assert journeys.value.tolist() == [0, 0] and journeys.nulls.tolist() == [0, 0]


def test_gzip_json_lines_and_parquet(tmp_path: Path) -> None:
    table = pd.DataFrame({"path": ["a > b", "c"], "total_conversions": [1, 0],
                          "total_conversion_value": [9.5, 0.0], "total_null": [0, 4]})  # fmt: skip
    gz = tmp_path / "paths.csv.gz"
    with gzip.open(gz, "wt") as handle:
        table.to_csv(handle, index=False)
    jsonl = tmp_path / "paths.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in table.to_dict("records")) + "\n")
    parquet = tmp_path / "paths.parquet"
    table.to_parquet(parquet)
    for file in (gz, jsonl, parquet):
        journeys = read_path_table(file)
        assert journeys.path(0) == ("a", "b") and journeys.nulls.tolist() == [0, 4], file
        assert journeys.value.tolist() == [9.5, 0.0]


def test_a_bad_file_names_every_bad_cell_by_line_and_column(tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(
        "path,total_conversions,total_conversion_value,total_null\n"
        "a > b,1,10,0\n"  # line 2: fine
        ",1,,\n"  # 3: empty path
        "a > > b,x,,\n"  # 4: an empty channel, a count that is no number
        "c,-2,,\n"  # 5: a negative count
        "d,0,5,\n"  # 6: a value without conversions
        "e,1,,-1\n"  # 7: negative nulls
        "f,,,\n"  # 8: no count
    )
    with pytest.raises(JourneyFileError) as error:
        read_path_table(file)
    assert isinstance(error.value, InputFileError)
    assert _problems(error) == [
        (3, "path"), (4, "path"), (4, "total_conversions"), (5, "total_conversions"),
        (6, "total_conversion_value"), (7, "total_null"), (8, "total_conversions"),
    ]  # fmt: skip
    message = str(error.value)
    assert f"{file}:4: column 'total_conversions': not a number: 'x'" in message
    assert f"{file}:5: column 'total_conversions': a negative count: -2" in message
    assert "nothing was imported" not in message  # nothing is ever imported from it


def test_json_lines_and_parquet_problems_name_their_line_or_row(tmp_path: Path) -> None:
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text('{"path": "a", "total_conversions": 1}\n\n{"path": "", '
                     '"total_conversions": 1}\n{"path": "b"\n')  # fmt: skip
    with pytest.raises(JourneyFileError) as error:
        read_path_table(jsonl)
    assert _problems(error) == [(4, None)]  # the broken JSON, before anything else
    jsonl.write_text('{"path": "a", "total_conversions": 1}\n\n{"path": "", '
                     '"total_conversions": "many"}\n')  # fmt: skip
    with pytest.raises(JourneyFileError) as error:
        read_path_table(jsonl)
    assert _problems(error) == [(3, "path"), (3, "total_conversions")]
    parquet = tmp_path / "bad.parquet"
    pd.DataFrame({"path": ["a", "b"], "total_conversions": [1.0, -1.0]}).to_parquet(parquet)
    with pytest.raises(JourneyFileError) as error:
        read_path_table(parquet)
    assert _problems(error) == [(2, "total_conversions")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("channel,count\na,1\n", "needs a column 'path'"),
        ("path,count\na,1\n", "needs columns path and total_conversions"),
        ("path,total_conversions\n", "no rows"),
        ("path,total_conversions\na,1,2\n", "more fields than the header"),
    ],
)
def test_files_of_the_wrong_shape(tmp_path: Path, text: str, reason: str) -> None:
    file = tmp_path / "paths.csv"
    file.write_text(text)
    with pytest.raises(JourneyFileError, match=reason):
        read_path_table(file)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(JourneyFileError, match="no such file"):
        read_path_table(tmp_path / "nope.csv")


def test_written_and_read_back_after_aggregating(tmp_path: Path) -> None:
    file = tmp_path / "Data.csv"
    file.write_text(CA_SAMPLE + "beta > eta;2;1.0;1\n")
    journeys = aggregate(read_path_table(file))
    assert journeys.size == 3
    out = tmp_path / "out.csv"
    to_path_table(journeys).to_csv(out, index=False)
    again = read_path_table(out)
    assert again.path(2) == ("beta", "eta")
    assert again.conversions.tolist() == [1, 2, 3] and again.nulls.tolist() == [3, 6, 4]
