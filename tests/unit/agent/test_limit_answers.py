"""'Can X write 64k tokens?' / 'will X take a 300k prompt?': a size checked against the model's
limits, yes or no with both figures, never priced as a workload or re-read as a total."""

from __future__ import annotations

import pytest

from advisor.agent import service


def _sheet(answer) -> dict:
    (call,) = [c for c in answer.tool_calls if c.name == "lookup_specs"]
    assert call.data is not None
    return call.data


def _lead(answer) -> str:
    return next(p for p in answer.answer.split("\n\n") if p.startswith("**"))


@pytest.mark.parametrize(("question", "inp", "out"), [
    ("can sonnet 4.5 write up to 64k tokens in one reply?", None, 64_000),
    ("could o3 output 200k tokens", None, 200_000),
    ("Will GPT-4o take a 300k token prompt?", 300_000, None),
    ("does gemini 2.5 flash accept 900k tokens of input", 900_000, None),
    ("can claude haiku 4.5 handle a 150k-token document and write a 10k summary",
     150_000, 10_000),
    ("is gpt-4.1 able to read a 1.2M token codebase?", 1_200_000, None),
])
def test_a_size_is_checked_against_the_limits(question: str, inp: int | None,
                                              out: int | None) -> None:
    answer = service.ask(question)
    assert [c.name for c in answer.tool_calls] == ["lookup_specs"]  # no bill, no total
    sheet = _sheet(answer)
    ok = (out is None or out <= sheet["max_output"]) and \
        (inp or 0) + (out or 0) <= sheet["context_window"]
    lead = _lead(answer)
    assert lead.startswith(("**Yes: that fits " if ok else "**No: that does not fit ")
                           + sheet["name"]), lead
    if out is not None:
        assert f"a {out:,}-token reply against a max output of" in lead
        assert f"({sheet['max_output']:,})" in lead
    if inp is not None:
        assert f"({sheet['context_window']:,})" in lead
    assert not answer.warnings, answer.warnings


def test_a_size_with_traffic_is_still_a_cost_question() -> None:
    answer = service.ask("can gpt-4o take 3k token prompts at 10k requests a day, what's the bill")
    assert "calculate_cost" in [c.name for c in answer.tool_calls]
