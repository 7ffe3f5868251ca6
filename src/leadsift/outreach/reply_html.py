"""HTML reply bodies as plain text, with the stdlib parser (no dependency, tolerant of the
broken markup mail clients write).

Quoted history is kept but marked: text inside <blockquote> and the Gmail / Outlook quote
containers comes out prefixed with "> ", so the plain-text cleaner strips it the same way it
strips a plain-text quote."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# tags whose start or end is a line break in the rendered text
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
# containers mail clients put the quoted original in
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")
_QUOTE_IDS = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")
_HTML_HINT = re.compile(
    r"<(?:html|body|div|p|br|table|span|blockquote|font|a)\b[^>]{0,200}>", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """True when the body is markup rather than text (checked on its start only)."""
    return _HTML_HINT.search(text[:4000]) is not None


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skip_depth = 0
        # stack of open elements: (tag, starts a quote); a quote ends with its own element
        self._stack: list[tuple[str, bool]] = []
        self._quote_depth = 0
        # Outlook puts the quoted original after an <hr> or its reply-header div, not inside
        self._quote_rest = False

    def _break(self) -> None:
        text = "".join(self._line).replace("\xa0", " ")
        self._line = []
        quoted = self._quote_depth > 0 or self._quote_rest
        for part in text.split("\n"):
            stripped = " ".join(part.split())
            if stripped:
                self.lines.append("> " + stripped if quoted else stripped)
            elif self.lines and self.lines[-1] != "":
                self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
            return
        if tag in _BLOCK:
            self._break()
        if tag in _VOID:
            return
        values = {name: (value or "").lower() for name, value in attrs}
        quote = (
            tag == "blockquote"
            or any(name in values.get("class", "") for name in _QUOTE_CLASSES)
            or values.get("id", "") in _QUOTE_IDS
        )
        if values.get("id", "") in _QUOTE_IDS:
            self._quote_rest = True
        self._stack.append((tag, quote))
        if quote:
            self._quote_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK:
            self._break()
        # close up to the matching element; unmatched end tags (broken markup) are ignored
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                for _, quote in self._stack[index:]:
                    if quote:
                        self._quote_depth -= 1
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._line.append(data)

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines).strip("\n")


def html_to_text(markup: str) -> str:
    """The text a reader sees in an HTML body, one block per line, quotes prefixed "> "."""
    builder = _TextBuilder()
    try:
        builder.feed(markup)
        builder.close()
    except (AssertionError, ValueError):  # pragma: no cover - the parser is tolerant
        pass
    return builder.text()
