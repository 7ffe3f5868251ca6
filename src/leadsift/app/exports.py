"""Exports for the people who act on leads: a call list, an email segment, a CRM import
file. Each selects leads, writes them to a stream or a file and returns the rows written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from leadsift.app.audit import note
from leadsift.app.errors import BadOption
from leadsift.app.leads import select
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.domain.stages import Stage
from leadsift.export.lead import Lead
from leadsift.export.writers import (
    CrmFormat,
    replied_first,
    write_call_list,
    write_crm,
    write_segment,
)
from leadsift.scoring.leads import LeadFilter

# who a call list calls unless told otherwise
CALL_STAGES = ("engaged", "mql", "sql", "nurture")
# a segment of every stage but the disqualified, a CRM file of MQLs and later
SEGMENT_STAGES = tuple(s.value for s in Stage if s is not Stage.DISQUALIFIED)
CRM_STAGES = ("mql+",)
CRM_FORMATS: tuple[CrmFormat, ...] = ("hubspot", "salesforce")
QUOTE_CHARS = 300  # of a reply on the call list: enough to call back on, one cell

Output = Path | TextIO
Writer = Callable[[Sequence[Lead], TextIO], int]


def reachable(session: Session, leads: Sequence[Lead]) -> list[Lead]:
    """The leads an export may name: never a suppressed person (erased or do-not-contact),
    one who unsubscribed, or one whose sources say consent was withdrawn (an opt-out)."""
    import sqlalchemy as sa

    from leadsift.privacy.suppression import SuppressionFilter
    from leadsift.store import schema

    t = schema.touches
    with session.reading() as connection:
        listed = SuppressionFilter.load(connection)
        ids = [lead.person_id for lead in leads]
        gone: set[int] = set()
        for start in range(0, len(ids), 2_000):
            gone |= {int(r[0]) for r in connection.execute(
                sa.select(t.c.person_id).where(
                    t.c.kind == "unsubscribe", t.c.person_id.in_(ids[start : start + 2_000])
                ).distinct()
            )}  # fmt: skip
    kept = [lead for lead in leads if lead.person_id not in gone and not lead.consent_withdrawn]
    if listed is None:
        return kept
    import pandas as pd

    frame = pd.DataFrame({"email": [lead.email for lead in kept],
                          "phone": [lead.phone for lead in kept]})  # fmt: skip
    hit: Sequence[bool] = list(listed.rows(frame)) if len(frame) else []
    return [lead for lead, suppressed in zip(kept, hit, strict=True) if not suppressed]


def check_bases(bases: Sequence[str]) -> tuple[str, ...]:
    """Lawful bases to select by (LAWFUL_BASES, or "none": no basis stated); another
    spelling is a BadOption naming the known ones."""
    from leadsift.domain.consent import LAWFUL_BASES

    known = (*LAWFUL_BASES, "none")
    for basis in bases:
        if basis not in known:
            raise BadOption("--basis", f"{basis!r}: choose one of {', '.join(known)}")
    return tuple(bases)


def write_leads(
    session: Session,
    wanted: LeadFilter,
    out: Output,
    write: Writer,
    action: str,
    by: str | None = None,
) -> int:
    """Select the leads (before anything is written) and write them to `out`: a stream, or
    a file created as UTF-8 with a byte-order mark (Excel reads accented names right only
    with one). A file that cannot be written is a LeadsiftError. The export is then noted
    in the audit log as `action` (rows, file name, stages; no one's identifiers)."""
    leads = reachable(session, select(session, wanted))
    if not isinstance(out, Path):
        written = write(leads, out)
    else:
        try:
            with out.open("w", encoding="utf-8-sig", newline="") as stream:
                written = write(leads, stream)
        except OSError as exc:
            raise LeadsiftError(f"cannot write {out}: {exc.strerror}") from None
    note(session, action, {
        "rows": written, "to": out.name if isinstance(out, Path) else "stream",
        "stages": list(wanted.stages), "bases": list(wanted.bases),
    }, by)  # fmt: skip
    return written


def positive_replies(session: Session, people: Sequence[int]) -> dict[int, str]:
    """By person, newest first: their latest reply that asked for more (interested,
    question), on one line, cut to QUOTE_CHARS (the CSV writer neutralises it)."""
    import sqlalchemy as sa

    from leadsift.scoring.intent import POSITIVE_INTENTS
    from leadsift.store import schema

    r = schema.replies
    rows: list[Any] = []
    wanted = sorted(set(people))
    with session.reading() as connection:
        for start in range(0, len(wanted), 2_000):
            rows += connection.execute(
                sa.select(r.c.person_id, r.c.text, r.c.received_at, r.c.id).where(
                    r.c.intent.in_(POSITIVE_INTENTS),
                    r.c.person_id.in_(wanted[start : start + 2_000]),
                )
            ).all()
    found: dict[int, str] = {}
    for row in sorted(rows, key=lambda row: (row.received_at, row.id), reverse=True):
        found.setdefault(int(row.person_id), _quote(row.text or ""))
    return found


def _quote(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= QUOTE_CHARS else line[: QUOTE_CHARS - 1].rstrip() + "…"


def export_call_list(
    session: Session,
    out: Output,
    *,
    stages: Sequence[str] = CALL_STAGES,
    limit: int | None = None,
    bases: Sequence[str] = (),
    by: str | None = None,
) -> int:
    """A telemarketing call list: people at named target accounts, in the target market,
    with a phone number, best first, each with the reason to call now. People whose latest
    reply asked for more (interested, question) come first, newest reply first, with the
    reply quoted; `limit` counts after that order."""
    wanted = LeadFilter(
        stages=tuple(stages) or CALL_STAGES, named_accounts_only=True, in_target_only=True,
        bases=check_bases(bases),
    )  # fmt: skip

    def write(leads: Sequence[Lead], stream: TextIO) -> int:
        quotes = positive_replies(session, [lead.person_id for lead in leads])
        chosen = replied_first(leads, quotes)
        return write_call_list(chosen if limit is None else chosen[:limit], stream, quotes)

    return write_leads(session, wanted, out, write, "export.calls", by)


def export_segment(
    session: Session,
    out: Output,
    *,
    stages: Sequence[str] = (),
    campaign: str | None = None,
    in_target: bool = False,
    bases: Sequence[str] = (),
    by: str | None = None,
) -> int:
    """An email segment: people with an email address, best first (no stages: every stage
    but disqualified)."""
    wanted = LeadFilter(
        stages=tuple(stages) or SEGMENT_STAGES, campaign=campaign, in_target_only=in_target,
        bases=check_bases(bases),
    )  # fmt: skip
    return write_leads(session, wanted, out, write_segment, "export.segment", by)


def check_crm_format(fmt: str) -> CrmFormat:
    """`hubspot` or `salesforce`; anything else is a BadOption."""
    if fmt == "hubspot":
        return "hubspot"
    if fmt == "salesforce":
        return "salesforce"
    raise BadOption("--format", "choose hubspot or salesforce")


def export_crm(
    session: Session,
    out: Output,
    fmt: str,
    *,
    stages: Sequence[str] = (),
    bases: Sequence[str] = (),
    by: str | None = None,
) -> int:
    """A CRM import file (HubSpot contacts, Salesforce leads) with the column names its
    importer expects, with stage, scores and reasons (no stages: MQL or later)."""
    chosen = check_crm_format(fmt)
    wanted = LeadFilter(stages=tuple(stages) or CRM_STAGES, bases=check_bases(bases))
    return write_leads(
        session,
        wanted,
        out,
        lambda leads, stream: write_crm(leads, stream, chosen),
        f"export.{chosen}",
        by,
    )
