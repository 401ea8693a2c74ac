"""Load on the MCP server: 20 concurrent clients over streamable HTTP vs the same calls in-process.

Starts ``advisor mcp --http`` (with a bearer token) on a free local port, opens 20 MCP client
sessions and spreads 2,000 calls over them (spec lookups and cost calculations, alternating, over
six models), then makes 200 calls from one client (latency without queueing). Errors must be 0:
a tool error, an exception, or a structured result that differs from the in-process result all
count. Prints throughput and p50/p99 latency; then the same 2,000 calls made in-process
(sequentially, the Python functions) and through the in-memory MCP transport, and the ratios.

    /tmp/venv/bin/python benchmarks/bench_mcp.py [--clients 20] [--calls 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
import httpx
import jsonschema
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.memory import create_client_server_memory_streams
from mcp.types import CallToolResult

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo's tests/support

from advisor.mcp_server import build_server  # noqa: E402
from advisor.tools import calculate_cost, lookup_specs  # noqa: E402
from tests.support import servers  # noqa: E402

MODELS = ["Gemma 3 4B", "qwen3.5 122b a10b", "gpt-4o", "claude opus 4.6", "llama 3.1 8b",
          "deepseek v3"]
TOKEN = "bench-token"
FUNCS = {"lookup_specs": lookup_specs, "calculate_cost": calculate_cost}


class Session(ClientSession):
    """The official client session, minus its per-call output-schema revalidation.

    ``ClientSession`` (mcp 1.30) revalidates every structured result with one-shot
    ``jsonschema.validate``, rebuilding the validator each call (python-sdk issue #3133). That is
    client CPU, and with 20 clients in this one process it would make this a benchmark of the
    client; it is measured on its own below instead. Every result is still checked: it must
    equal the in-process result exactly.
    """

    async def _validate_tool_result(self, name: str, result: CallToolResult) -> None:
        return None


def workload(n: int) -> list[tuple[str, dict[str, Any]]]:
    calls: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        model = MODELS[i % len(MODELS)]
        if i % 2 == 0:
            calls.append(("lookup_specs", {"model": model}))
        else:
            calls.append(("calculate_cost", {"model": model, "input_tokens": 1000 + i,
                                             "output_tokens": 300, "requests": 10_000,
                                             "period": "day"}))
    return calls


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(label: str, latencies: list[float], wall: float, errors: int) -> dict[str, float]:
    ms = [x * 1000 for x in latencies]
    row = {"throughput": len(ms) / wall, "p50": pct(ms, 50), "p99": pct(ms, 99),
           "mean": statistics.fmean(ms)}
    print(f"{label:<28} calls {len(ms):>5}  errors {errors:>3}  "
          f"throughput {row['throughput']:>9,.0f}/s  p50 {row['p50']:>8.3f} ms  "
          f"p99 {row['p99']:>8.3f} ms  wall {wall:6.2f} s")
    return row


def in_process(calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[float], float,
                                                                 dict[int, Any]]:
    results: dict[int, Any] = {}
    latencies = []
    start = time.perf_counter()
    for i, (name, args) in enumerate(calls):
        t = time.perf_counter()
        results[i] = FUNCS[name](**args).model_dump(mode="json")
        latencies.append(time.perf_counter() - t)
    return latencies, time.perf_counter() - start, results


async def run_clients(sessions: list[ClientSession], calls: list[tuple[str, dict[str, Any]]],
                      want: dict[int, Any]) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = 0

    async def client(k: int, session: ClientSession) -> None:
        nonlocal errors
        for i in range(k, len(calls), len(sessions)):
            name, args = calls[i]
            t = time.perf_counter()
            try:
                result = await session.call_tool(name, args)
                ok = not result.isError and result.structuredContent == want[i]
            except Exception as exc:  # counted, and the run goes on
                print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
                ok = False
            latencies.append(time.perf_counter() - t)
            errors += not ok

    start = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for k, session in enumerate(sessions):
            tg.start_soon(client, k, session)
    return latencies, time.perf_counter() - start, errors


async def over_http(url: str, n_clients: int, calls: list[tuple[str, dict[str, Any]]],
                    want: dict[int, Any]) -> tuple[list[float], float, int]:
    from contextlib import AsyncExitStack

    async with AsyncExitStack() as stack:
        sessions = []
        for _ in range(n_clients):
            http = await stack.enter_async_context(httpx.AsyncClient(
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=httpx.Timeout(60, read=300)))
            read, write, _ = await stack.enter_async_context(
                streamable_http_client(url, http_client=http))
            session = await stack.enter_async_context(Session(read, write))
            await session.initialize()
            sessions.append(session)
        await sessions[0].call_tool(*calls[0])  # warm the server's catalog
        return await run_clients(sessions, calls, want)


async def over_memory(calls: list[tuple[str, dict[str, Any]]],
                      want: dict[int, Any]) -> tuple[list[float], float, int]:
    server = build_server()._mcp_server
    async with create_client_server_memory_streams() as (client, served), \
            anyio.create_task_group() as tg:
        tg.start_soon(lambda: server.run(served[0], served[1],
                                         server.create_initialization_options()))
        async with Session(*client) as session:
            await session.initialize()
            await session.call_tool(*calls[0])
            out = await run_clients([session], calls, want)
        tg.cancel_scope.cancel()
    return out


def client_validation_ms(calls: list[tuple[str, dict[str, Any]]],
                         want: dict[int, Any]) -> dict[str, tuple[float, float]]:
    """Median ms per result of the official client's check (one-shot) and a compiled one."""
    server = build_server()
    schemas = {t.name: t.outputSchema for t in anyio.run(server.list_tools)}
    out = {}
    for name in FUNCS:
        samples = [want[i] for i, (n, _) in enumerate(calls[:60]) if n == name][:10]
        schema = schemas[name]
        compiled = jsonschema.validators.validator_for(schema)(schema)
        one_shot, cached = [], []
        for instance in samples:
            t = time.perf_counter()
            jsonschema.validate(instance, schema)
            one_shot.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            compiled.validate(instance)
            cached.append((time.perf_counter() - t) * 1000)
        out[name] = (statistics.median(one_shot), statistics.median(cached))
    return out


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = servers.free_port()
    proc = servers.start([sys.executable, "-m", "advisor", "mcp", "--http", "--port", str(port)],
                         env=servers.clean_env(data_dir, ADVISOR_MCP_TOKEN=TOKEN), cwd=data_dir)
    try:
        servers.wait_ready(proc, servers.port_open(port), timeout_s=120, what="MCP server")
    except servers.ServerStartError as exc:
        servers.stop(proc)
        raise SystemExit(str(exc)) from None
    return proc, f"http://127.0.0.1:{port}/mcp"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--single", type=int, default=200,
                        help="calls for the one-client (unqueued) latency run")
    opts = parser.parse_args()
    calls = workload(opts.calls)
    lookup_specs(MODELS[0])  # load the catalog before timing anything
    local_lat, local_wall, want = in_process(calls)

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp))
        try:
            http_lat, http_wall, http_err = anyio.run(over_http, url, opts.clients, calls, want)
            one = calls[:opts.single]
            one_lat, one_wall, one_err = anyio.run(over_http, url, 1, one, want)
        finally:
            servers.stop(proc)
    mem_lat, mem_wall, mem_err = anyio.run(over_memory, calls, want)

    print(f"\nMCP load: {opts.calls} calls (spec lookups and cost calculations, alternating), "
          f"{len(MODELS)} models; {os.cpu_count()} CPU cores on this machine\n")
    http = report(f"HTTP, {opts.clients} clients", http_lat, http_wall, http_err)
    single = report("HTTP, 1 client", one_lat, one_wall, one_err)
    mem = report("in-memory MCP, 1 client", mem_lat, mem_wall, mem_err)
    local = report("in-process (Python calls)", local_lat, local_wall, 0)
    print(f"\nHTTP overhead: throughput {local['throughput'] / http['throughput']:,.1f}× lower "
          f"than in-process with {opts.clients} clients (their p50 includes queueing: "
          f"{opts.clients} calls in flight);\none call on an idle server takes "
          f"{single['p50'] / local['p50']:,.1f}× the in-process p50 "
          f"({single['p50']:.2f} ms vs {local['p50']:.3f} ms); "
          f"in-memory MCP (no HTTP) {mem['p50'] / local['p50']:,.1f}×")
    print("\nClient side, not in the figures above: the official ClientSession revalidates "
          "each result\nagainst the output schema (jsonschema), per result, median:")
    for name, (one_shot, cached) in client_validation_ms(calls, want).items():
        print(f"  {name:<16} one-shot validate (mcp 1.30) {one_shot:7.2f} ms   "
              f"compiled validator {cached:6.2f} ms")
    if http_err or one_err or mem_err:
        raise SystemExit(f"{http_err + one_err + mem_err} errors")


if __name__ == "__main__":
    main()
