"""The documentation covers every command and every setting (as datasette's docs tests do)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from pydantic import BaseModel

from leadsift.cli.main import build_app
from leadsift.config.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    root = typer.main.get_command(build_app())
    names: list[str] = []
    for name, command in getattr(root, "commands", {}).items():
        names.append(name)
        names.extend(f"{name} {sub}" for sub in getattr(command, "commands", {}))
    return names


def test_readme_starts_with_the_two_make_commands() -> None:
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    assert lines[0] == "# leadsift"
    assert lines[1:5] == ["```sh", lines[2], lines[3], "```"]
    assert lines[2].startswith("make demo") and lines[3].startswith("make test")


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text()
    top = command.split()[0]
    assert f"leadsift {top}" in readme, f"`leadsift {command}` is not documented in README.md"


def _setting_keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys.extend(_setting_keys(annotation, f"{prefix}{key}."))
        else:
            keys.append(f"{prefix}{key}")
    return keys


@pytest.mark.parametrize("key", _setting_keys(Settings))
def test_every_setting_is_documented(key: str) -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text()
    last = key.split(".")[-1]
    assert f"`{key}" in doc or f"`{last}`" in doc, f"setting {key} is not in docs/configuration.md"
