"""`advisor ask` and `advisor chat` through the real entry point."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from advisor.cli import main
from advisor.tools.cost import calculate_cost
from advisor.tools.format import usd


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return int(exit_.value.code or 0), out.out, out.err


def test_ask_prints_the_answer_and_the_thread(capsys: Any) -> None:
    code, out, err = run(capsys, "ask", "what is the context window of gemma 3 4b?")
    assert code == 0
    assert "Context window: 131k tokens" in out and "**Sources**" in out
    assert "--thread" in err


def test_ask_json_has_calls_with_args_and_results(capsys: Any) -> None:
    code, out, _ = run(capsys, "ask", "cost of gemma 3 4b at 1000 requests a day, 2k in, "
                                      "500 out", "--json")
    data = json.loads(out)
    assert code == 0
    call = data["tool_calls"][0]
    assert call["name"] == "calculate_cost"
    assert call["args"] == {"model": "Gemma 3 4B", "input_tokens": 2000, "output_tokens": 500,
                            "requests": 1000, "period": "day"}
    direct = calculate_cost(**call["args"])
    assert call["result"]["routes"][0]["per_month_usd"] == pytest.approx(
        direct.routes[0].per_month_usd)
    assert data["sources"] and "recommendations" in data and data["planner"] == "offline"


def test_ask_json_lists_recommendations(capsys: Any) -> None:
    _, out, _ = run(capsys, "ask", "recommend a model with vision and tool use", "--json")
    data = json.loads(out)
    assert data["recommendations"] and data["recommendations"][0]["rank"] == 1


def test_ask_continues_a_thread(capsys: Any) -> None:
    _, out, _ = run(capsys, "ask", "context window of qwen3.5 27b", "--json")
    thread = json.loads(out)["thread_id"]
    _, out, _ = run(capsys, "ask", "how much does it cost for 1M requests a month?",
                    "--thread", thread, "--json")
    data = json.loads(out)
    assert data["thread_id"] == thread
    assert data["tool_calls"][0]["args"]["model"] == "Qwen3.5 27B"


def test_ask_unknown_model_is_an_answer_not_a_traceback(capsys: Any) -> None:
    code, out, err = run(capsys, "ask", "specs of gpt-7")
    assert code == 0 and "No model named 'gpt-7'" in out and "Traceback" not in out + err


def test_chat_keeps_one_thread_and_exits(capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(
        "How much does Gemma 3 4B cost for 1M requests a month, 2k in, 500 out?\n"
        "and at 10x the traffic?\nexit\n"))
    code, out, _ = run(capsys, "chat")
    ten_x = calculate_cost("Gemma 3 4B", 2000, 500, 10_000_000)
    paid = next(r for r in ten_x.routes if r.per_request_usd > 0)
    assert code == 0
    assert "offline planner" in out
    assert f"**{usd(paid.per_month_usd)} a month**" in out
    assert "resume with `advisor chat --thread" in out


def test_chat_ends_on_end_of_input(capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, _ = run(capsys, "chat")
    assert code == 0 and "Ask a question" in out
