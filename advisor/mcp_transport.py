"""How the MCP server is reached: stdio (one JSON-RPC message a line) or streamable HTTP.

HTTP binds to loopback unless told otherwise; off this machine it needs a bearer token
(:class:`BearerAuth`). Stdin lines are read with a size cap and lone surrogates are
neutralised before the JSON-RPC layer sees them. The server itself is built by
:func:`advisor.mcp_server.build_server`.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
from typing import Any

import anyio
from mcp.server.fastmcp import FastMCP
from starlette.types import ASGIApp, Receive, Scope, Send

from advisor.mcp_server import LOCAL_HOSTS, build_server, clean_arguments


def is_local(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can connect)."""
    if host.lower() in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class BearerAuth:
    """ASGI middleware: HTTP requests need ``Authorization: Bearer <token>`` (401 without)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self._token = app, token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass authorised requests (and lifespan events) on; answer others with 401."""
        if scope["type"] != "http" or self._authorised(scope):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"error": "unauthorized", "message": "This MCP server needs "
                           "'Authorization: Bearer <token>' (the server's ADVISOR_MCP_TOKEN)."
                           }).encode()
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", b"application/json"),
                                (b"www-authenticate", b'Bearer realm="model-advisor"'),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    def _authorised(self, scope: Scope) -> bool:
        for key, value in scope.get("headers", ()):
            if key == b"authorization":
                scheme, _, given = bytes(value).partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(),
                                                                           self._token)
        return False


def http_app(server: FastMCP[Any], token: str | None) -> ASGIApp:
    """The streamable-HTTP ASGI app (endpoint ``/mcp``), behind bearer auth when a token is set."""
    app: ASGIApp = server.streamable_http_app()
    return BearerAuth(app, token) if token else app


def check_http_exposure(host: str, token: str | None) -> None:
    """Refuse to serve on a non-local address without a token (raises ``ValueError``)."""
    if not token and not is_local(host):
        raise ValueError(
            f"refusing to serve MCP over HTTP on {host} without a token: anyone who can reach "
            "this address could use it. Set ADVISOR_MCP_TOKEN (clients then send "
            "'Authorization: Bearer <token>'), or bind to 127.0.0.1.")


class _DropClientDisconnects(logging.Filter):
    """Drop the SDK's traceback for a client that closed its stream (a normal disconnect)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, anyio.ClosedResourceError | anyio.BrokenResourceError)


def serve_http(host: str, port: int, token: str | None) -> None:
    """Serve streamable HTTP with uvicorn until interrupted."""
    import uvicorn

    check_http_exposure(host, token)
    server = build_server(host=host, port=port)
    logging.getLogger("mcp.server.streamable_http").addFilter(_DropClientDisconnects())
    uvicorn.run(http_app(server, token), host=host, port=port, log_level="warning",
                lifespan="on")


MAX_STDIN_LINE_BYTES = 10_000_000  # one JSON-RPC message


class StdinLines:
    """Lines of standard input as text; binary input ends the stream with one line on stderr.

    The MCP SDK decodes stdin with ``errors="replace"`` and answers each undecodable line with
    a log of several lines; a file piped in by mistake then scrolls errors until its end. Here
    bytes that are not UTF-8, NUL bytes or an endless line stop the server with one message.
    """

    def __init__(self, raw: Any, err: Any) -> None:
        self.raw, self.err = raw, err
        self.unreadable = False

    def readline(self) -> str:
        """The next line, or ``""`` (end of input) after reporting unreadable input."""
        line = self.raw.readline(MAX_STDIN_LINE_BYTES + 1)
        problem = None
        if len(line) > MAX_STDIN_LINE_BYTES:
            problem = f"a line over {MAX_STDIN_LINE_BYTES // 1_000_000} MB is not a message"
        elif b"\x00" in line:
            problem = "NUL bytes: binary data, not JSON-RPC text"
        else:
            try:
                return without_lone_surrogates(str(line.decode("utf-8")))
            except UnicodeDecodeError as exc:
                problem = f"not UTF-8 text (byte 0x{line[exc.start]:02x})"
        self.unreadable = True
        self.err.write(f"error: advisor mcp: standard input is {problem}; server stopped.\n")
        self.err.flush()
        return ""


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def without_lone_surrogates(line: str) -> str:
    """A JSON line whose escaped lone surrogates are replaced by U+FFFD.

    The SDK's JSON parser refuses an escaped lone surrogate outright, so such a request would
    get no reply at all (no id is read); Python's parser accepts it, and the cleaned message is
    re-encoded.
    """
    if not _SURROGATE_ESCAPE.search(line):
        return line
    try:
        message = json.loads(line)
    except ValueError:
        return line
    return json.dumps(clean_arguments(message)) + "\n"


def serve_stdio() -> bool:
    """Serve over stdin/stdout until the client closes the stream (or sends binary data).

    Returns whether the input ended cleanly (``False`` after unreadable input).

    Output is written with ``backslashreplace``, so no character in a reply can stop the
    writer and leave a request unanswered.
    """
    import io
    import sys

    from mcp.server.stdio import stdio_server

    server = build_server()
    low = server._mcp_server  # FastMCP.run_stdio_async does the same with SDK-made streams

    lines = StdinLines(sys.stdin.buffer, sys.stderr)

    async def main() -> None:
        stdin = anyio.wrap_file(lines)  # type: ignore[arg-type]
        stdout = anyio.wrap_file(io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8",
                                                  errors="backslashreplace"))
        async with stdio_server(stdin, stdout) as (read_stream, write_stream):
            await low.run(read_stream, write_stream, low.create_initialization_options())

    anyio.run(main)
    return not lines.unreadable
