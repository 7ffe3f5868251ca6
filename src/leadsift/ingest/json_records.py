"""Records inside a JSON document, each with the line it starts on.

APIs and webhooks write their events as a JSON array (SendGrid's event webhook) or as an
object that holds the array under a key beside paging fields (Mailgun's `items`, HubSpot's
`events`, LinkedIn's `elements`). The document is parsed once to check it (a broken one is
refused with the line and column json reports), then walked with `raw_decode` to find where
each record starts, so a problem in record 212 is reported at its line like any CSV row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from leadsift.domain.errors import InputFileError, RowProblem

# keys under which APIs commonly put their records, tried when a map names none
_RECORD_KEYS = ("items", "events", "elements", "results", "data", "records", "contacts", "leads")
_WHITESPACE = " \t\r\n"


def _problem(name: str, line: int, reason: str, column: int | None = None) -> InputFileError:
    where = f" (column {column})" if column is not None else ""
    return InputFileError(name, [RowProblem(line, None, reason + where)])


def read_json_records(name: str, text: str, path: str = "") -> Iterator[tuple[int, dict[str, Any]]]:
    text = text.lstrip("\ufeff")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _problem(name, exc.lineno, f"not valid JSON: {exc.msg}", exc.colno) from None
    keys = _record_path(name, document, path)
    start = _locate(text, keys)
    if start is None:  # a single object that is itself the record
        yield 1, document
        return
    decoder = json.JSONDecoder()
    position = _skip(text, start + 1)
    line, counted = 1, 0
    while text[position] != "]":
        value, end = decoder.raw_decode(text, position)
        line += text.count("\n", counted, position)
        counted = position
        if not isinstance(value, dict):
            raise _problem(name, line, "a record must be a JSON object {...}")
        yield line, value
        position = _skip(text, end)
        if text[position] == ",":
            position = _skip(text, position + 1)


def _record_path(name: str, document: Any, path: str) -> list[str] | None:
    """The keys leading to the array of records; None when the document is one record."""
    if path:
        keys = path.split(".")
        node = document
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                raise _problem(name, 1, f"the JSON document has no {path!r} holding records")
            node = node[key]
        if not isinstance(node, list):
            raise _problem(name, 1, f"{path!r} in the JSON document is not an array of records")
        return keys
    if isinstance(document, list):
        return []
    if not isinstance(document, dict):
        raise _problem(name, 1, "the JSON document is neither an array nor an object")
    for key in _RECORD_KEYS:
        if isinstance(document.get(key), list):
            return [key]
    for key, value in document.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return [key]
    return None


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _locate(text: str, keys: list[str] | None) -> int | None:
    """Offset of the `[` that opens the records' array."""
    if keys is None:
        return None
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    for key in keys:
        position += 1  # past "{"
        while True:
            position = _skip(text, position)
            name, position = decoder.raw_decode(text, position)
            position = _skip(text, position) + 1  # past ":"
            position = _skip(text, position)
            if name == key:
                break
            _, position = decoder.raw_decode(text, position)
            position = _skip(text, position) + 1  # past ","
    return position


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects as dotted keys; arrays of objects by index (`answers.0.value`), since
    a form's answers keep their order; arrays of plain values stay one JSON value."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, name + "."))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, item in enumerate(value):
                flat.update(flatten(item, f"{name}.{index}."))
        else:
            flat[name] = value
    return flat
