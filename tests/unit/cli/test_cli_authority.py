"""The CLI says where the data disagrees and which values it refused."""

from __future__ import annotations

import json

import pytest

from advisor.cli import main
from tests.unit.catalog.conftest import installed, whole_catalog

__all__ = ["installed", "whole_catalog"]


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return exit_.value.code, out.out


def test_catalog_info_counts_the_refused_values(capsys, installed):
    code, out = run(capsys, "catalog", "info", "--json")
    info = json.loads(out)
    assert code == 0 and info["import_warnings"] == len(installed.warnings) > 0


def test_catalog_check_lists_every_refused_value(capsys, installed):
    code, out = run(capsys, "catalog", "check")
    lines = [line for line in out.splitlines() if line.startswith("- ") and " refused (" in line]
    assert code == 0 and len(lines) == len(installed.warnings)
    assert any(line.startswith("- frogbot/gpt-oss-120b: release_date '1970-01-01' refused")
               for line in lines)
    code, out = run(capsys, "catalog", "check", "--json")
    rows = json.loads(out)["warnings"]
    assert {"provider", "model", "field", "value", "problem"} <= set(rows[0])


def test_specs_names_the_maker_and_the_disagreement(capsys, installed):
    code, out = run(capsys, "specs", "gpt-5")
    assert code == 0 and "| Maker | OpenAI (own route: openai/gpt-5) |" in out
    assert "| Released | 2025-08-07" in out and "| Output | text ⚠ |" in out
    assert "the maker's own route (openai/gpt-5) lists 400k; 2 of 22 listings say 272k" in out
    code, out = run(capsys, "specs", "gpt-5", "--json")
    sheet = json.loads(out)
    ctx = next(d for d in sheet["disagreements"] if d["field"] == "context_window")
    assert ctx["value"] == 400_000 and ctx["authority"] == "maker"
    assert {o["value"]: o["count"] for o in ctx["others"]}[272_000] == 2
    assert sheet["authority"]["release_date"] == "maker"


def test_cost_cli_flags_a_prompt_too_long_for_the_model(capsys, installed):
    code, out = run(capsys, "cost", "gpt-4o", "--input", "300000", "--output", "1000")
    assert code == 0 and "does not fit" in out and "Models whose limits would fit it" in out
