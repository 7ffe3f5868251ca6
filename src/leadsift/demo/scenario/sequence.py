"""The demo's outreach sequence: a starting point a team copies, for the people the demo
finds at its named accounts (`leadsift enrol named-accounts --stage sql`)."""

from __future__ import annotations

from pathlib import Path

NAME = "named-accounts"
SEQUENCE = '''# An outreach sequence: docs/outreach.md. Check it with
#   leadsift sequences check named-accounts
window = "09:00-16:30"                  # in each recipient's time zone
days = ["mon", "tue", "wed", "thu"]
daily_cap = 40
same_account_same_day = false
stop_on_colleague_reply = true
timezone = "America/New_York"           # for people whose country is unknown
sender = { name = "Sam Seller", email = "sam@vendor.example" }

[[steps]]
type = "email"
subject = "{{ person.first_name }}, scheduling at {{ account.name or person.company }}"
text = """Hi {{ person.first_name }},

I saw that you {{ reason }}. Practices like {{ account.name or person.company }} use
us to cut no-shows by a third without adding front-desk work.

Would a 15-minute call next week be useful?

{{ sender.name }}"""
html = """<p>Hi {{ person.first_name }},</p>
<p>I saw that you {{ reason }}. Practices like {{ account.name or person.company }} use
us to cut no-shows by a third without adding front-desk work.</p>
<p>Would a 15-minute call next week be useful?</p>
<p>{{ sender.name }}</p>"""

[[steps]]
type = "wait"
business_days = 3

[[steps]]
type = "email"
subject = "Re: scheduling at {{ account.name or person.company }}"
text = """Hi {{ person.first_name }}, a short follow-up: is no-show rate something you
are looking at this quarter? If someone else owns it, who should I talk to?

{{ sender.name }}"""

[[steps]]
type = "wait"
business_days = 2

[[steps]]
type = "call"
note = "Call {{ person.name }} ({{ person.title }}) at {{ person.phone }}: {{ reason }}"
'''


def write_sequence(root: Path) -> Path:
    folder = root / "sequences"
    folder.mkdir(exist_ok=True)
    path = folder / f"{NAME}.toml"
    path.write_text(SEQUENCE, encoding="utf-8")
    return path
