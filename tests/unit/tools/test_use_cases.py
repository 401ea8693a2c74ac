"""The use-case table, the evidence read from it, comparisons "for X" and budget yes/no.

Expected scores are read here straight from the curated YAML files and the table's YAML, and
costs from the raw models.dev data, never from the advisor's own lookups.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from advisor.catalog import get_catalog
from advisor.config import PROJECT_ROOT
from advisor.tools.capabilities import CAPABILITY_KEYS
from advisor.tools.compare import check_budget, compare_models
from advisor.tools.details import DETAILS_HEADING, split_details
from advisor.tools.errors import ToolInputError
from advisor.tools.evidence import evidence_for
from advisor.tools.format import usd
from advisor.tools.use_cases import UseCaseDataError, load_use_cases
from advisor.tools.workload import Workload

KNOWLEDGE = PROJECT_ROOT / "knowledge"
REQUIRED = {"coding", "agents", "long_documents", "retrieval", "multilingual", "reasoning",
            "vision", "on_device", "safety"}


def raw_table() -> dict:
    return yaml.safe_load((KNOWLEDGE / "use_cases.yaml").read_text())["use_cases"]


def raw_benchmarks() -> dict[str, list[dict]]:
    """Curated model name → its benchmark rows, read from the YAML files."""
    out = {}
    for path in sorted((KNOWLEDGE / "models").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if data.get("benchmarks"):
            out[data["name"]] = data["benchmarks"]
    return out


def as_percent(score: float, metric: str | None) -> float | None:
    if 0 < score <= 1 and "percent" not in (metric or "").lower():
        return score * 100  # a fraction (MBPP 0.814)
    return score if 0 <= score <= 100 else None


def expected_mean(rows: list[dict], use: dict) -> float | None:
    """Weighted mean over the table's benchmarks, first matching row each, 0-100 only."""
    total = weight = 0.0
    for entry in use["benchmarks"]:
        hit = next((r for r in rows if as_percent(r["score"], r.get("metric")) is not None
                    and re.search(entry["pattern"], r["name"], re.I)), None)
        if hit is not None:
            total += as_percent(hit["score"], hit.get("metric")) * entry["weight"]
            weight += entry["weight"]
    return total / weight if weight else None


def merged_rows(model) -> list[dict]:
    """The catalog's merged benchmark rows (every source layer) as plain dicts."""
    rows = model.benchmarks or (model.curated.benchmarks if model.curated else ())
    return [{"name": b.name, "score": b.score, "metric": getattr(b, "metric", None)}
            for b in rows]


def test_table_covers_every_use_case_with_reasons() -> None:
    table = load_use_cases()
    assert set(table.use_cases) >= REQUIRED
    for uc in table.use_cases.values():
        assert uc.benchmarks and uc.capabilities, uc.key
        assert all(len(b.why) > 10 for b in uc.benchmarks)
        assert all(c.key in CAPABILITY_KEYS and len(c.why) > 10 for c in uc.capabilities)
        assert uc.label in uc.weights_line() and all(b.name in uc.weights_line()
                                                     for b in uc.benchmarks)


def test_a_bad_table_names_the_file_and_the_use_case(tmp_path: Path) -> None:
    bad = tmp_path / "use_cases.yaml"
    bad.write_text("use_cases:\n  coding:\n    label: coding\n    capabilities:\n"
                   "      - {key: telepathy, why: 'reads minds of users'}\n")
    with pytest.raises(UseCaseDataError, match=r"use_cases.yaml: use case 'coding'.*telepathy"):
        load_use_cases(bad)


def test_evidence_matches_the_raw_files_for_every_curated_model_and_use_case() -> None:
    table, rows_by_model = raw_table(), raw_benchmarks()
    catalog = get_catalog()
    checked = 0
    for name, curated_rows in rows_by_model.items():
        model = catalog.resolve(name)
        rows = merged_rows(model)
        for row in curated_rows:  # the curated file's scores are all in play
            assert any(r["name"] == row["name"] and r["score"] == row["score"] for r in rows)
        for key, use in table.items():
            ev = evidence_for(model, load_use_cases().use_cases[key])
            want = expected_mean(rows, use)
            if want is None:
                assert ev.score is None and not ev.scores
                assert f"no {ev.label} scores on file" == ev.summary()
            else:
                assert ev.score == pytest.approx(want, abs=0.01)
                assert all(s.source and s.as_of for s in ev.scores)  # source and date
                assert not any(s.source.startswith("http") for s in ev.scores)  # plain names
                checked += 1
    assert checked >= 8


def test_evidence_over_the_whole_catalog_stays_on_a_percent_scale() -> None:
    table, raw = load_use_cases(), raw_table()
    for model in get_catalog():
        if not model.benchmarks:
            continue
        for uc in table.use_cases.values():
            ev = evidence_for(model, uc)
            assert all(0 <= s.score <= 100 for s in ev.scores), (model.name, uc.key)
            want = expected_mean(merged_rows(model), raw[uc.key])
            assert (ev.score is None) == (want is None)
            if want is not None:
                assert ev.score == pytest.approx(want, abs=0.01)


