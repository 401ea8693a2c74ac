"""Hardware answers: the verdict said once, every figure's source listed, and Llama 3.1 8B's
KV cache computed from Meta's own architecture figures (knowledge/models)."""

from __future__ import annotations

import pytest

from advisor.agent import service
from advisor.tools.hardware import HardwareEstimate

LLAMA_PHRASINGS = [
    "llama 3.1 8b ok on a 12gb card at 4 bit?",
    "Can I self-host Llama-3.1-8B-Instruct on an RTX 4090?",
    "wil llama3.1 8b instruct fit in 16 GB VRAM, int8, 32k context",
]


def _estimate(answer) -> HardwareEstimate:
    calls = [c for c in answer.tool_calls if c.name == "estimate_hardware"]
    assert calls, answer.answer
    est = calls[0].result_as(HardwareEstimate)
    assert est is not None
    return est


@pytest.mark.parametrize("question", LLAMA_PHRASINGS)
def test_llama_kv_cache_from_metas_figures(question: str) -> None:
    answer = service.ask(question)
    est = _estimate(answer)
    per_token = 2 * 32 * 8 * 128 * 2  # K and V × layers × KV heads × head size × 2 bytes
    for level in est.levels:
        assert level.kv_cache_gb == pytest.approx(per_token * est.context_tokens / 1e9, abs=0.06)
    assert est.context_window == 131_072  # Meta's 128k, not a dataset's 8,192
    assert "architecture unknown" not in answer.answer
    assert any("meta-llama/llama-models" in s for s in answer.sources), answer.sources


@pytest.mark.parametrize("question", [
    *LLAMA_PHRASINGS,
    "can i run qwen2.5 7b on a 3060 12gb",
    "Gemma 3 4B on an 8GB laptop GPU?",
])
def test_the_verdict_is_said_once_and_figures_have_sources(question: str) -> None:
    answer = service.ask(question)
    est = _estimate(answer)
    body = answer.answer.split("**Sources**")[0]
    assert body.count(est.verdict) == 1, body
    assert body.lstrip().startswith(f"**{est.verdict}**") or body.lstrip().startswith("_")
    assert est.sources, f"{question}: no source for the parameter count"
    assert "no tool returned a result to cite" not in answer.answer


@pytest.mark.parametrize("question", [
    "can qwen3 32b or gemma 3 27b run on a 24gb gpu",
    "Will Gemma 3 27B and Qwen3 32B fit on my 3090?",
    "qwen3 32b vs gemma 3 27b on 24 GB vram - which fits",
])
def test_several_models_on_one_device_each_get_a_named_verdict(question: str) -> None:
    answer = service.ask(question)
    ests = [c.result_as(HardwareEstimate) for c in answer.tool_calls
            if c.name == "estimate_hardware"]
    assert len(ests) == 2 and all(e is not None for e in ests)
    lead = answer.answer.split("### Running")[0]
    for est in ests:
        assert est is not None and est.verdict
        assert f"- **{est.model}**: {est.verdict}" in lead
        same = sum(e is not None and e.verdict == est.verdict for e in ests)
        assert answer.answer.count(est.verdict) == same  # said once per model, at the top


@pytest.mark.parametrize("question", [
    "which is better for coding, qwen2.5 coder 32b or gemma 3 27b? i have a 24gb gpu",
    "for coding: Qwen2.5-Coder-32B or gemma3 27b, on a single 24 GB card?",
])
def test_a_use_case_comparison_with_a_device_answers_both(question: str) -> None:
    from advisor.tools.compare.report import ComparisonReport

    answer = service.ask(question)
    names = [c.name for c in answer.tool_calls]
    assert names[0] == "compare_models" and names.count("estimate_hardware") == 2
    report = answer.tool_calls[0].result_as(ComparisonReport)
    assert report is not None and report.use_case is not None
    body = answer.answer
    first = body.index(f"For {report.use_case.label}: {report.use_case.summary}")
    assert first < body.index("- **") < body.index("### Running")  # evidence, fits, tables


@pytest.mark.parametrize("question", [
    "how fast is llama 3.1 8b on an rtx 4090",
    "tok/s for Llama-3.1-8B on a 4090?",
    "llama 3.1 8b speed on rtx 4090, tokens per second",
])
def test_a_speed_question_leads_with_the_decode_ceiling(question: str) -> None:
    answer = service.ask(question)
    est = _estimate(answer)
    first = next(p for p in answer.answer.split("\n\n") if p.startswith("**"))
    assert est.hardware is not None and first.startswith(f"**{est.model} on {est.hardware.name}")
    bandwidth = est.hardware.bandwidth_gb_s
    assert bandwidth is not None
    for lv in est.levels:
        if lv.fits:  # bandwidth ÷ bytes of weights read per token, checked independently
            ceiling = bandwidth / (est.parameters_active_b * lv.bytes_per_parameter)
            assert f"≤ {ceiling:.1f} tok/s at {lv.label}" in first
    assert "ceiling, not a measurement" in first
