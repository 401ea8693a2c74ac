"""The objective decides the order: properties over many workloads, checked from raw data.

For every workload hypothesis draws (capabilities, traffic, token sizes, open weights,
self-hosting on a memory size, a use case), each objective's table must be in the order of
its own figure, the first pick must beat every other qualifying model on that figure, and the
first line must state the objective with the workload. Costs are recomputed from the raw
models.dev data; release dates, sizes and contexts from the catalog's routes and curated files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from advisor.catalog import reset_catalog
from advisor.config import PROJECT_ROOT, Settings, use_settings
from advisor.tools.errors import ToolInputError
from advisor.tools.format import usd
from advisor.tools.recommend import recommend
from advisor.tools.recommend.core import shortlist
from advisor.tools.recommend.scoring import established
from advisor.tools.use_cases import use_case_for
from advisor.tools.workload import Workload

CAPS = ["vision", "function_calling", "structured_outputs", "reasoning", "pdf_input"]
PROPERTY = hypothesis_settings(max_examples=15, deadline=None,
                               suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def _one_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """One data dir and one loaded catalog for the module (the tools only read it)."""
    s = Settings(data_dir=tmp_path_factory.mktemp("objective-data"),
                 knowledge_dir=PROJECT_ROOT / "knowledge", _env_file=None)
    use_settings(s)
    reset_catalog()
    yield s
    use_settings(None)
    reset_catalog()


@pytest.fixture(autouse=True)
def settings(_one_catalog: Settings) -> Iterator[Settings]:
    """Overrides the per-test settings: the catalog is built once for these read-only tests."""
    use_settings(_one_catalog)
    yield _one_catalog


@st.composite
def workloads(draw: st.DrawFn) -> Workload:
    caps = draw(st.lists(st.sampled_from(CAPS), max_size=2, unique=True))
    self_host = draw(st.booleans()) and draw(st.booleans())  # a quarter self-host
    return Workload(
        requests=draw(st.sampled_from([1_000, 30_000, 150_000, 1_000_000, 5_000_000])),
        period=draw(st.sampled_from(["day", "month"])),
        input_tokens=draw(st.sampled_from([None, 200, 2_000, 20_000])),
        output_tokens=draw(st.sampled_from([None, 100, 800])),
        required_capabilities=caps,
        open_weights_only=draw(st.booleans()),
        self_host=self_host,
        gpu_memory_gb=draw(st.sampled_from([8.0, 24.0, 80.0])) if self_host else None)


def pool(w: Workload) -> list:
    """The qualifying models the recommender ranks (established ones, as it prefers)."""
    cands = shortlist(w)
    known = [c for c in cands if established(c)]
    return known if len(known) >= 3 and len(known) < len(cands) else cands


def raw_monthly(raw, pick, w: Workload) -> float:
    """A pick's monthly cost from the raw models.dev prices of its costed route."""
    cost = raw[pick.route.provider_id]["models"][pick.route.model_id]["cost"]
    i = w.input_tokens if w.input_tokens is not None else 2000
    o = w.output_tokens if w.output_tokens is not None else 500
    return (i * cost["input"] + o * cost["output"]) / 1e6 * (w.requests_per_month or 0)


@PROPERTY
@given(w=workloads())
def test_cheapest_orders_by_monthly_cost(raw_models_dev, w: Workload) -> None:
    if w.self_host:
        return  # self-hosting has no API bill to minimise (prices shown for reference)
    r = recommend(w, top_k=5, objective="cheapest")
    costs = [p.monthly_cost_usd for p in r.picks]
    assert all(c is not None for c in costs)
    assert costs == sorted(costs)
    if r.picks:
        # the first pick is the cheapest model that qualifies, by the raw prices
        assert r.picks[0].monthly_cost_usd == pytest.approx(raw_monthly(raw_models_dev,
                                                                        r.picks[0], w))
        cheapest = min(c.monthly_usd for c in pool(w) if c.monthly_usd is not None)
        assert r.picks[0].monthly_cost_usd == pytest.approx(cheapest)
        assert r.lead.startswith("Cheapest")
        assert f"{w.requests_per_month:,} requests a month" in r.lead
        assert f"**{r.picks[0].model}** at {usd(r.picks[0].monthly_cost_usd)}" in r.lead


@PROPERTY
@given(w=workloads())
def test_largest_context_orders_by_context_window(w: Workload) -> None:
    r = recommend(w, top_k=5, objective="largest_context")
    windows = [p.context_window or 0 for p in r.picks]
    assert windows == sorted(windows, reverse=True)
    if r.picks:
        assert windows[0] == max(c.context or 0 for c in pool(w))
        assert r.lead.startswith("Largest context window")


def _released(figure: str | None) -> str:
    match = re.search(r"\d{4}-\d{2}-\d{2}", figure or "")
    return match.group(0) if match else "0000"


@PROPERTY
@given(w=workloads())
def test_newest_orders_by_release_date(w: Workload) -> None:
    r = recommend(w, top_k=5, objective="newest")
    dates = [_released(p.figure) for p in r.picks]
    assert dates == sorted(dates, reverse=True)
    if r.picks:
        newest = max(c.profile.released for c in pool(w) if c.profile.released)
        assert dates[0] == newest.isoformat()
        assert r.lead.startswith("Newest")


