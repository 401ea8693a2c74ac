"""The MCP server through the official client, in memory."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, get_args

import anyio
import pytest
from mcp import ClientSession
from mcp.shared.memory import create_connected_server_and_client_session

from advisor.agent.answer import AgentAnswer
from advisor.mcp_server import MAX_STRING_CHARS, build_server, capped, check_size
from advisor.mcp_transport import check_http_exposure, is_local
from advisor.tools import TOOLS, calculate_cost, lookup_specs
from advisor.tools.errors import ToolInputError
from advisor.tools.format import usd
from advisor.tools.specs import SpecSheet
from advisor.tools.workload import Workload
from tests.integration.mcp.cases import (
    SAMPLE_ARGS,
    check_bad_calls,
    check_listing,
    check_sample_calls,
    text_of,
)


def with_session(body: Callable[[ClientSession], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        async with create_connected_server_and_client_session(build_server()) as session:
            return await body(session)
    return anyio.run(main)


def test_every_tool_in_TOOLS_has_a_sample_call():
    assert sorted(SAMPLE_ARGS) == sorted(fn.__name__ for fn in TOOLS)


def test_tools_are_listed_with_schemas_and_read_only_annotation():
    listed = with_session(check_listing)
    for fn in TOOLS:
        tool = listed[fn.__name__]
        # the description is the tool's docstring, the argument descriptions its Field ones
        assert tool.description.split("\n")[0] == fn.__doc__.strip().split("\n")[0]
        assert tool.annotations.idempotentHint is True
    cost = listed["calculate_cost"].inputSchema
    assert cost["required"] == ["model", "input_tokens", "output_tokens", "requests"]
    assert cost["properties"]["input_tokens"]["minimum"] == 0
    assert cost["properties"]["period"]["enum"] == ["day", "month"]
    assert cost["properties"]["model"]["maxLength"] == MAX_STRING_CHARS
    out = listed["calculate_cost"].outputSchema
    assert {"routes", "requests_per_month", "model"} <= set(out["properties"])
    assert listed["ask_advisor"].annotations.idempotentHint is False
    assert "thread_id" in listed["ask_advisor"].inputSchema["properties"]


def test_each_tool_answers_like_the_python_function():
    with_session(check_sample_calls)


def test_cost_figures_follow_from_the_prices_used():
    async def body(session: ClientSession) -> dict[str, Any]:
        result = await session.call_tool("calculate_cost", SAMPLE_ARGS["calculate_cost"])
        return result.structuredContent

    data = with_session(body)
    assert data["requests_per_month"] == 1000 * 30 and data["routes"]
    for route in data["routes"]:
        p = route["prices_used"]
        cached = 2000 * 0.25
        cache_price = p["cache_read_per_m"] if p["cache_read_per_m"] is not None \
            else p["input_per_m"]
        per_request = ((2000 - cached) * p["input_per_m"] + cached * cache_price
                       + 500 * p["output_per_m"]) / 1e6
        assert route["per_request_usd"] == pytest.approx(per_request)
        assert route["per_month_usd"] == pytest.approx(per_request * 30_000)


def test_bad_arguments_are_tool_errors_and_the_server_keeps_serving():
    with_session(check_bad_calls)


def test_text_and_structured_content_come_together():
    async def body(session: ClientSession) -> Any:
        return await session.call_tool("lookup_specs", {"model": "gemma-3-4b"})

    result = with_session(body)
    assert text_of(result).startswith("### Gemma 3 4B")
    direct = lookup_specs("Gemma 3 4B")
    assert result.structuredContent["context_window"] == direct.context_window


def test_size_caps_reach_nested_strings_and_lists():
    check_size("profile", Workload(languages=["en"], use_case="chat"))
    with pytest.raises(ToolInputError, match="profile.use_case: too long"):
        check_size("profile", Workload(use_case="x" * (MAX_STRING_CHARS + 1)))
    with pytest.raises(ToolInputError, match="profile.languages: too many items"):
        check_size("profile", Workload(languages=["en"] * 51))
    # a number gains no length cap, only the refusal of JSON true/false (not a number)
    number, *meta = get_args(capped(int))
    assert number is int and [type(m).__name__ for m in meta] == ["BeforeValidator"]
    assert capped(bool) is bool


@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("localhost", True),
                                         ("::1", True), ("0.0.0.0", False),
                                         ("192.168.1.4", False), ("example.com", False)])
def test_is_local(host, local):
    assert is_local(host) is local


COST_QUESTION = ("How much does Gemma 3 4B cost for 1000 requests a day with 2000 input and "
                 "500 output tokens?")


def test_ask_advisor_answers_with_tool_figures_and_keeps_the_thread():
    async def body(session: ClientSession) -> tuple[Any, Any, Any]:
        first = await session.call_tool("ask_advisor", {"question": COST_QUESTION})
        thread = first.structuredContent["thread_id"]
        follow = await session.call_tool("ask_advisor", {"question": "And Qwen3.5 4B?",
                                                         "thread_id": thread})
        profiled = await session.call_tool("ask_advisor", {
            "question": "Which model should I use for a chatbot?",
            "profile": {"requests": 50_000, "input_tokens": 800, "output_tokens": 200,
                        "required_capabilities": ["vision"]}})
        return first, follow, profiled

    first, follow, profiled = with_session(body)
    for result in (first, follow, profiled):
        assert not result.isError, text_of(result)
        AgentAnswer.model_validate(result.structuredContent)
    answer = first.structuredContent
    direct = calculate_cost("Gemma 3 4B", 2000, 500, 1000, "day")
    (call,) = [c for c in answer["tool_calls"] if c["name"] == "calculate_cost"]
    assert call["result"] == direct.model_dump(mode="json")
    assert usd(direct.cheapest.per_month_usd) in answer["answer"]
    assert text_of(first).startswith(answer["answer"])
    assert answer["thread_id"] in text_of(first)

    assert follow.structuredContent["thread_id"] == answer["thread_id"]
    (again,) = [c for c in follow.structuredContent["tool_calls"]
                if c["name"] == "calculate_cost"]
    assert again["args"]["model"] == "Qwen3.5 4B"
    assert (again["args"]["requests"], again["args"]["period"]) == (1000, "day")

    (rec,) = [c for c in profiled.structuredContent["tool_calls"] if c["name"] == "recommend"]
    assert rec["args"]["workload"]["requests"] == 50_000
    assert rec["args"]["workload"]["required_capabilities"] == ["vision"]


def test_ask_advisor_refuses_an_over_long_thread_id():
    async def body(session: ClientSession) -> Any:
        return await session.call_tool("ask_advisor", {"question": "hi", "thread_id": "t" * 500})

    result = with_session(body)
    assert result.isError and "thread_id" in text_of(result)


def test_an_unexpected_failure_is_a_tool_error_without_internals(caplog):
    def broken_tool(model: str) -> SpecSheet:
        """A tool with a bug: it fails with an internal error."""
        raise KeyError("internal-detail-42")

    async def main() -> tuple[Any, Any]:
        server = build_server(tools=[broken_tool, lookup_specs])
        async with create_connected_server_and_client_session(server) as session:
            bad = await session.call_tool("broken_tool", {"model": "x"})
            ok = await session.call_tool("lookup_specs", {"model": "gemma 3 4b"})
            return bad, ok

    bad, ok = anyio.run(main)
    assert bad.isError and "broken_tool failed unexpectedly (KeyError)" in text_of(bad)
    assert "internal-detail-42" not in text_of(bad)
    assert "internal-detail-42" in caplog.text  # logged on the server for its operator
    assert not ok.isError


@pytest.mark.parametrize("host, token, refused", [
    ("127.0.0.1", None, False), ("localhost", None, False), ("0.0.0.0", None, True),
    ("0.0.0.0", "tok", False), ("10.1.2.3", None, True), ("10.1.2.3", "tok", False)])
def test_http_exposure_needs_a_token_off_localhost(host, token, refused):
    if refused:
        with pytest.raises(ValueError, match="ADVISOR_MCP_TOKEN"):
            check_http_exposure(host, token)
    else:
        check_http_exposure(host, token)
