"""The forms an identifier is matched in, and their keyed digests.

An email counts as written (trimmed, lower-cased) and in its canonical form (provider-aware:
`John.Smith+news@GoogleMail.com` is also `johnsmith@gmail.com`); a phone in E.164; a social
handle as `platform:handle`, lower-cased and without a leading @. Each form is kept only as
HMAC-SHA256 under the workspace's secret, so the suppression list names no one, and a stolen
list cannot be tested against guesses without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime

import sqlalchemy as sa

from leadsift.identity import canonical
from leadsift.store import schema


def email_forms(value: str | None) -> set[str]:
    if not value or "@" not in value:
        return set()
    written = value.strip().lower()
    forms = {written}
    found = canonical.email(written)
    if found:
        forms.add(found)
    return forms


def phone_forms(value: str | None, region: str = "US") -> set[str]:
    found = canonical.phone(value, region) if value else None
    return {found} if found else set()


def handle_forms(platform: str | None, handle: str | None) -> set[str]:
    if not handle:
        return set()
    name = handle.strip().lower().lstrip("@")
    return {f"{(platform or '').strip().lower()}:{name}"} if name else set()


def workspace_secret(connection: sa.Connection) -> bytes:
    """The workspace's key, made on first use (in the caller's transaction)."""
    s = schema.privacy_secret
    found = connection.execute(sa.select(s.c.secret).order_by(s.c.id).limit(1)).scalar()
    if found is None:
        found = secrets.token_hex(32)
        connection.execute(s.insert().values(secret=found, created_at=datetime.now(UTC)))
    return bytes.fromhex(found)


def digest(secret: bytes, kind: str, form: str) -> str:
    return hmac.new(secret, f"{kind}\x00{form}".encode(), hashlib.sha256).hexdigest()


def digests(secret: bytes, kind: str, forms: Iterable[str]) -> set[str]:
    return {digest(secret, kind, form) for form in forms}
