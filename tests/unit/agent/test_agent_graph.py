"""The graph as `langgraph dev` loads it, grounding arithmetic, and the LangChain tool wrappers."""

from __future__ import annotations

import importlib
import json

from langgraph.graph.state import CompiledStateGraph

from advisor.agent.grounding import Evidence, drop_unverified, figures, unverified
from advisor.config import PROJECT_ROOT


def test_langgraph_json_points_at_a_compiled_graph_without_checkpointer() -> None:
    spec = json.loads((PROJECT_ROOT / "langgraph.json").read_text())
    path, attr = spec["graphs"]["model-advisor"].split(":")
    module = path.removeprefix("./").removesuffix(".py").replace("/", ".")
    graph = getattr(importlib.import_module(module), attr)
    assert isinstance(graph, CompiledStateGraph)
    assert graph.checkpointer is None and graph.name == "model-advisor"
    nodes = set(graph.get_graph().nodes)
    assert {"plan", "run_tools", "respond", "check_grounding", "finish"} <= nodes


def test_graph_accepts_a_chat_message_as_studio_sends_it() -> None:
    from advisor.agent.graph import graph

    out = graph.invoke({"messages": [{"role": "user",
                                      "content": "context window of gemma 3 4b?"}]})
    assert "Context window: 131k tokens" in out["answer"]
    assert out["messages"][-1].content == out["answer"]


def _ok(text: str, *data: object) -> bool:
    evidence = Evidence()
    for d in data:
        evidence.add(d)
    return not unverified(text, evidence)


def test_figures_match_at_the_precision_shown() -> None:
    assert _ok("2,400 requests", 2400)
    assert _ok("costs $0.0024 each", 0.002436)
    assert _ok("a 262k window", 262144)
    assert _ok("$1,234 a month", 1234.4)
    assert _ok("50% cached", 0.5)
    assert _ok("scores 85.1% on MMLU", 85.1)
    assert _ok("$3.36e-05 per request", 3.36e-05)
    assert _ok("1M requests", 1_000_000)
    assert _ok("about $12.35", "the page says it costs $12.35")
    assert _ok("3 of the 15 routes", [0] * 15)  # a count of returned items
    assert not _ok("$1,235 a month", 1234.4)
    assert not _ok("a 256k window", 262144)
    assert not _ok("$0.0025 each", 0.002436)
    assert not _ok("73% cheaper", 0.5, 12.0)


def test_small_bare_integers_and_list_markers_are_not_figures() -> None:
    text = "1. Compare 2 models\n2. Pick one of 3"
    assert [f.text for f in figures(text) if not f.bare_small] == []


def test_unverified_sentences_and_table_rows_are_dropped() -> None:
    answer = ("It costs $5.04 a month. It is 87% cheaper than the rest. Good.\n"
              "| A | $5.04 |\n| B | $9.99 |\n- bullet with 87% inside")
    evidence = Evidence().add({"monthly": 5.04})
    kept, removed = drop_unverified(answer, unverified(answer, evidence))
    assert kept == "It costs $5.04 a month. Good.\n| A | $5.04 |"
    assert set(removed) == {"It is 87% cheaper than the rest.", "| B | $9.99 |",
                            "bullet with 87% inside"}


def test_langchain_tools_wrap_every_tool_with_markdown_and_artifact() -> None:
    from advisor.tools import TOOLS
    from advisor.tools.langchain import langchain_tools

    tools = {t.name: t for t in langchain_tools()}
    assert list(tools) == [fn.__name__ for fn in TOOLS]
    message = tools["calculate_cost"].invoke({
        "type": "tool_call", "id": "t1", "name": "calculate_cost",
        "args": {"model": "Gemma 3 4B", "input_tokens": 100, "output_tokens": 10,
                 "requests": 1}})
    assert "**Gemma 3 4B**" in message.content
    assert message.artifact["model"] == "Gemma 3 4B"
    error = tools["lookup_specs"].invoke({"model": "gpt-7"})
    assert "No model named 'gpt-7'" in error
    bad = tools["calculate_cost"].invoke({"model": "Gemma 3 4B", "input_tokens": -1,
                                          "output_tokens": 1, "requests": 1})
    assert "input_tokens" in bad
