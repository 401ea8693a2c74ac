"""``advisor mcp --http`` as a real server on a free local port, with and without the token."""

from __future__ import annotations

import anyio
import httpx
import pytest
from langchain_mcp_adapters.client import MultiServerMCPClient
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from advisor.cli import main
from tests.integration.mcp.cases import (
    SAMPLE_ARGS,
    SERVED,
    check_bad_calls,
    check_listing,
    check_sample_calls,
    expected,
    http_server,
)

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token-for-tests"
INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "raw", "version": "0"}}}
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


async def use(url: str, headers: dict[str, str] | None = None) -> None:
    client = httpx.AsyncClient(headers=headers, timeout=httpx.Timeout(30, read=300))
    async with client, streamable_http_client(url, http_client=client) as (read, write, _), \
            ClientSession(read, write) as session:
        await session.initialize()
        await check_listing(session)
        await check_sample_calls(session)
        await check_bad_calls(session)


def test_http_without_token_needs_no_header(indexed):
    with http_server(indexed) as url:
        anyio.run(use, url)


def test_http_with_token_answers_401_without_it_and_serves_with_it(indexed):
    with http_server(indexed, token=TOKEN) as url:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            response = httpx.post(url, json=INIT, headers=HEADERS | headers, timeout=30)
            assert response.status_code == 401
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert "Authorization: Bearer" in response.json()["message"]
        assert httpx.get(url, timeout=30).json()["error"] == "unauthorized"
        ok = httpx.post(url, json=INIT, timeout=30,
                        headers=HEADERS | {"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        with pytest.raises(Exception) as failed:  # the official client is refused too
            anyio.run(use, url)
        assert "401" in repr(failed.value) or "401" in str(failed.value.__cause__)
        anyio.run(use, url, {"Authorization": f"Bearer {TOKEN}"})
        anyio.run(through_langchain, url)


async def through_langchain(url: str) -> None:
    """langchain-mcp-adapters' MultiServerMCPClient with the token header."""
    client = MultiServerMCPClient({"advisor": {
        "transport": "streamable_http", "url": url,
        "headers": {"Authorization": f"Bearer {TOKEN}"}}})
    tools = {t.name: t for t in await client.get_tools()}
    assert sorted(tools) == sorted(SERVED)
    message = await tools["lookup_specs"].ainvoke(
        {"type": "tool_call", "id": "c1", "name": "lookup_specs",
         "args": SAMPLE_ARGS["lookup_specs"]})
    assert message.artifact["structured_content"] == expected("lookup_specs")


def test_non_local_address_without_token_refuses_to_start(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["mcp", "--http", "--host", "0.0.0.0", "--port", "9"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert "ADVISOR_MCP_TOKEN" in err and "0.0.0.0" in err and "Traceback" not in err


def test_host_without_http_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["mcp", "--port", "9000"])
    assert exit_.value.code == 2 and "--http" in capsys.readouterr().err

