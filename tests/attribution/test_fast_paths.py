"""The fast paths of `attribution journeys` against the slow ones they stand in for.

- Reading: pyarrow's block-by-block reader of a CSV path table gives exactly the journeys of
  the row-by-row pandas reader (labels in the same order, the same codes, offsets and numbers),
  and declines (None) every file that that one refuses, on random tables written in every
  dialect the readers take (delimiters, quoting, CRLF, blank lines, whitespace round the
  separator, column names in any case, decimals) with and without a bad cell.
- Markov: the chain counted in blocks, by keyed runs in a table or sorted, or by rows of codes,
  is the chain counted journey by journey in plain Python; removal effects by state
  elimination equal those of SciPy's sparse LU.
- Neither pandas nor SciPy is imported to read a path table and credit it by Markov order 1
  or 2 (importing them would take longer than the whole computation on a small file).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.attribution import (
    JourneyFileError,
    JourneySet,
    estimate_chain,
    pathfile,
    read_path_table,
    removal_effects,
)
from leadsift.attribution import markov as markov_module
from tests.attribution.reference import chain_counts

# --- reading -----------------------------------------------------------------------------------

LABELS = ("a", "b", "email", "Web Inar", "é-mail", "x,y", 'say "hi"', "tab\there")
SPACES = ("", " ", "  ", "\t", "\u00a0", "\u2003")  # str.strip takes all of these
PROBLEMS = ("none", "empty path", "empty channel", "negative", "not a number", "no count",
            "unearned value", "nan", "blank path")  # fmt: skip


def _slow(file: Path, separator: str = ">") -> JourneySet:
    frame, _ = pathfile._read_csv(file, str(file))
    return pathfile.journeys_from_table(frame, str(file), separator)


def _same(a: JourneySet, b: JourneySet) -> None:
    assert a.labels == b.labels
    for column in ("codes", "offsets", "conversions", "value", "nulls"):
        assert np.array_equal(getattr(a, column), getattr(b, column)), column


def _number(draw: st.DrawFn, whole: bool) -> str:
    if whole:
        return str(draw(st.integers(0, 40)))
    x = draw(st.floats(0, 1e6, allow_nan=False))
    return draw(st.sampled_from([f"{x:.3f}", f"{x:.17g}", f"{x:e}", repr(x)]))


@st.composite
def path_tables(draw: st.DrawFn) -> tuple[str, str, str]:
    """CSV text of a path table, the problem planted in it (or "none") and the separator."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    separator = draw(st.sampled_from([">", "->"]))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    quote_all = draw(st.booleans())
    optional = [c for c in ("total_conversion_value", "total_null") if draw(st.booleans())]
    columns = ["path", "total_conversions", *optional]
    if draw(st.booleans()):
        columns.insert(draw(st.integers(0, len(columns))), "campaign")  # a column not ours
    header = [c.upper() if draw(st.booleans()) else c for c in columns]
    rows: list[dict[str, str]] = []
    for _ in range(draw(st.integers(1, 12))):
        parts = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=5))
        joined = ""
        for i, part in enumerate(parts):
            if i:
                joined += draw(st.sampled_from(SPACES)) + separator + draw(st.sampled_from(SPACES))
            joined += part
        conversions = draw(st.integers(0, 5))
        whole = draw(st.booleans())
        row = {
            "path": draw(st.sampled_from(SPACES)) + joined,
            "total_conversions": str(conversions) if whole else _number(draw, False),
            "total_conversion_value": (_number(draw, False) if conversions else "0")
            if draw(st.booleans()) or not conversions else "",
            "total_null": draw(st.sampled_from(["", "0", "3", "12"])),
            "campaign": draw(st.sampled_from(["", "spring", "x;y|z"])),
        }  # fmt: skip
        if row["total_conversions"] in ("0", "0.000") or float(row["total_conversions"]) == 0:
            row["total_conversion_value"] = draw(st.sampled_from(["", "0"]))
        rows.append(row)
    problem = draw(st.sampled_from(PROBLEMS)) if draw(st.booleans()) else "none"
    bad = rows[draw(st.integers(0, len(rows) - 1))]
    if problem == "empty path":
        bad["path"] = draw(st.sampled_from(["", " ", "\u00a0"]))
    elif problem == "empty channel":
        bad["path"] = f"a {separator} {draw(st.sampled_from(SPACES))} {separator} b"
    elif problem == "negative":
        bad["total_conversions"] = "-1"
    elif problem == "not a number":
        bad["total_conversions"] = draw(st.sampled_from(["x", "1,5", "NA", "0x10", "1_0"]))
    elif problem == "no count":
        bad["total_conversions"] = draw(st.sampled_from(["", " "]))
    elif problem == "unearned value" and "total_conversion_value" in columns:
        bad["total_conversions"], bad["total_conversion_value"] = "0", "5"
    elif problem == "nan" and optional:
        bad[optional[0]] = draw(st.sampled_from(["nan", "inf", "-inf", "NaN"]))
    elif problem == "blank path":
        bad["path"] = ""
        for column in columns[1:]:
            bad[column] = ""  # a row of nothing: a blank line to pandas, skipped
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=end,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)  # fmt: skip
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[c] for c in columns])
        if draw(st.integers(0, 6)) == 0:
            out.write(end)  # a blank line
    return out.getvalue(), problem, separator


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path_tables())
def test_the_fast_reader_gives_the_slow_readers_journeys_or_steps_aside(
    table: tuple[str, str, str],
) -> None:
    text, problem, separator = table
    with _file(text) as file:
        fast = pathfile._fast_csv(file, str(file), separator)
        try:
            slow = _slow(file, separator)
        except JourneyFileError:
            assert fast is None  # the fast reader never takes a file the slow one refuses
            return
        if fast is not None:
            _same(fast, slow)
        assert fast is not None or problem != "none", "a clean table read the slow way"
        _same(read_path_table(file, separator), slow)


