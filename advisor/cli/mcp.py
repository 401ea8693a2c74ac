"""``advisor mcp``: serve the advisor's tools to other agents over MCP (stdio or HTTP)."""

from __future__ import annotations

from typing import Annotated

import typer

from advisor.cli.app import app, call, fail


@app.command("mcp")
def serve_mcp(
    http: Annotated[bool, typer.Option("--http", help="Serve streamable HTTP (endpoint /mcp) "
                                                      "instead of stdio.")] = False,
    host: Annotated[str | None, typer.Option("--host", help="HTTP bind address "
                                                            "(default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535,
                                             help="HTTP port (default 8765).")] = None,
) -> None:
    """Serve the tools over the Model Context Protocol (stdio by default).

    With --http, ADVISOR_MCP_TOKEN set makes every request need 'Authorization: Bearer <token>';
    a non-local --host without a token is refused.
    """
    from advisor.catalog import get_catalog
    from advisor.config import get_settings

    if not http and (host is not None or port is not None):
        fail("--host and --port apply to --http; stdio needs neither")
    call(get_catalog)  # a broken catalog fails here, in words, not at the first tool call
    if not http:
        from advisor.mcp_transport import serve_stdio

        if not serve_stdio():
            raise typer.Exit(2)
        return
    from advisor.mcp_transport import check_http_exposure, serve_http

    host, port, token = host or "127.0.0.1", port or 8765, get_settings().mcp_token
    try:
        check_http_exposure(host, token)
    except ValueError as exc:
        fail(str(exc))
    typer.echo(f"MCP server on http://{host}:{port}/mcp"
               + (" (bearer token required)" if token else ""), err=True)
    serve_http(host, port, token)
