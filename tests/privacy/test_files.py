"""Finding an erased person's identifiers in the workspace's files: whole tokens, not parts
of longer ones; forms with spaces by substring; text rewritten without their lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from leadsift.privacy.files import _Needles, scrub_folder

EMAILS = ["ann@x.example", "bo@y.example", "cy@z.example"]
SEPARATORS = [",", " ", ";", '"', ":", "\t", "|"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([*EMAILS, "joann@x.example", "word", "2026-05-01"]),
            st.sampled_from(SEPARATORS),
        ),
        max_size=12,
    ),
    st.sets(st.sampled_from(EMAILS), min_size=1),
)
def test_a_line_holds_a_form_exactly_when_a_token_is_one(
    parts: list[tuple[str, str]], wanted: set[str]
) -> None:
    line = "".join(word + sep for word, sep in parts).upper().encode()
    expected = any(word in wanted for word, _ in parts)  # "joann@" is not "ann@"
    assert _Needles(wanted).found(line) is expected


def test_text_files_lose_the_lines_and_other_files_go(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    export = tmp_path / "exports" / "calls.csv"
    export.write_text("email,name\nANN@x.example,Ann\njoann@x.example,Jo\n")
    binary = tmp_path / "snapshot.bin"
    binary.write_bytes(b"\0\1ann@x.example\0")
    untouched = tmp_path / "notes.txt"
    untouched.write_text("nothing about her\n")
    changed = scrub_folder(tmp_path, ["ann@x.example", "+1 555 010 0001"])
    assert sorted(changed) == ["exports/calls.csv", "snapshot.bin"]
    assert export.read_text() == "email,name\njoann@x.example,Jo\n"
    assert not binary.exists() and untouched.read_text() == "nothing about her\n"
