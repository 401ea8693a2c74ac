"""The ``compare`` and ``hardware`` commands through the CLI entry point."""

import json
import shutil

import pytest

from advisor.catalog import reset_catalog
from advisor.cli import main
from advisor.config import PROJECT_ROOT, Settings, use_settings


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_compare_prints_the_report(capsys):
    code, out, _ = run(capsys, "compare", "Llama Guard 2 8B", "Qwen3.5 4B")
    assert code == 0
    assert "fits 32× more tokens" in out and "### Switch friction" in out
    assert "Choose Qwen3.5 4B when" in out


def test_compare_json_uses_the_stated_traffic(capsys, raw_models_dev):
    code, out, _ = run(capsys, "compare", "gemma 3 4b", "qwen3.5 122b a10b", "--requests",
                       "1000", "--per", "day", "--input", "2000", "--output", "500", "--json")
    data = json.loads(out)
    assert code == 0 and data["cost"]["traffic"]["requests_per_month"] == 30_000
    qwen = next(c for c in data["cost"]["costs"] if c["model"] == "Qwen3.5 122B A10B")
    provider, model_id = qwen["route"].split("/", 1)
    raw = raw_models_dev[provider]["models"][model_id]["cost"]
    expected = (2000 * raw["input"] + 500 * raw["output"]) / 1e6 * 30_000
    assert qwen["per_month_usd"] == pytest.approx(expected, rel=1e-9)


def test_hardware_json_has_the_figures(capsys):
    code, out, _ = run(capsys, "hardware", "gemma 3 4b", "--quant", "4bit", "--context",
                       "32000", "--on", "RTX 4090", "--json")
    data = json.loads(out)
    assert code == 0 and data["requested_quantization"] == "4bit"
    q4 = data["levels"][2]
    kv = 2 * 34 * 4 * 256 * 2 * 32_000 / 1e9
    assert q4["weights_gb"] == pytest.approx(2.0) and q4["kv_cache_gb"] == pytest.approx(kv)
    assert q4["fits"] is True and data["hardware"]["memory_gb"] == 24


def test_hardware_prints_a_table(capsys):
    code, out, _ = run(capsys, "hardware", "Qwen3.5 122B A10B", "--on", "H100")
    assert code == 0 and "Decode ceiling (upper bound)" in out and "| 4-bit |" in out


@pytest.mark.parametrize("argv, needle", [
    (["compare", "gemma 3 4b"], "at least two"),
    (["compare", "gemma 3 4b", "nosuchmodel-xyz"], "No model named"),
    (["compare", "gemma 3 4b", "qwen3.5 4b", "--per", "week"], "--per"),
    (["compare", "gemma 3 4b", "qwen3.5 4b", "--requests", "-3"], "--requests"),
    (["hardware", "gemma 3 4b", "--on", "RTX 9999"], "closest"),
    (["hardware", "gemma 3 4b", "--quant", "3bit"], "--quant"),
    (["hardware", "gemma 3 4b", "--context", "-1"], "--context"),
    (["hardware", "gpt-4o"], "no parameter count"),
])
def test_bad_input_is_one_line_without_traceback(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code != 0
    assert needle in err and "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_a_broken_hardware_table_is_one_line(capsys, tmp_path, settings):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge" / "models", knowledge / "models")
    (knowledge / "hardware.yaml").write_text("- {name: X, kind: gpu, memory_gb: lots}\n")
    use_settings(Settings(data_dir=settings.data_dir, knowledge_dir=knowledge, _env_file=None))
    reset_catalog()
    code, out, err = run(capsys, "hardware", "gemma 3 4b", "--on", "X")
    assert code == 2 and "hardware.yaml" in err and "memory_gb" in err
    assert "Traceback" not in err + out and len(err.strip().splitlines()) == 1
