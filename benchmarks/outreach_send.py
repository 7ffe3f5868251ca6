"""Benchmark: sending --people personalised messages through a local SMTP server (aiosmtpd
in a process of its own, as a mail relay on the same machine would take them).

A fresh workspace with --people contacts (names, titles, companies, a webinar touch each)
is scored, everyone is enrolled in a one-email sequence (enrolment timed too), and
`run_outreach` renders, records, hands over and records back every message; the server
counts what arrived. Goal: 10,000 messages within 60 s. Median of --runs runs, each on a
fresh copy of the scored, enrolled workspace.

    .venv/bin/python -m benchmarks.outreach_send [--people 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from benchmarks.common import WORK
from leadsift.app.enrolment import Selection, enrol
from leadsift.app.imports import import_files
from leadsift.app.outreach_run import run_outreach
from leadsift.app.scores import score
from leadsift.app.session import open_session
from leadsift.workspace.workspace import find_workspace, init_workspace

GOAL_SECONDS = 60.0
NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)  # a Monday, 10:00 in New York
SEQUENCE = """
window = "00:00-23:59"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
daily_cap = 1000000
same_account_same_day = true
mailbox = "bench"
sender = { name = "Sam Seller", email = "sam@vendor.example" }

[[steps]]
type = "email"
subject = "{{ person.first_name }}, about {{ account.name or person.company }}"
text = \"\"\"Hi {{ person.first_name }},

I saw that you {{ reason }}. Teams like {{ person.company }} use us to cut no-shows.
Worth 15 minutes this week?

{{ sender.name }}\"\"\"
html = "<p>Hi {{ person.first_name }},</p><p>I saw that you {{ reason }}.</p>"
"""


class Counter:
    def __init__(self, received: Any) -> None:
        self.received = received  # a multiprocessing.Value the benchmark reads

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.received.get_lock():
            self.received.value += 1
        return "250 OK"


def _serve(port: int, received: Any, stop: Any) -> None:
    controller = Controller(Counter(received), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


def _workspace(folder: Path, people: int, port: int) -> Path:
    root = folder / "scored"
    if root.exists():
        shutil.rmtree(root)
    init_workspace(root)
    with (root / "leadsift.toml").open("a") as settings:
        settings.write(
            '\n[outreach]\npublic_url = "https://leads.vendor.example"\n'
            f'\n[mailboxes.bench]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
            'from_address = "sam@vendor.example"\ndaily_limit = 100000\n'
        )
    (root / "sequences").mkdir()
    (root / "sequences" / "bench.toml").write_text(SEQUENCE)
    contacts, touches = folder / "contacts.csv", folder / "touches.csv"
    with contacts.open("w") as out:
        out.write("email,first_name,last_name,title,company,domain,country\n")
        for i in range(people):
            out.write(f"p{i}@clinic{i % 2000}.example,Pat{i},Lee{i},Practice Manager,"
                      f"Clinic {i % 2000},clinic{i % 2000}.example,US\n")  # fmt: skip
    with touches.open("w") as out:
        out.write("touch_id,campaign,channel,kind,occurred_at,email\n")
        for i in range(people):
            out.write(f"t{i},webinar,webinar,attend,2026-11-20T15:00:00Z,"
                      f"p{i}@clinic{i % 2000}.example\n")  # fmt: skip
    with open_session(find_workspace(root)) as session:
        import_files(session, "contacts", [contacts])
        import_files(session, "touches", [touches])
        score(session)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = WORK / "outreach_send"
    folder.mkdir(parents=True, exist_ok=True)
    from tests.helpers import free_port

    port = free_port()
    received, stop = multiprocessing.Value("i", 0), multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(port, received, stop), daemon=True)
    server.start()
    time.sleep(1.0)  # the server's start-up
    try:
        started = time.perf_counter()
        scored = _workspace(folder, args.people, port)
        print(f"workspace of {args.people:,} scored people: {time.perf_counter() - started:.1f} s")
        enrol_times, send_times = [], []
        for run in range(args.runs):
            copy = folder / f"run{run}"
            if copy.exists():
                shutil.rmtree(copy)
            shutil.copytree(scored, copy)
            with open_session(find_workspace(copy)) as session:
                started = time.perf_counter()
                plan = enrol(session, "bench", Selection(stage="engaged+"), write=True, now=NOW)
                enrol_times.append(time.perf_counter() - started)
                before = received.value
                started = time.perf_counter()
                # when every first email is due (the spread puts them across the window)
                due = max(c.starts_at for c in plan.enrolled if c.starts_at) + timedelta(seconds=1)
                result = run_outreach(session, now=due)
                send_times.append(time.perf_counter() - started)
            arrived = received.value - before
            print(f"run {run + 1}: enrolled {len(plan.enrolled):,} in {enrol_times[-1]:.1f} s; "
                  f"sent {result.sent:,} (server received {arrived:,}) in {send_times[-1]:.1f} s"
                  f"; errors {len(result.errors)}")  # fmt: skip
            shutil.rmtree(copy)
    finally:
        stop.set()
        server.join(10)
    median = statistics.median(send_times)
    verdict = "met" if median <= GOAL_SECONDS else "MISSED"
    print(f"\nenrolment: median {statistics.median(enrol_times):.1f} s")
    print(f"sending {args.people:,} personalised messages: median {median:.1f} s "
          f"(goal <= {GOAL_SECONDS:.0f} s: {verdict}); "
          f"{args.people / median:,.0f} messages/s")  # fmt: skip


if __name__ == "__main__":
    main()
