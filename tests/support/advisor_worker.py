"""An advisor process driven through stdin, for tests that run several at once.

``python -m tests.support.advisor_worker`` reads JSON lines ``{"ask": question, "thread":
id-or-null, "owner": ""}`` or ``{"threads": owner-or-null}`` and answers each with one JSON
line (the answer's thread, text and tool calls; or the thread list). Its settings come from
``ADVISOR_*`` variables (a checkpoint URL, a Chroma server).
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    """Answer requests until stdin closes."""
    from advisor.agent import service

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if "ask" in request:
            answer = service.ask(request["ask"], thread_id=request.get("thread"),
                                 owner=request.get("owner", ""))
            out = {"thread": answer.thread_id, "answer": answer.answer,
                   "calls": [{"tool": c.name, "args": c.args} for c in answer.tool_calls]}
        else:
            out = {"threads": [t.model_dump(mode="json")
                               for t in service.list_threads(owner=request["threads"])]}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
