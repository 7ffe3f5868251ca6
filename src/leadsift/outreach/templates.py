"""A sequence's templates rendered for one person: Jinja2 in its sandbox (a template cannot
reach Python's internals), strict about names (a field that does not exist is an error
naming it, the step and the template's line, never an empty gap in a sent email), the HTML
part autoescaped (a name is shown as text, never as markup), the text part as written.

The fields a template may use are fixed, whatever the sample person has: `person` (FIELDS
below), `account`, `sender` and `reason` (the reason to call now). A field that exists but
is empty for this person renders as nothing."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from leadsift.outreach.sequence_files import Sequence, SequenceError, Step

FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("first_name", "last_name", "name", "title", "email", "phone", "company",
               "country", "stage"),
    "account": ("name", "domain", "tier", "country", "named"),
    "sender": ("name", "email"),
}  # fmt: skip


class Fields(dict[str, Any]):
    """The values of one kind of thing (person, account, sender), with its name for
    messages."""

    def __init__(self, label: str, values: dict[str, Any]) -> None:
        super().__init__({key: values.get(key) for key in FIELDS[label]})
        self.label = label


class _Missing(jinja2.StrictUndefined):
    @property
    def _undefined_message(self) -> str:
        owner = self._undefined_obj
        if isinstance(owner, Fields):
            known = ", ".join(FIELDS[owner.label])
            return (
                f"{owner.label}.{self._undefined_name} is not a field ({owner.label} has {known})"
            )
        if self._undefined_name is not None and owner is jinja2.utils.missing:
            return f"{self._undefined_name!r} is not a name (use person, account, sender, reason)"
        return super()._undefined_message


def _finalize(value: Any) -> Any:
    return "" if value is None else value


_TEXT = SandboxedEnvironment(undefined=_Missing, finalize=_finalize, autoescape=False)
_HTML = SandboxedEnvironment(undefined=_Missing, finalize=_finalize, autoescape=True)


@dataclass(frozen=True)
class Rendered:
    step: int
    kind: str
    parts: dict[str, str]  # subject, text, html; or note


def context(
    person: dict[str, Any], account: dict[str, Any], sender: dict[str, Any], reason: str
) -> dict[str, Any]:
    return {
        "person": Fields("person", person), "account": Fields("account", account),
        "sender": Fields("sender", sender), "reason": reason,
    }  # fmt: skip


@functools.lru_cache(maxsize=512)
def _compiled(html: bool, source: str) -> jinja2.Template:
    """A template compiled once per run of many people: compiling costs far more than
    rendering."""
    return (_HTML if html else _TEXT).from_string(source)


def _line_of(error: BaseException) -> int | None:
    tb = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_step(sequence: Sequence, step: Step, values: dict[str, Any]) -> Rendered:
    """One step's templates; a SequenceError names file, step, part, line and the name."""
    parts: dict[str, str] = {}
    for part, source in step.templates.items():
        where = f"{sequence.path}: step {step.number} ({step.kind}) {part}"
        try:
            parts[part] = _compiled(part == "html", source).render(values)
        except jinja2.TemplateSyntaxError as exc:
            raise SequenceError(f"{where}, line {exc.lineno}: {exc.message}") from None
        except jinja2.UndefinedError as exc:
            line = _line_of(exc)
            at = f", line {line}" if line else ""
            raise SequenceError(f"{where}{at}: {exc.message}") from None
        except jinja2.exceptions.SecurityError as exc:
            raise SequenceError(f"{where}: not allowed in a template: {exc}") from None
    if "subject" in parts:
        parts["subject"] = " ".join(parts["subject"].split())  # one line, as a header must be
    return Rendered(step.number, step.kind, parts)


def render_sequence(sequence: Sequence, values: dict[str, Any]) -> list[Rendered]:
    """Every step but the waits, rendered (the first error stops and names itself)."""
    return [render_step(sequence, s, values) for s in sequence.steps if s.kind != "wait"]
