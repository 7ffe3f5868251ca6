"""Help reads well at 80 columns: prose paragraphs are reflowed (no half-lines where the
source wrapped), example blocks and list items keep their lines, and no word is lost."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadsift.cli.help_text import reflow
from tests.helpers import invoke

SOURCE = """Generate a realistic demo workspace.

The scenario is a vendor serving healthcare practices: a viral video, a
targeted email sequence, a webinar.

- one item
  continued
- another

Example:

    leadsift demo demo-workspace --size small
    leadsift report
"""


def test_prose_is_joined_and_examples_and_items_are_kept() -> None:
    paragraphs = reflow(SOURCE).split("\n\n")
    assert paragraphs[1] == (
        "The scenario is a vendor serving healthcare practices: a viral video, a "
        "targeted email sequence, a webinar."
    )
    assert paragraphs[2] == "- one item\n  continued\n- another"  # indented: kept
    assert paragraphs[4] == "    leadsift demo demo-workspace --size small\n    leadsift report"


words = st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=8), min_size=1, max_size=30)


@given(st.lists(words, min_size=1, max_size=6))
def test_no_word_is_lost_or_moved(lines: list[list[str]]) -> None:
    text = "\n".join(" ".join(line) for line in lines)
    assert reflow(text).split() == text.split()


@pytest.mark.parametrize("command", [("demo",), ("people", "erase"), ("import", "contacts")])
def test_help_at_80_columns_has_no_ragged_lines(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    shown = invoke(capsys, *command, "--help").stdout.split("\n")
    prose = [line.rstrip() for line in shown[3:] if not line.startswith(("╭", "│", "╰"))]
    for line, after in itertools.pairwise(prose):
        text, following = line.strip(), after.strip()
        if not text or not following or line.startswith("     ") or after.startswith("     "):
            continue  # a paragraph's end, or an example block
        # a ragged break: the next line's first word would have fitted on this one
        assert len(text) + 1 + len(following.split()[0]) > 77, (line, after)
