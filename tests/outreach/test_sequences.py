"""Sequence files: read and checked (each problem names the file and the key), every step
rendered for a sample person in Jinja2's sandbox, a template naming a field that does not
exist refused with its step and line, HTML escaped, and waits counted in the recipient's
business days (against a day-by-day reference)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadsift.app.scores import score
from leadsift.app.sequences import check_sequence
from leadsift.app.session import Session, open_session
from leadsift.outreach.business_days import add_business_days, zone_for
from leadsift.outreach.sequence_files import SequenceError, read_sequence
from leadsift.workspace.workspace import Workspace
from tests.helpers import import_texts, invoke
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES

GOOD = '''
window = "08:30-16:00"
days = ["mon", "tue", "wed", "thu"]
daily_cap = 30
sender = { name = "Sam Seller", email = "sam@vendor.example" }

[[steps]]
type = "email"
subject = """{{ person.first_name }}, about {{ account.name }}
 and you"""
text = """Hi {{ person.first_name }},

I noticed you {{ reason }}.
{{ sender.name }}"""
html = "<p>Hi {{ person.first_name }} at {{ account.name }}</p>"

[[steps]]
type = "wait"
business_days = 3

[[steps]]
type = "call"
note = "Call {{ person.name }} ({{ person.title }}) at {{ person.phone }}"
'''


def _write(root: Path, name: str, text: str) -> Path:
    folder = root / "sequences"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


@pytest.fixture
def scored(sqlite_workspace: Workspace, tmp_path: Path) -> Session:
    with open_session(sqlite_workspace) as session:
        import_texts(session, tmp_path, [("accounts", ACCOUNTS), ("contacts", CONTACTS),
                                         ("touches", TOUCHES)])  # fmt: skip
        score(session)
        return session


def test_every_step_renders_for_the_sample_person(scored: Session) -> None:
    _write(scored.workspace.root, "clinics", GOOD)
    checked = check_sequence(scored, "clinics", person="ann@riversidefp.example")
    email, call = checked.rendered
    assert email.parts["subject"] == "Ann, about Riverside Family Practice and you"
    assert email.parts["text"].startswith("Hi Ann,\n\nI noticed you ")
    # the reason to call now is a dated activity, without its points
    assert "on a call, today." in email.parts["text"] and ": +" not in email.parts["text"]
    assert email.parts["text"].endswith("Sam Seller")
    assert call.parts["note"].startswith("Call Ann Kim (Office Mgr, Family Medicine) at ")
    assert checked.sequence.days == ("mon", "tue", "wed", "thu")
    assert [s.business_days for s in checked.sequence.steps if s.kind == "wait"] == [3]


def test_a_missing_field_is_refused_with_its_step_and_line(scored: Session) -> None:
    text = GOOD.replace("{{ sender.name }}", "{{ person.nickname }}")
    path = _write(scored.workspace.root, "bad", text)
    with pytest.raises(SequenceError) as refused:
        check_sequence(scored, "bad")
    message = str(refused.value)
    assert message.startswith(f"{path}: step 1 (email) text, line 4: person.nickname")
    assert "person has first_name, last_name" in message
    _write(scored.workspace.root, "typo", GOOD.replace("{{ reason }}", "{{ reasn }}"))
    with pytest.raises(SequenceError, match=r"'reasn' is not a name \(use person, account"):
        check_sequence(scored, "typo")
    _write(scored.workspace.root, "syntax", GOOD.replace("{{ reason }}", "{{ reason }"))
    with pytest.raises(SequenceError, match=r"step 1 \(email\) text, line 3: unexpected"):
        check_sequence(scored, "syntax")


def test_templates_cannot_reach_python_and_html_is_escaped(scored: Session) -> None:
    sneaky = GOOD.replace("{{ sender.name }}", "{{ person.__class__.__mro__[1].__subclasses__() }}")
    _write(scored.workspace.root, "sneaky", sneaky)
    with pytest.raises(SequenceError):
        check_sequence(scored, "sneaky")
    from leadsift.outreach.sequence_files import read_sequence as read
    from leadsift.outreach.templates import context, render_step

    sequence = read(_write(scored.workspace.root, "plain", GOOD))
    values = context({"first_name": "<b>Eve</b>"}, {"name": "A&B"}, {}, "")
    html = render_step(sequence, sequence.steps[0], values).parts
    assert html["html"] == "<p>Hi &lt;b&gt;Eve&lt;/b&gt; at A&amp;B</p>"
    assert html["text"].startswith("Hi <b>Eve</b>,")  # the text part is not HTML


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('type = "wait"\nbusiness_days = 3', 'type = "wait"\nbusiness_days = 0'),
         r"steps\[2\].business_days: 0 is not a whole number 1-60"),
        (('type = "call"', 'type = "fax"'), r"steps\[3\].type: 'fax': choose one of email"),
        (('window = "08:30-16:00"', 'window = "16:00-08:30"'), "window: '16:00-08:30' ends"),
        (("daily_cap = 30", "daily_cap = 0"), "daily_cap: 0 is not a whole number"),
        (("daily_cap = 30", "daily_cap = 30\nspeed = 3"), "top level: unknown key"),
        (('days = ["mon", "tue", "wed", "thu"]', 'days = ["mon", "funday"]'), "days: "),
        (("subject = ", "subjekt = "), r"unknown key\(s\) for a email step: subjekt"),
        (("daily_cap = 30", "daily_cap = = 30"), r"not valid TOML: .*line 4"),
    ],
)  # fmt: skip
def test_bad_sequence_files_name_the_file_and_key(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = _write(tmp_path, "s", GOOD.replace(*change))
    with pytest.raises(SequenceError, match=message) as refused:
        read_sequence(path)
    assert str(refused.value).startswith(str(path))


def test_the_cli_checks_and_lists(scored: Session, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(scored.workspace.root)
    _write(scored.workspace.root, "clinics", GOOD)
    shown = invoke(capsys, "--workspace", root, "sequences", "check", "clinics")
    assert shown.exit_code == 0, shown.stderr
    assert "every step renders" in shown.stdout and "step 3: call" in shown.stdout
    assert max(len(line) for line in shown.stdout.splitlines()) <= 80
    listed = invoke(capsys, "--workspace", root, "sequences", "list")
    assert "clinics" in listed.stdout and "wait 3d" in listed.stdout
    _write(scored.workspace.root, "bad", GOOD.replace("{{ reason }}", "{{ person.age }}"))
    bad = invoke(capsys, "--workspace", root, "sequences", "check", "bad")
    assert bad.exit_code == 1 and "person.age is not a field" in bad.stderr


def _reference(start: datetime, days: int, zone: str, working: set[int]) -> datetime:
    """Day by day, as a person counts on a calendar."""
    local = start.astimezone(zone_for(None, zone))
    day, counted = local, 0
    while counted < days:
        day = day + timedelta(days=1)
        day = day.replace(tzinfo=None).replace(tzinfo=zone_for(None, zone))
        if day.weekday() in working:
            counted += 1
    while day.weekday() not in working:
        day = (day + timedelta(days=1)).replace(tzinfo=None).replace(tzinfo=zone_for(None, zone))
    return day.astimezone(UTC)


@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    st.integers(1, 15),
    st.sampled_from(["America/New_York", "Europe/Paris", "Asia/Tokyo", "UTC"]),
)
def test_business_days_agree_with_a_calendar(start: datetime, days: int, zone: str) -> None:
    aware = start.replace(tzinfo=UTC)
    moved = add_business_days(aware, days, zone_for(None, zone))
    assert moved == _reference(aware, days, zone, {0, 1, 2, 3, 4})
    assert moved.astimezone(zone_for(None, zone)).weekday() < 5


def test_waits_count_the_recipients_working_week_not_the_sending_days(tmp_path: Path) -> None:
    from leadsift.outreach.send_schedule import after_waits, next_slot, slot_rng

    week = '["mon", "tue", "wed", "thu", "fri", "sat", "sun"]'
    every_day = GOOD.replace('days = ["mon", "tue", "wed", "thu"]', f"days = {week}")
    sequence = read_sequence(_write(tmp_path, "daily", every_day))
    zone = zone_for("US")
    friday = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)  # 10:00 in New York
    position, earliest = after_waits(sequence, 2, friday, zone)  # wait 3 business days
    # Monday, Tuesday, Wednesday: a count of the sending days would give Monday
    assert position == 3 and earliest.astimezone(zone).strftime("%a %H:%M") == "Wed 10:00"
    # a sequence sending Monday to Thursday: a wait ending on a Monday goes out that Monday
    mon_thu = read_sequence(_write(tmp_path, "mon-thu", GOOD))
    wednesday = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    _, due = after_waits(mon_thu, 2, wednesday, zone)  # Thursday, Friday, Monday
    assert due.astimezone(zone).strftime("%a %d") == "Mon 07"
    slot = next_slot(mon_thu, due, zone, slot_rng(1, 3))
    assert slot.astimezone(zone).strftime("%a %d") == "Mon 07"