def _gb(fit: str | None) -> float:
    match = re.search(r"≈ ([\d.]+) GB", fit or "")
    return float(match.group(1)) if match else float("inf")


@PROPERTY
@given(w=workloads())
def test_smallest_orders_by_size_or_memory(w: Workload) -> None:
    r = recommend(w, top_k=5, objective="smallest")
    if w.self_host and w.gpu_memory_gb:
        sizes = [_gb(p.self_host_fit) for p in r.picks]
        assert all(s <= w.gpu_memory_gb for s in sizes)
    else:
        sizes = [p.parameters_b if p.parameters_b is not None else float("inf")
                 for p in r.picks]
        if r.picks and sizes[0] != float("inf"):
            known = [c.profile.params.billions for c in pool(w) if c.profile.params]
            assert sizes[0] == min(known)
    assert sizes == sorted(sizes)
    if r.picks:
        assert r.lead.startswith("Smallest")


def _active(figure: str | None) -> float:
    match = re.match(r"([\d.]+)B active", figure or "")
    return float(match.group(1)) if match else float("inf")


@PROPERTY
@given(w=workloads())
def test_fastest_orders_by_active_parameters_and_says_what_fastest_means(w: Workload) -> None:
    r = recommend(w, top_k=5, objective="fastest")
    active = [_active(p.figure) for p in r.picks]
    assert active == sorted(active)
    assert any("no measured speeds" in n for n in r.notes)


@PROPERTY
@given(w=workloads(), use=st.sampled_from(["coding", "reasoning", "vision", "multilingual",
                                           "on_device"]))
def test_best_for_orders_by_evidence_and_never_by_proxies(w: Workload, use: str) -> None:
    r = recommend(w, top_k=5, objective="best_for", use_case=use)
    scores = [p.evidence.score if p.evidence and p.evidence.score is not None else None
              for p in r.picks]
    known = [s for s in scores if s is not None]
    assert known == sorted(known, reverse=True)
    assert scores[:len(known)] == known  # models without evidence come after, never above
    label = r.picks[0].evidence.label if r.picks and r.picks[0].evidence else use
    if r.picks and not known:
        assert "none can be called best for" in r.lead  # said, not ranked by proxies
    elif r.picks:
        assert r.lead.startswith(f"Best for {label} by benchmark evidence")
        assert r.evidence_weights and "weights:" in r.evidence_weights
    lacking = [p.model for p, s in zip(r.picks, scores, strict=True) if s is None]
    assert r.lacking_evidence == lacking


def test_the_issue_example_cheapest_with_vision_and_tool_calling(raw_models_dev) -> None:
    w = Workload(requests=150_000, required_capabilities=["vision", "function_calling"])
    r = recommend(w, objective="cheapest")
    assert r.lead.startswith("Cheapest that has vision and tool calling, at 150,000 "
                             "requests a month: ")
    costs = [p.monthly_cost_usd for p in r.picks]
    assert costs == sorted(costs)  # no $52.50 pick above a $42.75 one
    text = r.to_markdown()
    answer = text.split("### Details")[0]
    assert text.startswith(r.lead) and "### Details" in text
    assert "Excluded" not in answer and "Excluded" in text  # counts are details
    assert answer.count("\n| ") == len(r.picks) + 1  # a short table: header + picks


def test_default_objective_still_ranks_by_fit_and_says_so() -> None:
    r = recommend(Workload(requests=10_000), top_k=4)
    assert r.objective is None and r.lead.startswith("Best overall fit")
    assert [p.score for p in r.picks] == sorted((p.score for p in r.picks), reverse=True)


@pytest.mark.parametrize(("kwargs", "field", "words"), [
    ({"objective": "cheapst"}, "objective", "cheapest, fastest"),
    ({"objective": "best_for"}, "use_case", "coding"),
    ({"objective": "best_for", "use_case": "knitting"}, "use_case", "known: coding"),
])
def test_bad_objective_or_use_case_is_named(kwargs, field, words) -> None:
    with pytest.raises(ToolInputError, match=field) as err:
        recommend(Workload(), **kwargs)
    assert words in str(err.value)


@pytest.mark.parametrize(("spoken", "key"), [
    ("coding", "coding"), ("Debugging Python", "coding"), ("long documents", "long_documents"),
    ("OCR of invoices", "vision"), ("tool use", "agents"), ("moderation", "safety"),
    ("translation into French", "multilingual"), ("maths", "reasoning"),
    ("on-device", "on_device"), ("RAG over our wiki", "retrieval"),
])
def test_use_case_in_many_voices(spoken: str, key: str) -> None:
    uc = use_case_for(spoken)
    assert uc is not None and uc.key == key


def test_a_spoken_use_case_reaches_the_result() -> None:
    assert recommend(Workload(requests=1000), use_case="Debugging Python").use_case == "coding"


def test_objective_aliases_are_accepted() -> None:
    assert recommend(Workload(requests=1000), objective="Lowest cost").objective == "cheapest"
    assert recommend(Workload(requests=1000), objective="latest").objective == "newest"
