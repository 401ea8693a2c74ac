import json

import pytest

from advisor.cli import main


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_recommend_json_honours_the_flags(capsys):
    code, out, _ = run(capsys, "recommend", "--need", "vision", "--need", "function_calling",
                       "--budget", "500", "--requests", "3000", "--per", "day", "--top", "2",
                       "--json")
    data = json.loads(out)
    assert code == 0 and data["requests_per_month"] == 90_000 and len(data["picks"]) == 2
    for pick in data["picks"]:
        assert {"vision", "function_calling"} <= set(pick["capabilities"])
        assert pick["monthly_cost_usd"] <= 500
        assert pick["route"]["per_month_usd"] == pytest.approx(pick["monthly_cost_usd"])


def test_recommend_prints_a_table(capsys):
    code, out, _ = run(capsys, "recommend", "--self-host", "--gpu-gb", "24",
                       "--use-case", "coding")
    assert code == 0 and "| # | Model |" in out and "runs at" in out


@pytest.mark.parametrize("argv, needle", [
    (["--need", "tool_use"], "--need: unknown capability 'tool_use'; did you mean "
                             "function_calling?"),
    (["--budget", "-5"], "--budget:"),
    (["--provider", "grok"], "--provider: no provider named 'grok'"),
    (["--per", "week"], "--per:"),
    (["--top", "0"], "--top:"),
])
def test_bad_flags_are_one_line(capsys, argv, needle):
    code, out, err = run(capsys, "recommend", *argv)
    assert code == 2 and needle in err and "Traceback" not in err + out
