"""The console script (``advisor`` / ``python -m advisor``) leaves with ``os._exit``.

It skips Python's teardown, so these run the real script in a process: the exit status must be
the command's, and every byte of the output must arrive (through a pipe, as a script reads it),
including when the reader stops early.
"""

import json
import subprocess
import sys

from advisor.config import PROJECT_ROOT


def advisor(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advisor", *argv], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)


def test_a_long_answer_arrives_whole_and_the_status_is_zero():
    done = advisor("recommend", "--use-case", "coding", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # a truncated buffer would not parse
    assert data["picks"], data


def test_usage_errors_keep_their_status_and_message():
    done = advisor("cost", "gemma 3 4b", "--per", "fortnight")
    assert done.returncode == 2
    assert "--per" in done.stderr and "Traceback" not in done.stderr


def test_an_unknown_model_is_a_failure_with_its_message():
    done = advisor("specs", "nosuchmodel-xyz")
    assert done.returncode != 0
    assert "No model named" in done.stderr


def test_a_reader_that_stops_early_does_not_make_a_traceback():
    script = (f"{sys.executable} -m advisor recommend --use-case coding --json | head -c 20")
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {script}"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert len(done.stdout) == 20
    assert "Traceback" not in done.stderr
