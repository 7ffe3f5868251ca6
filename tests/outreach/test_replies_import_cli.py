"""`leadsift replies import|fetch|list`: counts at 80 columns or as JSON, one clear message
and exit 1 for unreadable input (nothing stored), and a fetch from a real Dovecot IMAP
server that moves its cursor and reports a mailbox it cannot read."""

from __future__ import annotations

import json
import mailbox
from collections.abc import Iterator
from pathlib import Path

import pytest

from leadsift.app.session import open_session
from leadsift.workspace.workspace import Workspace, find_workspace
from tests.helpers import count_rows, free_port, invoke, query
from tests.outreach import test_mail_reading as mail_reading
from tests.outreach.test_reply_matching import FIXTURES, seed

imap_server = mail_reading.imap_server
folder = mail_reading.folder
OTHERS = sorted(
    p for p in FIXTURES.glob("*.eml") if p.name not in ("not-an-email.eml", "interested-bob.eml")
)
OUR_EMAIL = b"""From: Sam Seller <sam@vendor.example>
To: cat@riversidefp.example
Subject: Scheduling at Riverside Family Practice
Date: Mon, 4 May 2026 14:00:00 +0000
Message-ID: <s1.cat@mail.vendor.example>

Hi Cat, would a quick call help?
"""


@pytest.fixture
def root(sqlite_workspace: Workspace, tmp_path: Path) -> Iterator[Path]:
    with open_session(sqlite_workspace) as session:
        seed(session, tmp_path)
    yield sqlite_workspace.root


def _mbox(path: Path) -> Path:
    box = mailbox.mbox(path)
    box.add(OUR_EMAIL)
    box.add((FIXTURES / "interested-bob.eml").read_bytes())
    box.close()
    return path


def test_import_prints_counts_and_again_stores_nothing(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(_mbox(tmp_path / "thread.mbox")), *map(str, OTHERS)]
    done = invoke(capsys, "-w", str(root), "replies", "import", *files)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("9 messages read: 8 stored, 0 already stored, 1 matched to")
    assert "1 of our own skipped" in done.stdout
    assert "intents: " in done.stdout and "interested 2" in done.stdout
    assert all(len(line) <= 80 for line in done.stdout.splitlines())
    again = invoke(capsys, "-w", str(root), "replies", "import", "--json", *files)
    assert again.exit_code == 0, again.stderr
    counts = json.loads(again.stdout)
    assert (counts["read"], counts["stored"], counts["duplicates"], counts["own"]) == (9, 0, 8, 1)
    assert count_rows(find_workspace(root), "replies") == 8


def test_unreadable_input_exits_1_and_stores_nothing(
    root: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = FIXTURES / "not-an-email.eml"
    done = invoke(capsys, "-w", str(root), "replies", "import", str(OTHERS[0]), str(bad))
    assert done.exit_code == 1
    assert f"{bad}: not an email" in done.stderr and "Traceback" not in done.stderr
    missing = invoke(capsys, "-w", str(root), "replies", "import", str(tmp_path / "gone.eml"))
    assert missing.exit_code == 1 and "gone.eml: cannot be read" in missing.stderr
    assert count_rows(find_workspace(root), "replies") == 0


def test_list_by_intent_and_person(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    invoke(capsys, "-w", str(root), "replies", "import", *map(str, FIXTURES.glob("[!n]*.eml")))
    listed = invoke(capsys, "-w", str(root), "replies", "list", "--intent", "interested")
    assert listed.exit_code == 0, listed.stderr
    assert "Replies (2)" in listed.stdout and "in_reply_to" in listed.stdout
    assert all(len(line) <= 80 for line in listed.stdout.splitlines())
    mine = invoke(capsys, "-w", str(root), "replies", "list", "--json", "--person",
                  "DAN@lakesidedental.example")  # fmt: skip
    (dan,) = json.loads(mine.stdout)
    assert (dan["intent"], dan["matched_by"]) == ("unsubscribe", "sender")
    assert "suppressed" in dan["routed"]
    bounces = json.loads(invoke(capsys, "-w", str(root), "replies", "list", "--json",
                                "--intent", "bounce").stdout)  # fmt: skip
    assert [b["matched_by"] for b in bounces] == ["message_id"]
    wrong = invoke(capsys, "-w", str(root), "replies", "list", "--intent", "happy")
    assert wrong.exit_code == 2 and "--intent" in wrong.stderr


@pytest.mark.parametrize("command", ["import", "fetch", "list"])
def test_help_has_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    done = invoke(capsys, "replies", command, "--help")
    assert done.exit_code == 0 and "Example" in done.stdout and "leadsift replies" in done.stdout


def test_classify_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "r.jsonl"
    source.write_text('{"id": "1", "subject": "Re: hi", "body": "Please unsubscribe me."}\n')
    done = invoke(capsys, "replies", "classify", str(source))
    assert done.exit_code == 0 and "1,unsubscribe" in done.stdout


def test_fetch_from_imap_moves_the_cursor(
    root: Path,
    imap_server: mail_reading.Server,
    folder: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADSIFT_TEST_IMAP_USER", imap_server.user)
    monkeypatch.setenv("LEADSIFT_TEST_IMAP_PASSWORD", imap_server.password)
    settings = root / "leadsift.toml"
    boxes = ""
    for name, port in (("sales", imap_server.port), ("closed", free_port())):
        boxes += f"""
[mailboxes.{name}]
host = "127.0.0.1"
from_address = "{name}@vendor.example"
username_env = "LEADSIFT_TEST_IMAP_USER"
password_env = "LEADSIFT_TEST_IMAP_PASSWORD"

[mailboxes.{name}.imap]
host = "{imap_server.host}"
port = {port}
security = "none"
folder = "{folder}"
timeout_seconds = 5
"""
    settings.write_text(settings.read_text() + boxes)
    mail_reading.append(
        imap_server, folder, *((FIXTURES / n).read_bytes() for n in
                               ("interested-bob.eml", "bounce-gus.eml"))
    )  # fmt: skip
    done = invoke(capsys, "-w", str(root), "replies", "fetch")
    assert done.exit_code == 1  # one mailbox could not be read
    assert "imap:closed" in done.stderr and "cannot connect" in done.stderr
    assert "2 messages read: 2 stored" in done.stdout and "sales 2" in done.stdout
    (cursor,) = query(find_workspace(root), "SELECT mailbox, last_uid FROM mailbox_cursors")
    assert tuple(cursor) == ("sales", 2)
    again = invoke(capsys, "-w", str(root), "replies", "fetch", "--mailbox", "sales", "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["read"] == 0
    unknown = invoke(capsys, "-w", str(root), "replies", "fetch", "--mailbox", "nope")
    assert unknown.exit_code == 1 and "no mailbox named nope" in unknown.stderr
