"""Broken input at the doors: huge and non-finite numbers, binary stdin, odd argv, non-documents.

The stdio cases run the real ``advisor`` entry point in a subprocess (stdin is a pipe there, as
when a user pipes a file in by mistake).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.tools.limits import MAX_REQUESTS, MAX_TOKENS
from tests.support.servers import clean_env

HUGE = "9" * 400


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


@pytest.mark.parametrize(("argv", "flag"), [
    (["cost", "gemma 3 4b", "--input", HUGE], "--input"),
    (["cost", "gemma 3 4b", "--requests", HUGE], "--requests"),
    (["cost", "gemma 3 4b", "--output", "1e308"], "--output"),
    (["recommend", "--budget", "inf"], "--budget"),
    (["recommend", "--budget", "nan"], "--budget"),
    (["recommend", "--budget", "-inf"], "--budget"),
    (["recommend", "--requests", HUGE], "--requests"),
    (["recommend", "--gpu-gb", "1e308", "--self-host"], "--gpu-gb"),
    (["recommend", "--min-context", HUGE], "--min-context"),
    (["hardware", "gemma 3 4b", "--context", HUGE], "--context"),
    (["hardware", "gemma 3 4b", "--on", f"{HUGE} GB"], "--on"),
    (["compare", "gemma 3 4b", "qwen3.5 4b", "--requests", HUGE], "--requests"),
])
def test_huge_and_non_finite_numbers_are_refused_by_name(capsys, argv, flag):
    code, out, err = run(capsys, *argv)
    assert code == 2, out
    assert flag in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3  # a message, not a dump
    assert HUGE not in err  # a 400-digit number is described, not echoed


def test_help_states_the_limits(capsys):
    _, out, _ = run(capsys, "cost", "--help")
    assert f"{MAX_TOKENS}" in out.replace(",", "") and f"{MAX_REQUESTS}" in out.replace(",", "")


def test_ingest_refuses_a_file_that_is_not_a_document(capsys, tmp_path: Path):
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n")
    code, out, err = run(capsys, "ingest", str(passwd))
    assert "not a document" in out + err


def _advisor(args: list[str], stdin: bytes, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "advisor", *args], input=stdin,
                          capture_output=True, timeout=300, cwd=tmp_path,
                          env=clean_env(tmp_path / "data"))


@pytest.mark.parametrize("stdin", [bytes(range(256)) * 20, b"\xff\xfe\xfd hello\n",
                                   b"specs of \x00 gemma\n"])
def test_binary_stdin_ends_chat_with_one_line(tmp_path: Path, stdin: bytes):
    done = _advisor(["chat"], stdin, tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in err
    assert [line for line in err.splitlines() if line.strip()] == [
        next(line for line in err.splitlines() if line.startswith("error: standard input"))]


@pytest.mark.parametrize("stdin", [bytes(range(256)) * 20, b"\xff\xfe not json\n"])
def test_binary_stdin_ends_the_mcp_server_with_one_line(tmp_path: Path, stdin: bytes):
    done = _advisor(["mcp"], stdin, tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in err
    assert err.strip().splitlines() == [err.strip()] and "advisor mcp: standard input" in err


def test_every_mcp_request_gets_a_reply(tmp_path: Path):
    """Lone surrogates, huge numbers and garbage each get an answer; the server keeps going."""
    requests = [
        '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":'
        '"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}',
        '{"jsonrpc":"2.0","method":"notifications/initialized"}',
        '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"lookup_specs",'
        '"arguments":{"model":"gemma \\ud800 3 4b"}}}',
        '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"calculate_cost",'
        '"arguments":{"model":"gemma 3 4b","input_tokens":1e308,"output_tokens":5,'
        '"requests":1}}}',
        '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"calculate_cost",'
        f'"arguments":{{"model":"gemma 3 4b","input_tokens":{HUGE},"output_tokens":5,'
        '"requests":1}}}',
        '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"estimate_hardware",'
        '"arguments":{"model":"\\udfff","hardware":"\\ud83d"}}}',
        "this is not json",
        '{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"lookup_specs",'
        '"arguments":{"model":"Gemma 3 4B"}}}',
    ]
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "mcp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env=clean_env(tmp_path / "data"))
    assert proc.stdin and proc.stdout
    try:
        replies: dict[int, dict] = {}
        for line in requests:
            proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
        deadline = time.monotonic() + 240
        while len(replies) < 6:
            assert time.monotonic() < deadline, f"no reply to {set(range(1, 7)) - set(replies)}"
            raw = proc.stdout.readline()
            assert raw, proc.stderr.read().decode() if proc.stderr else "server ended"
            message = json.loads(raw)
            if "id" in message:
                replies[message["id"]] = message
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert "Gemma 3 4B" in replies[2]["result"]["content"][0]["text"]  # cleaned, then read
    for n in (3, 4, 5):
        assert replies[n]["result"]["isError"] is True, replies[n]
    text = {n: replies[n]["result"]["content"][0]["text"] for n in replies if n > 1}
    assert "input_tokens" in text[3] and "input_tokens" in text[4]
    assert HUGE not in text[4]
    assert replies[6]["result"].get("isError") is not True
