"""`leadsift serve`: the workspace as an HTTP service."""

from __future__ import annotations

import typer

from leadsift.cli.console import stderr, workspace

# Requests still running when the server is told to stop get this long to finish.
GRACEFUL_SECONDS = 30


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    trusted_proxies: str = typer.Option(
        "127.0.0.1",
        "--trusted-proxies",
        metavar="ADDRESSES",
        help=(
            "Comma-separated addresses of reverse proxies whose X-Forwarded-For and "
            "X-Forwarded-Proto are believed (the client's address for login limits, https "
            "for Secure cookies); '*' trusts any, '' none."
        ),
    ),
) -> None:
    """Serve this workspace over HTTP (health check at /healthz, API description at
    /openapi.json). Ctrl-C or SIGTERM stops it after the requests in flight have finished.

    Behind a reverse proxy that ends TLS, list the proxy in --trusted-proxies so that
    session cookies are marked Secure and login limits count the real client.

    Example:

        leadsift serve --host 0.0.0.0 --port 8000 --trusted-proxies 10.0.0.5
    """
    import uvicorn

    from leadsift.api.app import create_app

    ws = workspace(ctx)
    stderr().print(f"serving {ws.root} on http://{host}:{port} (Ctrl-C to stop)")
    config = uvicorn.Config(
        create_app(ws, as_server=True),
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=trusted_proxies or None,
    )
    uvicorn.Server(config).run()
