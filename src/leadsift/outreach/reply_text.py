"""What the person wrote in a reply: the quoted original, the signature, the mobile footer and
the legal disclaimer removed, in English, Spanish and French.

Cleaning only ever drops lines (and trailing spaces): every line it returns is a line of its
input, so a classifier or a person reading the result never sees text the sender did not
write. Input beyond `MAX_BODY_CHARS` is cut first, which bounds the work on a huge body (what a
person writes is at the top; a 10 MB reply is a forwarded attachment or an attack)."""

from __future__ import annotations

import re

from leadsift.outreach.reply_html import html_to_text, looks_like_html

MAX_BODY_CHARS = 100_000
# a sign-off followed by at most this many short lines is a name block, not more message
_NAME_BLOCK_LINES = 7
_NAME_BLOCK_WIDTH = 72

# "On Tue, 3 Mar 2025 at 10:02, Ann <ann@x.com> wrote:", often wrapped over two lines
_ATTRIBUTION_START = re.compile(r"^(?:on|el|le)\s.{0,200}$", re.IGNORECASE)
_ATTRIBUTION_END = re.compile(
    r"(?:wrote|escribi[oó]|a\s+[ée]crit|schrieb)\s*:\s*$|^\S.{0,100}\s(?:wrote|escribi[oó])\s*:$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"^(?:-{2,}\s*(?:original message|mensaje original|message d'origine|forwarded message|"
    r"mensaje reenviado|message transf[ée]r[ée])\s*-{2,}|_{10,}|-{10,}|"
    r"begin forwarded message:|d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée]))\s*:?$",
    re.IGNORECASE,
)
_HEADER_FROM = re.compile(r"^\*?(?:from|de)\s?\*?:\s?\S", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\*?(?:sent|date|envoy[ée]|enviado|fecha|to|[àa]|para|subject|objet|asunto|cc)\s?\*?:",
    re.IGNORECASE,
)
_MOBILE = re.compile(
    r"^(?:sent from my|sent from outlook|sent from yahoo|sent from mail for|sent via|"
    r"get outlook for|enviado desde mi|enviado desde outlook|obtener outlook para|"
    r"envoy[ée] (?:de|depuis) mon|envoy[ée] depuis|t[ée]l[ée]charger outlook)\b",
    re.IGNORECASE,
)
_VALEDICTION = re.compile(
    r"^(?:best|best regards|kind regards|warm regards|regards|many thanks|thanks|thank you|"
    r"thx|cheers|all the best|sincerely|yours|respectfully|br|rgds|"
    r"saludos|un saludo|saludos cordiales|atentamente|cordialmente|gracias|muchas gracias|"
    r"un abrazo|cordialement|bien cordialement|bien [àa] vous|salutations|merci|"
    r"merci beaucoup|bonne journ[ée]e|[àa] bient[ôo]t|sinc[èe]res salutations)"
    r"\s*[,.!]?\s*(?:[A-Z\u00c0-\u00de][\w'.-]{0,30}){0,1}\s*$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"confidential|confidencial|confidentiel|intended (?:solely |only )?for|"
    r"destinatario|destinataire|privileged|disclaimer|aviso legal|avertissement|"
    r"before printing|antes de imprimir|avant d'imprimer|this (?:e-?mail|message) and any",
    re.IGNORECASE,
)
_DISCLAIMER_HEAD = re.compile(
    r"^(?:confidentiality notice|disclaimer|aviso de confidencialidad|aviso legal|"
    r"avis de confidentialit[ée]|avertissement|this (?:e-?mail|message)|este (?:correo|mensaje)|"
    r"ce (?:courriel|message|e-?mail)|le pr[ée]sent message|please consider|"
    r"por favor,? considere|pensez [àa] l'environnement|the information (?:contained|in))",
    re.IGNORECASE,
)


def truncate(body: str) -> tuple[str, bool]:
    """The body cut to `MAX_BODY_CHARS`, and whether it was cut."""
    if len(body) <= MAX_BODY_CHARS:
        return body, False
    return body[:MAX_BODY_CHARS], True


def _lines(body: str) -> list[str]:
    # \r\n, \r and \n only: str.splitlines also splits on characters a sender may have typed
    return [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _is_quote_header(lines: list[str], index: int) -> int:
    """How many lines the quote header at `index` takes (0: not a header)."""
    line = lines[index].strip()
    if not line:
        return 0
    if _SEPARATOR.match(line):
        return 1
    if _ATTRIBUTION_END.search(line) and _ATTRIBUTION_START.match(line):
        return 1
    if _ATTRIBUTION_START.match(line) and index + 1 < len(lines):
        following = lines[index + 1].strip()
        if len(line) > 12 and _ATTRIBUTION_END.search(following) and len(following) < 120:
            return 2
    if _HEADER_FROM.match(line):
        ahead = [next_line.strip() for next_line in lines[index + 1 : index + 4]]
        if any(_HEADER_NEXT.match(candidate) for candidate in ahead):
            return 1
    return 0


def _without_quote(lines: list[str]) -> list[str]:
    """Lines above the quoted original; for a reply written below the quote (bottom-posted),
    the lines after it."""
    kept: list[str] = []
    for index in range(len(lines)):
        if _is_quote_header(lines, index):
            if any(line.strip() for line in kept):
                return kept
            # nothing above the quote: keep what follows it that is not quoted itself
            after = [line for line in lines[index + 1 :] if not line.lstrip().startswith(">")]
            return _without_quote(_after_headers(after))
        if not lines[index].lstrip().startswith(">"):
            kept.append(lines[index])
    return kept


def _after_headers(lines: list[str]) -> list[str]:
    """What follows a quote header: a From:/Sent: block starts an unmarked quote (nothing
    after it can be told apart from the original, so nothing is kept); otherwise the lines
    are a reply written below a '>' quote."""
    first = next((line.strip() for line in lines if line.strip()), "")
    if _HEADER_FROM.match(first) or _HEADER_NEXT.match(first):
        return []
    return lines


def _without_signature(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped in ("--", "-- ", "—", "__") or line == "-- ":
            return lines[:index]
        if _MOBILE.match(stripped):
            return lines[:index]
        if index > 0 and _VALEDICTION.match(stripped):
            rest = [other for other in lines[index + 1 :] if other.strip()]
            if len(rest) <= _NAME_BLOCK_LINES and all(
                len(other.strip()) <= _NAME_BLOCK_WIDTH for other in rest
            ):
                return lines[:index]
    return lines


def _without_disclaimer(lines: list[str]) -> list[str]:
    """Cut at the paragraph that starts a legal notice, when something comes before it."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if index == 0 or not stripped:
            continue
        starts_paragraph = not lines[index - 1].strip() or stripped.isupper()
        if starts_paragraph and _DISCLAIMER_HEAD.match(stripped):
            paragraph = " ".join(lines[index : index + 6])
            if _DISCLAIMER.search(paragraph) and any(other.strip() for other in lines[:index]):
                return lines[:index]
    return lines


def _tidy(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line.strip():
            out.append(line)
        elif out and out[-1]:
            out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def clean_reply(body: str) -> str:
    """What the sender wrote: no quoted original, signature, mobile footer or disclaimer.

    HTML bodies are converted to text first. Falls back to the reply with only the quote
    removed when stripping the signature would leave nothing (a reply that is a name)."""
    text, _ = truncate(body)
    if looks_like_html(text):
        text = html_to_text(text)
    lines = _without_quote(_lines(text))
    # the legal notice first: it follows the name block, which must then end the message
    signed = _without_signature(_without_disclaimer(lines))
    return _tidy(signed) or _tidy(lines)
