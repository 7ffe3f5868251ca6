"""Behind a reverse proxy that ends TLS: `leadsift serve --trusted-proxies` believes the
proxy's X-Forwarded-Proto, so cookies are marked Secure; from an untrusted address the
header is ignored (anyone could send it)."""

from __future__ import annotations

import httpx
import pytest

from leadsift.workspace.workspace import Workspace
from tests.helpers import serving

HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.4"}


@pytest.mark.parametrize(("trusted", "secure"), [("127.0.0.1", True), ("", False)])
def test_cookies_are_secure_only_behind_a_trusted_proxy(
    sqlite_workspace: Workspace, trusted: str, secure: bool
) -> None:
    with serving(sqlite_workspace, options=["--trusted-proxies", trusted]) as (url, _):
        form = httpx.get(f"{url}/login", headers=HTTPS)
    cookie = form.headers["set-cookie"].lower()
    assert form.status_code == 200 and "httponly" in cookie and "samesite=lax" in cookie
    assert ("; secure" in cookie) is secure
