"""Knowledge layers: lab data, leaderboard, family rules, names, second price source.

Figures are checked against the bundled data files read here independently (plain gzip +
json), and against the raw models.dev data of the ``raw_models_dev`` fixture.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from advisor.catalog import models_dev
from advisor.catalog.catalog import Catalog, build_catalog
from advisor.catalog.names import normalize
from advisor.catalog.schema import Claim, Fact, SourceRef
from advisor.catalog.sources.coverage import coverage, price_disagreements
from advisor.catalog.sources.families import LicenceRulesError, load_rules
from advisor.catalog.sources.licences import canonical_licence
from advisor.catalog.sources.names import parameters_from_name
from advisor.config import PROJECT_ROOT, Settings, use_settings

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def _bundle(name: str) -> dict[str, Any]:
    with gzip.open(KNOWLEDGE / "data" / f"{name}.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    use_settings(Settings(data_dir=tmp_path_factory.mktemp("src"), knowledge_dir=KNOWLEDGE,
                          _env_file=None))
    try:
        return build_catalog(models_dev.read_raw(), "test")
    finally:
        use_settings(None)


# --- parameters from the name: many spellings ----------------------------------------------
@pytest.mark.parametrize(("name", "expected"), [
    ("Qwen3.5-122B-A10B", (122, 10)),
    ("qwen/qwen3.5-122b-a10b", (122, 10)),
    ("Qwen3 235B A22B", (235, 22)),
    ("llama-3.1-8b-instruct", (8, None)),
    ("meta-llama/Meta-Llama-3.1-70B-Instruct", (70, None)),
    ("phi3:3.8b", (3.8, None)),
    ("DeepSeek-R1-Distill-Qwen-1.5B", (1.5, None)),
    ("Gemma 3 270M", (0.27, None)),
    ("Llama Prompt Guard 2 22M", (0.022, None)),
    ("Llama-4-Scout-17B-16E-Instruct", (None, 17)),
])
def test_sizes_read_from_names(name, expected):
    total, active = parameters_from_name(name) or (None, None)
    assert (total, active) == (pytest.approx(expected[0]) if expected[0] else None,
                               pytest.approx(expected[1]) if expected[1] else None)


@pytest.mark.parametrize("name", [
    "Mixtral 8x7B Instruct",  # the total is not 8 × 7
    "gemma-4-e4b-it",  # "effective" size, not a parameter count
    "qwen-plus-1m",  # a context length
    "claude-3-5-sonnet-20241022", "deepseek-v3", "GPT-4o mini",
    "Qwen 7B vs 72B",  # two sizes: ambiguous
    "mimo-v2.5-pro-6bit", "Qwen3-Coder-Next-FP8",
])
def test_names_without_one_clear_size_give_nothing(name):
    assert parameters_from_name(name) is None


# --- merged facts against the raw bundles -----------------------------------------------------
def test_every_leaderboard_parameter_count_reaches_its_model(catalog):
    board = _bundle("llm_leaderboard")
    checked = 0
    for m in board["models"]:
        key = catalog._index.get(normalize(m["id"])) or catalog._index.get(normalize(m["name"]))
        if key is None or not m["parameters_b"]:
            continue
        fact = catalog.models[key].facts["parameters_total_b"]
        values = [c.value for c in fact.claims if c.source.key == "llm-leaderboard"]
        assert any(abs(v - m["parameters_b"]) < 1e-9 for v in values), m["id"]
        checked += 1
    assert checked >= 60


def test_lab_benchmarks_keep_score_metric_source_and_date(catalog):
    labs = _bundle("models_dev_labs")
    row = next(m for m in labs["models"] if m["id"] == "qwen3-235b-a22b")
    model = catalog.resolve("qwen3 235b a22b")
    aider = next(b for b in row["benchmarks"] if b["name"] == "Aider Polyglot")
    got = next(b for b in model.benchmarks
               if b.name == "Aider Polyglot" and b.source.key == "models.dev-labs")
    assert got.score == aider["score"] and got.metric == aider["metric"]
    assert got.as_of == aider["date"] and got.source.url == aider["source"]
    assert labs["provenance"]["commit"][:7] in (got.source.ref or "")


def test_leaderboard_fractions_become_percent(catalog):
    board = _bundle("llm_leaderboard")
    row = next(m for m in board["models"] if m["id"] == "qwen3-235b-a22b")
    raw = next(b for b in row["benchmarks"] if b["max_score"] == 1)
    model = catalog.resolve("qwen3 235b a22b")
    got = [b for b in model.benchmarks if b.source.key == "llm-leaderboard"
           and b.name == raw["name"]]
    assert got and got[0].score == pytest.approx(raw["score"] * 100)
    assert got[0].as_of == raw["recorded"]


def test_every_claim_and_benchmark_names_a_source_and_a_date(catalog):
    for model in catalog:
        for fact in model.facts.values():
            for claim in fact.claims:
                assert claim.source.title and claim.as_of, (model.name, fact.field)
        for b in model.benchmarks:
            assert b.source.url or b.source.ref, (model.name, b.name)


def test_curated_claims_stay_first(catalog):
    for model in catalog:
        if model.curated is None:
            continue
        for field, fact in model.curated.facts.items():
            assert model.facts[field].claims[: len(fact.claims)] == fact.claims
            assert model.fact_value(field) == fact.value or isinstance(fact.value, dict)


def test_family_rule_gives_llama_its_licence_text_and_terms(catalog):
    model = catalog.resolve("llama 3.3 70b instruct")
    claims = model.facts["license"].claims
    rule = next(c for c in claims if c.source.key.startswith("licences.yaml"))
    assert rule.value == "Llama 3.3 Community"
    assert "llama3_3/LICENSE" in (rule.source.url or "")
    assert model.fact_value("commercial_use") == "permitted with conditions"


def test_a_makers_open_licence_outvotes_resellers_default_no(catalog):
    # DeepSeek V3: 7 of 12 listings say "not open weights"; DeepSeek's README publishes them
    model = catalog.resolve("deepseek v3")
    assert model.open_weights is True
    (dis,) = [d for d in model.disagreements if d.field == "open_weights"]
    assert dis.value is True and "DeepSeek-V3 README" in (dis.source or "")
    for m in catalog:  # the rule only ever confirms a listing that already says "open"
        claims = m.facts.get("open_weights")
        if claims and any(c.source.key.startswith("licences.yaml") for c in claims.claims):
            assert any(r.open_weights for r in m.routes), m.name


def test_proprietary_models_get_no_family_licence(catalog):
    for name in ("qwen3 max", "qwen3.5 plus"):
        try:
            model = catalog.resolve(name)
        except LookupError:
            continue
        fact = model.facts.get("license")
        assert fact is None or not any(c.source.key.startswith("licences.yaml")
                                       for c in fact.claims)


def test_coverage_targets(catalog):
    cov = coverage(catalog, KNOWLEDGE, catalog.as_of)
    assert cov.models_with_dated_benchmarks >= 150
    assert cov.open_priced > 0 and cov.with_parameters / cov.open_priced >= 0.5
    assert cov.routes_compared >= 500


# --- the second price source -----------------------------------------------------------------
def test_every_route_both_sources_price_is_compared(catalog, raw_models_dev):
    table = _bundle("genai_prices")["routes"]
    expected, differing = set(), set()
    for pid, provider in raw_models_dev.items():
        for mid, m in provider["models"].items():
            route = f"{pid}/{m.get('id') or mid}"
            cost, theirs = m.get("cost") or {}, table.get(route)
            if not theirs or cost.get("input") is None or cost.get("output") is None:
                continue
            gp = {k: v["base"] if isinstance(v, dict) else v  # tiered: the base price
                  for k, v in theirs["prices"].items()}
            if not isinstance(gp.get("input"), int | float) or \
                    not isinstance(gp.get("output"), int | float):
                continue
            expected.add(route)
            for kind in ("input", "output", "cache_read"):
                a, b = cost.get(kind), gp.get(kind)
                if isinstance(a, int | float) and isinstance(b, int | float) and max(a, b) > 0 \
                        and abs(a - b) / max(a, b) > 0.05:
                    differing.add(route)
    compared = {sp.route for m in catalog for sp in m.second_prices
                if sp.input is not None and sp.output is not None
                and any(r.route == sp.route and r.prices and r.prices.complete
                        for r in m.routes)}
    assert compared <= expected and len(compared) >= 0.95 * len(expected)
    found = {d.route for d in price_disagreements(catalog)}
    assert found & compared == differing & compared


def test_a_disagreement_names_both_prices_and_sources(catalog):
    d = price_disagreements(catalog)[0]
    text = d.describe()
    assert "models.dev" in text and "genai-prices" in text
    assert f"${d.models_dev:g}" in text and f"${d.second:g}" in text


def test_batch_prices_and_history_come_through(catalog):
    table = _bundle("genai_prices")["routes"]
    route, row = next((r, v) for r, v in sorted(table.items()) if "batch" in v)
    model = next(m for m in catalog if any(r.route == route for r in m.routes))
    sp = next(s for s in model.second_prices if s.route == route)
    assert sp.batch_input == row["batch"]["input"]
    dated = next((r, v) for r, v in sorted(table.items()) if "history" in v)
    model = next(m for m in catalog if any(r.route == dated[0] for r in m.routes))
    sp = next(s for s in model.second_prices if s.route == dated[0])
    assert [h[0] for h in sp.history] == [str(h[0] or "") for h in dated[1]["history"]]


# --- rules, licences and conflicts -----------------------------------------------------------
def test_licence_spellings_agree():
    assert {canonical_licence(x) for x in ("Apache 2.0", "apache-2.0", "Apache License 2.0",
                                           "APACHE 2.0")} == {"Apache 2.0"}
    assert canonical_licence("MIT License") == "MIT"
    assert canonical_licence("Llama 3.1 Community License") == "Llama 3.1 Community"


def test_a_bad_rule_file_names_the_file_and_the_rule(tmp_path: Path):
    (tmp_path / "licences.yaml").write_text(
        "rules:\n  - family: X\n    match: 'x('\n    licence: MIT\n"
        "    commercial_use: permitted\n    source: {url: 'https://e.org', as_of: 2026-01-01}\n")
    with pytest.raises(LicenceRulesError, match=r"licences.yaml: rule 1 \(X\): bad pattern"):
        load_rules(tmp_path)
    (tmp_path / "licences.yaml").write_text(
        "rules:\n  - family: Y\n    match: 'y'\n    licence: MIT\n"
        "    commercial_use: maybe\n    source: {url: 'https://e.org', as_of: 2026-01-01}\n")
    with pytest.raises(LicenceRulesError, match="commercial_use must be one of"):
        load_rules(tmp_path)


def test_every_rule_cites_a_url_and_a_date():
    rules = load_rules(KNOWLEDGE)
    assert len(rules) >= 20
    assert all(r.source.url and r.source.url.startswith("https://") and r.source.as_of
               for r in rules)


def _fact(field: str, *values: float) -> Fact:
    claims = tuple(Claim(value=v, as_of="2026-01-01",
                         source=SourceRef(key=f"s{i}", title="t", as_of="2026-01-01"))
                   for i, v in enumerate(values))
    return Fact(field=field, claims=claims)


def test_rounded_parameter_counts_are_not_a_conflict():
    assert not _fact("parameters_total_b", 8, 8.03).conflict
    assert not _fact("parameters_total_b", 117, 120).conflict
    assert _fact("parameters_total_b", 7, 70).conflict
    assert _fact("context_window", 262144, 256000).conflict  # exact fields stay exact


# --- what users see in a cost report ----------------------------------------------------------
def test_cost_report_shows_batch_prices_and_price_disagreements():
    from advisor.tools.cost import calculate_cost

    table = _bundle("genai_prices")["routes"]
    report = calculate_cost("claude sonnet 4.6", 2000, 500, 30_000, batch=True)
    assert report.batch, "Anthropic's batch prices are in the second source"
    for b in report.batch:
        row = table[f"{b.provider_id}/{b.model_id}"]["batch"]
        assert b.per_request_usd == pytest.approx((2000 * row["input"] + 500 * row["output"])
                                                  / 1e6)
        assert b.per_month_usd == pytest.approx(b.per_request_usd * 30_000)
    plain = calculate_cost("claude sonnet 4.6", 2000, 500, 30_000)
    assert plain.batch == []
    assert any("prices disagree" in n and "genai-prices" in n
               for r in plain.routes for n in r.notes) or not any(
        r.provider_id in {"amazon-bedrock", "github-copilot"} for r in plain.routes)
    assert "Batch prices" in report.to_markdown()
