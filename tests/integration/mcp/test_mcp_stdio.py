"""The MCP server as a real ``advisor mcp`` subprocess, through the official stdio client."""

from __future__ import annotations

import sys

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from advisor.tools import calculate_cost
from advisor.tools.format import usd
from tests.integration.mcp.cases import (
    check_bad_calls,
    check_listing,
    check_sample_calls,
    server_env,
    text_of,
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
                answer = await session.call_tool("ask_advisor", {
                    "question": "How much does Gemma 3 4B cost for 1000 requests a day with "
                                "2000 input and 500 output tokens?"})
                assert not answer.isError, text_of(answer)
                (cost,) = [c for c in answer.structuredContent["tool_calls"]
                           if c["name"] == "calculate_cost"]
                direct = calculate_cost("Gemma 3 4B", 2000, 500, 1000, "day")
                assert cost["result"] == direct.model_dump(mode="json")
                assert usd(direct.cheapest.per_month_usd) in text_of(answer)

    anyio.run(main)
    assert "Traceback" not in (tmp_path / "server.log").read_text()
