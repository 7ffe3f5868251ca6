"""Uploading files on the Imports page: what each gave, and a wrong or empty file refused
with the CLI's own message, nothing written."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import httpx
import pytest

from leadsift.workspace.workspace import Workspace
from tests.helpers import count_rows, invoke
from tests.web.conftest import Client, as_role, csrf_of, run

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(20)
TABLES = ("imports", "contacts", "touches", "audit_log")


async def follow(client: Client, started: httpx.Response) -> httpx.Response:
    """The job page an upload redirects to, fetched until the import is done."""
    assert started.status_code == 303, started.text
    where = started.headers["location"]
    assert where.startswith("/imports/jobs/")
    for _ in range(200):
        job = await client.get(where)
        assert job.status_code == 200
        if "data-job-running" not in job.text:
            return job
        assert 'id="job"' in job.text and "<progress" in job.text
        await asyncio.sleep(0.05)
    raise AssertionError("the import did not finish in 10 s")


def _upload(workspace: Workspace, name: str, content: bytes, **form: str) -> httpx.Response:
    async def body(client: Client) -> httpx.Response:
        token = await as_role(client, "marketer")
        started = await client.post(
            "/imports", data={"csrf_token": token, **form}, files={"files": (name, content)}
        )
        if started.status_code != 303:
            return started
        return await follow(client, started)

    response: httpx.Response = run(workspace, body)
    return response


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.csv", b""), ("picture.png", PNG), ("picture.csv", PNG)],
)
def test_a_wrong_or_empty_file_shows_the_cli_message_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, name: str, content: bytes
) -> None:
    path = workspace.root / name
    path.write_bytes(content)
    cli = invoke(capsys, "--workspace", str(workspace.root), "import", str(path))
    message = cli.stderr.replace(str(workspace.root) + "/", "").split("\n")
    before = {t: count_rows(workspace, t) for t in TABLES if t != "audit_log"}
    got = _upload(workspace, name, content)
    assert 'role="alert"' in got.text
    assert cli.exit_code == 1
    # the CLI's lines, "error: NAME: rejected, nothing was imported from it" and the reason
    first, reason = message[0].removeprefix("error: "), message[1].strip()
    assert first in got.text and reason.replace("'", "&#39;") in got.text
    assert {t: count_rows(workspace, t) for t in before} == before


def test_an_upload_imports_and_shows_the_layout_and_the_log(workspace: Workspace) -> None:
    before = count_rows(workspace, "contacts")
    got = _upload(
        workspace, "new-people.csv", b"email,first_name,company\nzoe@new.example,Zoe,New Co\n"
    )
    assert got.status_code == 200, got.text
    assert '<th scope="row">new-people.csv</th>' in got.text
    assert "<td>contacts</td>" in got.text  # the layout recognised
    assert count_rows(workspace, "contacts") == before + 1
    assert "new-people.csv" in got.text.split('id="log-title"')[1]  # in the import log
    assert count_rows(workspace, "audit_log") >= 1


def test_bad_rows_are_named_by_line_and_column(workspace: Workspace) -> None:
    bad = (
        b"email,channel,kind,occurred_at\n"
        b"x@y.example,email,open,2026-05-01\n"
        b"z@y.example,email,opened,2026-05-02\n"
    )
    before = count_rows(workspace, "touches")
    got = _upload(workspace, "touches.csv", bad, kind="touches")
    assert 'role="alert"' in got.text
    assert "touches.csv: rejected, nothing was imported from it" in got.text
    assert "touches.csv:3" in got.text
    assert count_rows(workspace, "touches") == before


def test_no_file_or_a_bad_kind_marks_the_field(workspace: Workspace) -> None:
    got = _upload(workspace, "", b"", kind="pictures")
    assert got.status_code == 422
    assert 'id="files-error"' in got.text and 'id="kind-error"' in got.text


def test_a_job_is_seen_only_by_the_user_who_started_it(workspace: Workspace) -> None:
    async def body(client: Client) -> tuple[httpx.Response, httpx.Response, httpx.Response]:
        token = await as_role(client, "marketer")
        started = await client.post(
            "/imports", data={"csrf_token": token},
            files={"files": ("p.csv", b"email\nyan@new.example\n")},
        )  # fmt: skip
        mine = await follow(client, started)
        await client.post("/logout", data={"csrf_token": csrf_of(mine.text)})
        await as_role(client, "admin")
        theirs = await client.get(started.headers["location"])
        made_up = await client.get("/imports/jobs/not-a-job")
        return mine, theirs, made_up

    mine, theirs, made_up = run(workspace, body)
    assert '<th scope="row">p.csv</th>' in mine.text
    assert theirs.status_code == 404 and made_up.status_code == 404
    assert "p.csv" not in theirs.text.split("<main")[1].split("Import log")[0]


def test_a_file_over_the_limit_is_refused_on_its_field_and_nothing_kept(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # the limit is 512 MB; a small one stands in for it, so the test sends kilobytes
    monkeypatch.setattr("leadsift.web.uploads.MAX_UPLOAD", 4096)
    # a temporary folder of this test's own: other tests' uploads come and go in the shared one
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    before = {t: count_rows(workspace, t) for t in TABLES}
    leftovers = set(Path(tempfile.gettempdir()).glob("leadsift-upload-*"))
    rows = b"email\n" + b"".join(b"p%d@big.example\n" % i for i in range(1000))
    got = _upload(workspace, "big.csv", rows)
    assert got.status_code == 413
    assert 'id="files-error"' in got.text
    assert "big.csv is over the 4 KB a file may have here" in got.text
    assert {t: count_rows(workspace, t) for t in TABLES} == before
    assert set(Path(tempfile.gettempdir()).glob("leadsift-upload-*")) == leftovers
