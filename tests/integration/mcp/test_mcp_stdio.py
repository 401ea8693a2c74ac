"""The MCP server as a real ``advisor mcp`` subprocess, through the official stdio client."""

from __future__ import annotations

import sys

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from tests.integration.mcp.cases import (
    check_bad_calls,
    check_listing,
    check_sample_calls,
    server_env,
)

pytestmark = pytest.mark.slow


def test_stdio_server_lists_and_calls_every_tool(tmp_path, indexed):
    params = StdioServerParameters(command=sys.executable, args=["-m", "advisor", "mcp"],
                                   env=server_env(indexed), cwd=tmp_path)

    async def main() -> None:
        with (tmp_path / "server.log").open("w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write), \
                    ClientSession(read, write) as session:
                init = await session.initialize()
                assert init.serverInfo.name == "model-advisor"
                assert init.instructions and "lookup_specs" in init.instructions
                await check_listing(session)
                await check_sample_calls(session)
                await check_bad_calls(session)

    anyio.run(main)
    assert "Traceback" not in (tmp_path / "server.log").read_text()