@pytest.mark.parametrize("use", sorted(REQUIRED))
def test_compare_for_each_use_case_shows_its_evidence_first(use: str) -> None:
    models = ["Gemma 4 26B A4B", "Qwen3.5 Plus", "Gemma 3 4B"]
    report = compare_models(models, use_case=use)
    text = report.to_markdown()
    section = report.use_case
    assert section is not None and section.use_case == use
    assert text.index(f"### For {section.label}") < text.index("### Monthly cost at traffic")
    assert report.lead.startswith(f"For {section.label}:") and text.startswith(report.lead)
    use_row = raw_table()[use]
    catalog = get_catalog()
    for name in report.models:
        if expected_mean(merged_rows(catalog.resolve(name)), use_row) is None:
            assert name in section.lacking  # said, not skipped
    for row in section.scores:
        assert row.sources and all(re.search(r"\d{4}-\d{2}-\d{2}", s) for s in row.sources)
    for need in section.needs:
        assert need.label in text
    assert section.weights in text


def test_the_issue_example_compare_for_coding_talks_about_coding() -> None:
    report = compare_models(["Gemma 4 31B", "Qwen3.5 27B"], use_case="coding")
    raw = raw_benchmarks()["Gemma 4 31B"]
    lcb = next(r["score"] for r in raw if "LiveCodeBench" in r["name"])
    assert report.lead.startswith("For coding:") and f"{lcb:g}" in report.lead
    catalog, use = get_catalog(), raw_table()["coding"]
    for name in report.models:  # each model: its scores in the lead, or "none" said
        mean = expected_mean(merged_rows(catalog.resolve(name)), use)
        assert (f"{name} {mean:.1f}" in report.lead or f"{name} scores higher" in report.lead
                or f"Only {name} has" in report.lead) if mean is not None else (
            f"{name} has none" in report.lead)
    answer, details = split_details(report.to_markdown())
    assert "#### Switch friction" in details and "Switch friction" not in answer


def test_compare_unknown_use_case_is_named() -> None:
    with pytest.raises(ToolInputError, match="use_case.*known: coding"):
        compare_models(["Gemma 4 31B", "Qwen3.5 27B"], use_case="knitting")


def test_budget_yes_no_with_the_margin_per_model(raw_models_dev) -> None:
    w = Workload(requests=1_000_000, input_tokens=2000, output_tokens=500)
    answer = check_budget(["Gemma 4 31B", "Qwen3.5 27B"], 2000, w)
    for fit in answer.models:
        route = compare_models(["Gemma 4 31B", "Qwen3.5 27B"], w).cost.costs
        cost = next(c for c in route if c.model == fit.model)
        provider, model_id = cost.route.split("/", 1)
        price = raw_models_dev[provider]["models"][model_id]["cost"]
        monthly = (2000 * price["input"] + 500 * price["output"]) / 1e6 * 1_000_000
        assert fit.monthly_cost_usd == pytest.approx(monthly)
        assert fit.margin_usd == pytest.approx(2000 - monthly)
        assert fit.fits is (monthly <= 2000)
        assert f"{usd(abs(2000 - monthly))} {'to spare' if fit.fits else 'over'}" in answer.lead
    assert answer.lead.split(" —")[0] in ("Yes", "No", "Only some")
    tight = check_budget(["Gemma 4 31B"], 1.0, w)
    assert tight.verdict == "no" and tight.lead.startswith("No — it does not fit $1.00")


def test_budget_without_a_price_is_unknown_not_a_fit() -> None:
    answer = check_budget(["Llama Guard 2 8B"], 10_000)
    assert answer.verdict == "unknown" and answer.models[0].fits is None
    assert "no paid price" in answer.lead


def test_split_details_cuts_at_the_heading() -> None:
    text = f"Answer $1.\n\n| a |\n|---|\n\n{DETAILS_HEADING}\n\n- counts"
    assert split_details(text) == ("Answer $1.\n\n| a |\n|---|", "- counts")
    assert split_details("only an answer") == ("only an answer", "")


@pytest.mark.parametrize("budget", [1.0, 400.0, 50_000.0])
def test_a_comparison_with_a_budget_answers_yes_or_no_first(budget: float) -> None:
    w = Workload(monthly_budget_usd=budget)
    report = compare_models(["Gemma 4 31B", "Qwen3.5 27B"], w)
    assert report.budget is not None
    costs = {c.model: c.per_month_usd for c in report.cost.costs}
    fits = [costs[m] <= budget for m in report.models]
    want = "Yes" if all(fits) else "No" if not any(fits) else "Only some"
    assert report.lead.startswith(f"{want} — ") and report.to_markdown().startswith(want)
    for fit in report.budget.models:
        assert fit.margin_usd == pytest.approx(budget - costs[fit.model])
