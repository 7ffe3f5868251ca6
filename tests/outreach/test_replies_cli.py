"""`leadsift replies classify FILE -o OUT.csv`: the CSV it writes and the input it refuses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadsift.app.replies import ReplyFileError, classify_file
from leadsift.cli import replies_cmd
from leadsift.outreach.reply_text import MAX_BODY_CHARS


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows) + "\n",
        encoding="utf-8",
    )
    return path


def test_classify_writes_the_csv(tmp_path: Path) -> None:
    source = _write(tmp_path / "replies.jsonl", [
        {"id": "a1", "subject": "Re: Quick question", "body": "Please unsubscribe me."},
        {"id": 2, "subject": "Automatic reply", "body": "I'm out of the office until 17 March.",
         "date": "2025-03-10"},
        {"id": "=HYPERLINK(\"x\")", "subject": "Re: hi", "body": "Yes, call me Thursday.",
         "from": "me@x.org"},
        "",
    ])  # fmt: skip
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(replies_cmd.app, ["classify", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 replies classified" in result.output
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == ["id", "intent", "confidence", "return_date", "referral_email"]
    assert [row[0] for row in rows[1:]] == ["a1", "2", '\'=HYPERLINK("x")']
    assert rows[1][1] == "unsubscribe" and float(rows[1][2]) >= 0.99
    assert rows[2][1:2] == ["out_of_office"] and rows[2][3] == "2025-03-17"
    assert rows[3][1] == "interested" and rows[3][3:] == ["", ""]


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(replies_cmd.app, ["classify", "--help"])
    assert result.exit_code == 0
    assert "leadsift replies classify replies.jsonl -o intents.csv" in result.output


def test_malformed_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    source = _write(tmp_path / "bad.jsonl", [
        {"id": "1", "subject": "s", "body": "b"},
        "{not json",
        {"id": "3", "body": "no subject"},
        "[1, 2]",
        {"id": "5", "subject": "s", "body": {"nested": True}},
    ])  # fmt: skip
    out = tmp_path / "out.csv"
    with pytest.raises(ReplyFileError) as raised:
        classify_file(source, out)
    message = str(raised.value)
    assert f"{source}:2: not valid JSON" in message
    assert f"{source}:3: field 'subject': missing" in message
    assert f"{source}:4: not a JSON object" in message
    assert f"{source}:5: field 'body': must be text" in message
    assert f"{source}:1" not in message
    assert not out.exists()


def test_bad_input_exits_1_with_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path / "bad.jsonl", ['{"id": "1", "subject": "s"}'])
    with pytest.raises(SystemExit) as raised:
        replies_cmd.run(["classify", str(source)])
    assert raised.value.code == 1
    err = capsys.readouterr().err
    assert "bad.jsonl:1: field 'body': missing" in err


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReplyFileError, match="no such file"):
        classify_file(tmp_path / "nope.jsonl")


def test_bad_date_is_named(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "d.jsonl", [{"id": "1", "subject": "s", "body": "b", "date": "soon"}]
    )
    with pytest.raises(ReplyFileError, match=r"d.jsonl:1: field 'date'"):
        classify_file(source)


def test_huge_body_is_truncated_and_counted(tmp_path: Path) -> None:
    body = "Please remove me from your list.\n" + "> " + "x" * (MAX_BODY_CHARS * 3)
    source = _write(tmp_path / "huge.jsonl", [{"id": "big", "subject": "Re: hi", "body": body}])
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(replies_cmd.app, ["classify", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 bodies longer than" in result.output
    assert list(csv.reader(out.open(newline="")))[1][1] == "unsubscribe"
