"""Help text that reads well at any terminal width.

Docstrings are wrapped at the source's width (100 columns); Typer keeps their single line
breaks, so at 80 columns each long source line wraps and then breaks again where the source
did, leaving ragged half-lines. Each prose paragraph is joined into one line here and
wrapped by the terminal; example blocks (indented) and list items keep their lines."""

from __future__ import annotations

import inspect

import typer

_ITEM = ("- ", "* ", "• ")


def reflow(text: str) -> str:
    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        lines = paragraph.split("\n")
        if any(line.startswith(" ") for line in lines) or paragraph.startswith("\b"):
            paragraphs.append(paragraph)  # an example block: as written
            continue
        joined: list[str] = []
        for line in lines:
            if joined and not line.lstrip().startswith(_ITEM):
                joined[-1] = f"{joined[-1]} {line.strip()}"
            else:
                joined.append(line.strip())
        paragraphs.append("\n".join(joined))
    return "\n\n".join(paragraphs)


def reflow_all(app: typer.Typer) -> None:
    """Every command's and group's help, reflowed (the app's own, its groups', theirs)."""
    if isinstance(app.info.help, str):
        app.info.help = reflow(app.info.help)
    for command in app.registered_commands:
        text = command.help or (inspect.getdoc(command.callback) if command.callback else None)
        if text:
            command.help = reflow(text)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            reflow_all(group.typer_instance)
        if isinstance(group.help, str):
            group.help = reflow(group.help)
