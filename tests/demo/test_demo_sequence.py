"""The demo ships an outreach sequence that checks, enrols the demo's qualified people at
its accounts and writes its first emails in a dry run."""

from __future__ import annotations

import email
import shutil
from pathlib import Path

import pytest

from tests.helpers import invoke


def test_the_demo_sequence_checks_enrols_and_dry_runs(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "ws"
    shutil.copytree(demo_dir, copy)
    where = ("--workspace", str(copy))
    checked = invoke(capsys, *where, "sequences", "check", "named-accounts")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    enrolled = invoke(capsys, *where, "enrol", "named-accounts", "--stage", "mql+", "--yes",
                      "--now", "2026-12-07T13:00:00+00:00", "--json")  # fmt: skip
    assert enrolled.exit_code == 0, enrolled.stderr
    assert '"written": true' in enrolled.stdout
    outbox = tmp_path / "outbox"
    ran = invoke(capsys, *where, "outreach", "run", "--dry-run", str(outbox),
                 "--now", "2026-12-07T20:00:00+00:00")  # fmt: skip
    assert ran.exit_code == 0, ran.stdout
    written = sorted(outbox.glob("*.eml"))
    assert written, ran.stdout
    message = email.message_from_bytes(written[0].read_bytes())
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    body = bytes(text.get_payload(decode=True)).decode()
    assert body.startswith("Hi ") and "I saw that you " in body and "{{" not in body
