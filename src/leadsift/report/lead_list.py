"""The leads list for a terminal: one block per lead that fits an 80-column window, the
person and what to do first (stage, fit, intent, probability), the account and how to reach
them on the next line, and the reasons on lines of their own, strongest first."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadsift.export.lead import Lead

# reasons shown per lead; `leadsift people show ID` has them all
REASONS_SHOWN = 3


def _scores(lead: Lead) -> str:
    chance = "" if lead.probability is None else f" · P(meet) {lead.probability:.0%}"
    return f"{lead.stage.upper() if len(lead.stage) == 3 else lead.stage} · fit {lead.grade} " \
        f"{lead.fit} · intent {lead.intent}{chance}"  # fmt: skip


def _account(lead: Lead) -> list[str]:
    """The account line, and how to reach them (email and phone) on the next."""
    where = lead.account or lead.company or "no account"
    if lead.account_target:
        where += " (named target)"
    if lead.account_match == "weak":
        where += " (weak match: by company name)"
    reach = " · ".join(v for v in (lead.email, lead.phone) if v)
    return [where, reach] if reach else [where]


def render_leads(leads: Sequence[Lead], title: str) -> RenderableType:
    parts: list[RenderableType] = [Text(title, style="bold")]
    for rank, lead in enumerate(leads, start=1):
        name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or lead.email or "?"
        head = Table.grid(expand=True, padding=(0, 1))
        head.add_column(no_wrap=False, ratio=1)
        head.add_column(justify="right", no_wrap=True)
        who = Text(f"{rank:>2}. ", style="bold")
        who.append(name, style="bold")
        if lead.title:
            who.append(f", {lead.title}")
        head.add_row(who, Text(_scores(lead), style="cyan"))
        lines = [Text(line, style="dim") for line in _account(lead)]
        lines += [Text(f"→ {reason}") for reason in lead.reasons[:REASONS_SHOWN]]
        hidden = len(lead.reasons) - REASONS_SHOWN
        if hidden > 0:
            more = f"+ {hidden} more: leadsift people show {lead.person_id}"
            lines.append(Text(more, style="dim"))
        parts += [Text(""), head, Padding(Group(*lines), (0, 0, 0, 4))]
    if not leads:
        parts.append(Text("Nobody here yet.", style="dim"))
    return Group(*parts)
