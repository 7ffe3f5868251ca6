"""Errors of the application layer: bad input named by the option (or field) it came in."""

from __future__ import annotations

from leadsift.domain.errors import LeadsiftError


class BadOption(LeadsiftError):
    """A value the caller gave is not one the function accepts. `option` names it as the
    command line spells it (`--stage`); the CLI reports it as a usage error (exit 2), the
    service as a 422 on that field. `detail` says what is wrong, without the option."""

    def __init__(self, option: str, detail: str) -> None:
        super().__init__(f"{option}: {detail}")
        self.option = option
        self.detail = detail
