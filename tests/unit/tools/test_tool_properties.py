"""Property tests over every tool's inputs: a result with only finite numbers, or an error for a
person that names the argument. Never another exception.

Examples are few (CPU is shared); the strategies mix plausible values with the hostile ones
users and agents send: NaN, infinities, 400-digit integers, 1e308, lone surrogates, control
characters, huge strings and lists, wrong types.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from advisor.errors import AdvisorError
from advisor.tools import (
    calculate_cost,
    compare_models,
    diff_capabilities,
    estimate_hardware,
    lookup_specs,
    recommend,
)
from advisor.tools.errors import ToolInputError

FAST = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
NAMES = ["Gemma 3 4B", "gpt-4o", "qwen3.5 4b", "Llama Guard 2 8B", "claude sonnet 4",
         "gemma 3 4b \ud800", "\x00\x1b[31m", "", "x" * 2000, "Gemma 3 4Bz"]
names = st.one_of(st.sampled_from(NAMES), st.text(max_size=12), st.integers(), st.none())
numbers = st.one_of(
    st.integers(0, 5_000_000), st.integers(-10, -1), st.integers(10 ** 300, 10 ** 400),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e308, -0.0, 2000.0]),
    st.booleans(), st.text(max_size=4), st.none())


def _finite(value: Any, where: str = "result") -> None:
    """Every number anywhere in a dumped result is finite."""
    if isinstance(value, float):
        assert math.isfinite(value), f"{where} = {value!r}"
    elif isinstance(value, dict):
        for key, item in value.items():
            _finite(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _finite(item, f"{where}[{i}]")


def _check(fn: Any, fields: set[str], *args: Any, **kwargs: Any) -> None:
    try:
        result = fn(*args, **kwargs)
    except ToolInputError as exc:
        assert exc.field.split(".")[0].split("[")[0] in fields, (exc.field, str(exc))
        assert str(exc).startswith(f"{exc.field}: ")
        return
    except AdvisorError as exc:  # an unknown model: names it and offers the closest
        assert "model" in str(exc).lower(), str(exc)
        return
    assert isinstance(result, BaseModel)
    _finite(result.model_dump(mode="python"))
    assert isinstance(result.to_markdown(), str)  # type: ignore[attr-defined]


@FAST
@given(model=names)
def test_lookup_specs(model: Any) -> None:
    _check(lookup_specs, {"model"}, model)


@FAST
@given(model=names, inp=numbers, out=numbers, req=numbers, share=numbers, reasoning=numbers,
       period=st.sampled_from(["day", "month", "week", 3]))
def test_calculate_cost(model: Any, inp: Any, out: Any, req: Any, share: Any, reasoning: Any,
                        period: Any) -> None:
    _check(calculate_cost, {"model", "input_tokens", "output_tokens", "requests",
                            "cached_input_share", "reasoning_tokens", "period", "provider"},
           model, inp, out, req, period, cached_input_share=share, reasoning_tokens=reasoning)


@FAST
@given(models=st.one_of(st.lists(names, max_size=4), st.lists(st.just("gpt-4o"), min_size=60,
                                                              max_size=60), names))
def test_diff_capabilities(models: Any) -> None:
    _check(diff_capabilities, {"models"}, models)


workloads = st.one_of(st.none(), st.fixed_dictionaries({}, optional={
    "requests": numbers, "input_tokens": numbers, "output_tokens": numbers,
    "monthly_budget_usd": numbers, "gpu_memory_gb": numbers, "min_context": numbers,
    "cached_input_share": numbers, "period": st.sampled_from(["day", "month", "year"]),
    "required_capabilities": st.lists(st.sampled_from(["vision", "tools", "nope"]), max_size=2),
    "self_host": st.booleans(), "providers": st.lists(names, max_size=2),
}))
WORKLOAD_FIELDS = {"workload", "requests", "input_tokens", "output_tokens", "monthly_budget_usd",
                   "gpu_memory_gb", "min_context", "cached_input_share", "period",
                   "required_capabilities", "self_host", "providers", "top_k", "models"}


@FAST
@given(models=st.lists(st.sampled_from(NAMES[:5]), min_size=2, max_size=3), workload=workloads)
def test_compare_models(models: list[str], workload: Any) -> None:
    _check(compare_models, WORKLOAD_FIELDS, models, workload)


@FAST
@given(model=names, context=numbers,
       hardware=st.one_of(st.none(), st.sampled_from(["RTX 4090", "24 GB", "0 GB", "1e308 GB",
                                                      "9" * 400 + " GB", "\ud800", ""])),
       quant=st.one_of(st.none(), st.sampled_from(["4bit", "q4_k_m", "fp3", ""])))
def test_estimate_hardware(model: Any, context: Any, hardware: Any, quant: Any) -> None:
    _check(estimate_hardware, {"model", "context_tokens", "hardware", "quantization"}, model,
           quantization=quant, context_tokens=context, hardware=hardware)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(workload=workloads, top_k=st.one_of(st.integers(-2, 12), st.just(10 ** 400),
                                           st.floats(allow_nan=True)))
def test_recommend(workload: Any, top_k: Any) -> None:
    _check(recommend, WORKLOAD_FIELDS, workload, top_k=top_k)


@pytest.mark.parametrize(("query", "k", "field"), [
    ("x" * 5000, 5, "query"), ("gemma", 10 ** 400, "k"), ("gemma", float("nan"), "k"),
    ("", 5, "query"), ("gemma", True, "k"),
])
def test_search_documents_input_errors(query: str, k: Any, field: str) -> None:
    from advisor.tools.documents import search_documents

    with pytest.raises(ToolInputError) as err:
        search_documents(query, k=k)
    assert err.value.field == field and "9" * 50 not in str(err.value)


def test_search_documents_refuses_too_many_models() -> None:
    from advisor.tools.documents import search_documents

    with pytest.raises(ToolInputError) as err:
        search_documents("gemma", models=["gpt-4o"] * 51)
    assert err.value.field == "models"