@contextmanager
def _file(text: str) -> Iterator[Path]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "paths.csv"
        file.write_bytes(text.encode("utf-8"))
        yield file


def test_many_blocks_number_labels_in_order_of_first_appearance(tmp_path: Path) -> None:
    # labels first seen in late blocks, and parts written differently ("c3", " c3 ") in
    # different blocks: one label each, numbered as the row-by-row reader numbers them
    rng = np.random.default_rng(15)
    lines = ["path,total_conversions,total_conversion_value,total_null"]
    for row in range(3000):
        channels = rng.integers(0, 3 + row // 300, rng.integers(1, 8))
        spaces = rng.choice(["", " ", "  "], len(channels))
        path = ">".join(f"{s}c{c}{s[::-1]}" for s, c in zip(spaces, channels, strict=True))
        conversions = int(rng.integers(0, 3))
        value = f"{rng.gamma(2, 30):.2f}" if conversions else ""
        lines.append(f"{path},{conversions},{value},{int(rng.integers(0, 4))}")
    file = tmp_path / "paths.csv"
    file.write_text("\n".join(lines) + "\n")
    with mock.patch.object(pathfile, "_BLOCK_BYTES", 4096):
        fast = pathfile._fast_csv(file, str(file), ">")
    assert fast is not None and len(fast.labels) == 12
    _same(fast, _slow(file))


def test_a_bad_cell_in_a_late_block_is_named_by_line(tmp_path: Path) -> None:
    lines = ["path,total_conversions"] + [f"a > b{i % 7},1" for i in range(2000)]
    lines[1700] = "a > b,-4"
    file = tmp_path / "paths.csv"
    file.write_text("\n".join(lines) + "\n")
    with (
        mock.patch.object(pathfile, "_BLOCK_BYTES", 2048),
        pytest.raises(JourneyFileError, match=r"paths.csv:1701: column 'total_conversions': a neg"),
    ):
        read_path_table(file)


def test_a_gzipped_table_is_read_the_fast_way(tmp_path: Path) -> None:
    import gzip

    file = tmp_path / "paths.csv.gz"
    with gzip.open(file, "wt") as handle:
        handle.write('"path","total_conversions"\n"a > b",1\n"b",0\n')
    fast = pathfile._fast_csv(file, str(file), ">")
    assert fast is not None and fast.path(0) == ("a", "b")
    _same(fast, _slow(file))


@pytest.mark.parametrize("rows_before", [0, 20_000])
def test_a_file_not_in_utf8_is_refused_as_before(tmp_path: Path, rows_before: int) -> None:
    file = tmp_path / "latin1.csv"
    text = "path,total_conversions\n" + "a > b,1\n" * rows_before + "caf\u00e9 > b,1\n"
    file.write_bytes(text.encode("latin-1"))
    with pytest.raises(JourneyFileError, match="not UTF-8 text"):
        read_path_table(file)


def test_a_column_outgrowing_its_room_is_joined_from_blocks() -> None:
    column = pathfile._Growing(np.int64, 3)
    for block in ([1, 2], [3, 4, 5], [6]):
        column.append(np.array(block, dtype=np.int32))
    assert column.array().tolist() == [1, 2, 3, 4, 5, 6]
    assert column.array().dtype == np.int64


@pytest.mark.parametrize(
    "text",
    [
        'path,total_conversions\n"a > b" x,1\n',  # text after a closing quote
        'path,total_conversions\n"a\n> b",1\n',  # a path across two lines
        "path,total_conversions,total_null\na,1\n",  # a short row
        "path,total_conversions\na,1,\n",  # a long row
        "path,total_conversions\na, 1 \n",  # spaces round a number
        "path,total_conversions\n\ufeffa,1\n",  # a byte-order mark where none belongs
        "path,total_conversions\ra > b,1\rb,2\r",  # old Mac line ends
        "\ufeffpath;total_conversions\r\na > b;1\r\n",  # Excel's UTF-8 with a BOM
        "path,total_conversions,total_null\na > b,1,\nb,2, \n",  # a blank made of a space
    ],
)
def test_odd_rows_are_read_alike_or_left_to_the_slow_reader(tmp_path: Path, text: str) -> None:
    file = tmp_path / "odd.csv"
    file.write_bytes(text.encode("utf-8"))
    fast = pathfile._fast_csv(file, str(file), ">")
    try:
        slow = _slow(file)
    except JourneyFileError:
        assert fast is None
        return
    if fast is not None:
        _same(fast, slow)


# --- Markov ------------------------------------------------------------------------------------

_rows = st.lists(
    st.tuples(st.lists(st.sampled_from("abcde"), min_size=1, max_size=7), st.integers(0, 4),
              st.integers(0, 4), st.integers(0, 1000)),
    min_size=1, max_size=14,
)  # fmt: skip

# every way the chain can be counted, beside the default
_WAYS: dict[str, dict[str, Any]] = {
    "default": {"_BLOCK_TOUCHES": markov_module._BLOCK_TOUCHES},
    "a block per journey or two": {"_BLOCK_TOUCHES": 3},
    "runs and pairs sorted": {"_use_table": lambda space, items: False, "_BLOCK_TABLE": 0},
    "pairs in one table at the end": {"_BLOCK_TABLE": 0},
    "runs as rows of codes": {"_KEY_BITS": 0, "_BLOCK_TABLE": 0},
}


@contextmanager
def _way(name: str) -> Iterator[None]:
    with mock.patch.multiple(markov_module, **_WAYS[name]):
        yield


def _as_counts(
    journeys: JourneySet, order: int, way: str
) -> tuple[dict[tuple[object, object], float], dict[object, tuple[float, float, float]]]:
    with _way(way):
        chain = estimate_chain(journeys, order)

    def name(state: int) -> object:
        if state == 0:
            return "start"
        return tuple(chain.labels[c] for c in chain.runs[state] if c >= 0)

    pairs = zip(chain.sources, chain.targets, chain.weights, strict=True)
    steps = {(name(int(a)), name(int(b))): float(w) for a, b, w in pairs}
    ends = {name(s): (float(chain.to_conversion[s]), float(chain.to_null[s]),
                      float(chain.conversion_value[s]))
            for s in range(1, chain.states)}  # fmt: skip
    return steps, ends


@settings(max_examples=60, deadline=None)
@given(_rows, st.integers(1, 4), st.sampled_from(sorted(_WAYS)))
def test_the_chain_is_the_one_counted_journey_by_journey(
    rows: list[tuple[list[str], int, int, int]], order: int, way: str
) -> None:
    paths = [r[0] for r in rows]
    conversions = [float(r[1]) for r in rows]
    nulls = [float(r[2]) for r in rows]
    values = [float(r[1] * r[3]) for r in rows]
    journeys = JourneySet.from_paths(paths, conversions, values, nulls)
    steps, ends = _as_counts(journeys, order, way)
    counts, value_out = chain_counts(paths, conversions, nulls, values, order)
    expected_steps = {(a, b): w for a, targets in counts.items() for b, w in targets.items()
                      if b not in ("conv", "null") and w > 0}  # fmt: skip
    assert steps == expected_steps
    states = {s for s in counts if s != "start"}
    assert set(ends) == states
    for state in states:
        conv, null, value = ends[state]
        assert conv == counts[state].get("conv", 0.0) and null == counts[state].get("null", 0.0)
        assert value == pytest.approx(value_out.get(state, 0.0), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(_rows, st.integers(1, 3))
def test_state_elimination_gives_the_sparse_lus_removal_effects(
    rows: list[tuple[list[str], int, int, int]], order: int
) -> None:
    journeys = JourneySet.from_paths([r[0] for r in rows], [float(r[1]) for r in rows],
                                     [float(r[1] * r[3]) for r in rows],
                                     [float(r[2]) for r in rows])  # fmt: skip
    chain = estimate_chain(journeys, order)
    eliminated = removal_effects(chain)
    with mock.patch.object(markov_module, "_STACKED_CELLS", 0):
        solved = removal_effects(chain)
    assert eliminated.conversion_probability == pytest.approx(
        solved.conversion_probability, rel=1e-12, abs=1e-15
    )
    assert eliminated.expected_value == pytest.approx(solved.expected_value, rel=1e-12)
    assert eliminated.conversions == pytest.approx(solved.conversions, rel=1e-9, abs=1e-12)
    assert eliminated.value == pytest.approx(solved.value, rel=1e-9, abs=1e-12)


def test_a_table_is_read_and_credited_without_pandas_or_scipy(tmp_path: Path) -> None:
    file = tmp_path / "paths.csv"
    file.write_text("path,total_conversions,total_conversion_value,total_null\n"
                    "a > b > c,1,10,0\n\"b > a\",2,,1\nc,0,,4\n")  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom pathlib import Path\n"
         "from leadsift.attribution import credit_markov, read_path_table\n"
         f"journeys = read_path_table(Path({str(file)!r}))\n"
         "for order in (1, 2):\n    credit_markov(journeys, order)\n"
         "print(sorted({'pandas', 'scipy'} & set(sys.modules)))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"
