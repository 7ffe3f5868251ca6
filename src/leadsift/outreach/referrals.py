"""The colleague's address a referral gives: the first address in what the sender wrote that
is not the sender's own, nor a no-reply or our own (a vendor) address."""

from __future__ import annotations

import re

# permissive enough for what people type (dots, plus, hyphens, sub-domains), bounded in length
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_NOT_A_PERSON = re.compile(r"^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounce)")
# words that tell a referral apart from an address quoted for another reason
_POINTER = re.compile(
    r"contact|reach|email|e-mail|write|talk|speak|cc|copy|copying|loop|forward|try|handles|"
    r"contacte|escrib|hable|copia|reenv|pruebe|lleva|gestiona|correo|"
    r"contactez|[ée]crivez|voyez|copie|transf[èée]r|adresse|g[èe]re|s'occupe",
    re.IGNORECASE,
)


def addresses(text: str) -> list[str]:
    """Every address in the text, lower-cased, in order, without trailing dots."""
    return [match.group(0).rstrip(".").lower() for match in _ADDRESS.finditer(text[:20_000])]


def referral_address(
    text: str, sender: str | None = None, own_domains: tuple[str, ...] = ()
) -> str | None:
    """The first address that is not the sender's, a machine's or one of `own_domains`."""
    own = sender.strip().lower() if sender else None
    for address in addresses(text):
        local, _, domain = address.partition("@")
        if address == own or _NOT_A_PERSON.match(local):
            continue
        if any(domain == d or domain.endswith("." + d) for d in own_domains):
            continue
        return address
    return None


def points_to_someone(text: str, sender: str | None = None) -> bool:
    """An address other than the sender's, with a word that hands the conversation over."""
    return referral_address(text, sender) is not None and _POINTER.search(text) is not None
