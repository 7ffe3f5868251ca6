"""Rich renderings of report figures for the terminal."""

from __future__ import annotations

from rich.table import Table

from leadsift.report.campaign_summary import CampaignFigures

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def money(amount: float | None, currency: str) -> str:
    if amount is None:
        return "-"
    symbol = _SYMBOLS.get(currency)
    digits = 2 if abs(amount) < 100 else 0
    text = f"{amount:,.{digits}f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def render_campaign_table(figures: list[CampaignFigures], currency: str) -> Table:
    table = Table(title="Campaigns: what they cost and what they reached")
    table.add_column("campaign")
    table.add_column("channel")
    for header in ("spend", "touches", "reach", "raw leads", "cost / lead", "cost / reach"):
        table.add_column(header, justify="right")
    for f in figures:
        table.add_row(
            f.campaign,
            f.channel or "-",
            money(f.spend, currency),
            f"{f.touches:,}",
            f"{f.reach:,}",
            f"{f.raw_leads:,}",
            money(f.cost_per_lead, currency),
            money(f.cost_per_reach, currency),
        )
    return table
