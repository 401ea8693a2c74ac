import json

import pytest

from advisor.cli import main


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_specs_prints_a_table(capsys):
    code, out, _ = run(capsys, "specs", "gemma 3 4b")
    assert code == 0 and "| Context window |" in out


def test_cost_json_has_the_figures(capsys):
    code, out, _ = run(capsys, "cost", "qwen3.5 122b a10b", "--input", "2000", "--output",
                       "500", "--requests", "1000000", "--per", "month", "--provider",
                       "alibaba", "--json")
    data = json.loads(out)
    assert code == 0 and data["routes"][0]["per_month_usd"] == pytest.approx(2400.0)


def test_diff_prints_the_matrix(capsys):
    code, out, _ = run(capsys, "diff", "Gemma 2 2B", "Qwen3.5 122B A10B")
    assert code == 0 and "Vision" in out and "alone has" in out


@pytest.mark.parametrize("argv, needle", [
    (["specs", "nosuchmodel-xyz"], "No model named"),
    (["cost", "gemma 3 4b", "--input", "-5"], "--input"),
    (["cost", "gemma 3 4b", "--output", "lots"], "--output"),
    (["cost", "gemma 3 4b", "--per", "week"], "--per"),
    (["diff"], "at least two"),
])
def test_bad_input_is_one_line_without_traceback(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code != 0
    assert needle in err and "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_catalog_info(capsys):
    code, out, _ = run(capsys, "catalog", "info", "--json")
    info = json.loads(out)
    assert code == 0 and info["offerings"] >= 4800 and info["curated_models"] >= 8


def test_catalog_info_prints_knowledge_coverage_and_source_dates(capsys):
    code, out, _ = run(capsys, "catalog", "info")
    assert code == 0
    assert "with a parameter count:" in out and "with a licence:" in out
    assert "Routes priced by both price sources:" in out
    assert "llm-leaderboard@" in out and "CC-BY-4.0" in out and "genai-prices" in out
    code, out, _ = run(capsys, "catalog", "info", "--json")
    cov = json.loads(out)["coverage"]
    assert cov["routes_priced_by_both_sources"] >= cov["routes_whose_sources_disagree"] > 0


def test_catalog_check_lists_price_disagreements(capsys):
    code, out, _ = run(capsys, "catalog", "check", "--json")
    rows = json.loads(out)["price_disagreements"]
    assert code == 0 and rows
    for row in rows:
        a, b = row["models_dev"], row["second_source"]
        assert abs(a - b) / max(a, b) > 0.05
