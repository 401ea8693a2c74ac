"""The advisor agent as a LangGraph graph: plan → tools → respond → grounding check → finish.

One planner node serves both planners: the LLM planner when a chat model is configured (it may
loop plan → tools → plan), else the offline planner (one plan, one round of tools). If the LLM
cannot be used, the same node falls back to the offline planner within the turn. The grounding
check gives the LLM one chance to fix unverified figures, then drops the sentences that hold
them. ``graph`` (no checkpointer) is what ``langgraph dev`` loads; the service compiles the same
builder with a SQLite checkpointer.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.config import get_stream_writer
from langgraph.graph import END, START, StateGraph

from advisor.agent.answer import AgentAnswer, AgentEvent
from advisor.agent.execute import run_tool, tool_registry
from advisor.agent.grounding import (
    Evidence,
    drop_unverified,
    trusted_call,
    unverified,
    without_user_quotes,
)
from advisor.agent.llm_planner import (
    LLMUnavailable,
    fix_step,
    llm_configured,
    llm_label,
    plan_step,
    text_of,
)
from advisor.agent.offline.planner import plan_offline
from advisor.agent.prompts import tool_content
from advisor.agent.respond import (
    compose,
    reading_block,
    recommendations_of,
    records,
    sources_of,
    strip_tool_sources,
    with_sources,
)
from advisor.agent.state import MAX_LLM_ROUNDS, AgentState, new_turn

UNVERIFIED_NOTE = ("_Note: {n} figure(s) could not be verified against this turn's tool results "
                   "and the sentence(s) holding them were removed._")
TABLE_TOOLS = ("compare_models", "diff_capabilities")
MIN_QUOTED_CHARS = 6  # shorter result strings ("4B", "2026") are checked as figures


def _emit(kind: str, **fields: Any) -> None:
    get_stream_writer()(AgentEvent(kind=kind, **fields).model_dump())  # type: ignore[arg-type]


def _text(message: AnyMessage) -> str:
    content = message.content
    return content if isinstance(content, str) else text_of(AIMessage(content=content))


# --- nodes -------------------------------------------------------------------------------------
def start_turn(state: AgentState) -> dict[str, Any]:
    """Reset the per-turn keys; the question is the newest human message (or ``question``)."""
    messages = state.get("messages") or []
    question = state.get("question") or ""
    if messages and isinstance(messages[-1], HumanMessage):
        question = _text(messages[-1])
    planner = llm_label() if llm_configured() else "offline"
    return new_turn(question.strip(), planner)


def plan(state: AgentState) -> dict[str, Any]:
    """Plan this turn's tool calls (LLM, or offline), or take the LLM's final answer."""
    if state["planner"] != "offline":
        try:
            return _llm_plan(state)
        except LLMUnavailable as exc:
            warning = (f"The LLM ({state['planner'][4:]}) could not be used: {exc}. "
                       "The offline planner answered instead.")
            _emit("error", text=warning)
            return {**_offline_plan(state), "warnings": [*state.get("warnings", []), warning],
                    "calls": [], "scratch": [], "draft": ""}
    return _offline_plan(state)


def _offline_plan(state: AgentState) -> dict[str, Any]:
    p = plan_offline(state["question"], state.get("context"), state.get("profile"),
                     set(tool_registry()))
    pending = [{"id": f"call_{i + 1}", "name": c.name, "args": c.args}
               for i, c in enumerate(p.calls)]
    steps = ", ".join(c.name for c in p.calls) or "no tool needed"
    _emit("plan", text=f"Offline planner: {p.intent} → {steps}",
          args={"intent": p.intent, "calls": pending})
    return {"planner": "offline", "intent": p.intent, "plan_notes": p.notes,
            "pending": pending, "context": p.context, "workload": p.workload,
            "reading": p.reading.model_dump(mode="json")}


def _llm_plan(state: AgentState) -> dict[str, Any]:
    rounds = state.get("llm_rounds", 0)
    scratch = list(state.get("scratch") or [])
    reply = plan_step(state.get("messages") or [], state["question"], scratch,
                      state.get("profile"), allow_tools=rounds < MAX_LLM_ROUNDS)
    scratch.append(reply)
    if reply.tool_calls:
        pending: list[dict[str, Any]] = [
            {"id": tc.get("id") or f"llm_{rounds}_{i}", "name": tc["name"],
             "args": dict(tc.get("args") or {})} for i, tc in enumerate(reply.tool_calls)]
        _emit("plan", text="LLM planner: " + ", ".join(p["name"] for p in pending),
              args={"calls": pending})
        return {"pending": pending, "scratch": scratch, "llm_rounds": rounds + 1,
                "intent": "llm"}
    return {"pending": [], "scratch": scratch, "draft": text_of(reply), "intent": "llm"}


def run_tools(state: AgentState) -> dict[str, Any]:
    """Run the planned calls, emitting tool_start/tool_end events."""
    calls = list(state.get("calls") or [])
    scratch = list(state.get("scratch") or [])
    for p in state.get("pending") or []:
        _emit("tool_start", tool=p["name"], args=p["args"])
        rec = run_tool(p["id"], p["name"], p["args"])
        _emit("tool_end", tool=p["name"], args=p["args"],
              text="ok" if rec.ok else f"error: {rec.error}")
        calls.append(rec.model_dump(mode="json"))
        if state["planner"] != "offline":
            scratch.append(ToolMessage(content=tool_content(rec.name, rec.ok,
                                                            rec.result_markdown, rec.error),
                                       tool_call_id=p["id"], name=p["name"]))
    return {"calls": calls, "scratch": scratch, "pending": []}


def respond(state: AgentState) -> dict[str, Any]:
    """Write the answer body and gather its sources and recommendations."""
    recs = records(state.get("calls") or [])
    context = dict(state.get("context") or {})
    recommendations = recommendations_of(recs)
    if recommendations:
        picks = [str(p["model"]) for p in recommendations]
        context.update(candidates=picks, models=picks, focus=None)
    reading = state.get("reading") or {}
    if state["planner"] == "offline":
        body = compose(state.get("intent", ""), recs, state["question"],
                       state.get("plan_notes") or [])
        lead, reading = reading_block(reading, recs)
        body = f"{lead}\n\n{body}" if lead else body
    else:
        body = _llm_body(state.get("draft", ""), recs)
        _remember_llm_models(context, recs)
    return {"draft": body, "sources": sources_of(recs), "recommendations": recommendations,
            "context": context, "reading": reading}


def _llm_body(draft: str, recs: list[Any]) -> str:
    """The LLM's text, with the comparison table appended when it wrote none."""
    body = draft.strip() or "The model returned no answer text."
    if "|---" not in body.replace(" ", ""):
        for rec in recs:
            if rec.ok and rec.name in TABLE_TOOLS and rec.result_markdown:
                table = _first_table(strip_tool_sources(rec.result_markdown))
                if table:
                    body += "\n\n" + table
                    break
    return body


def _first_table(markdown: str) -> str:
    lines, out = markdown.splitlines(), []
    for line in lines:
        if line.lstrip().startswith("|"):
            out.append(line)
        elif out:
            break
    return "\n".join(out)


def _remember_llm_models(context: dict[str, Any], recs: list[Any]) -> None:
    named: list[str] = []
    for rec in recs:
        if rec.ok and rec.result:
            for key in ("model", "name"):
                if isinstance(rec.result.get(key), str):
                    named.append(rec.result[key])
            named += [m for m in rec.result.get("models", []) if isinstance(m, str)]
    named = list(dict.fromkeys(named))
    if named:
        context.update(models=named, focus=named[0] if len(named) == 1 else None)


def check_grounding(state: AgentState) -> dict[str, Any]:
    """Every figure in the draft must be in a tool result of this turn (or the question)."""
    if state["planner"] == "offline" and not state.get("calls"):
        return {"unverified": []}  # the offline help text: fixed wording, nothing to check
    values = allowed_values(state)
    bad = unverified(_own_text(state), values)
    if not bad:
        return {"unverified": []}
    texts = list(dict.fromkeys(f.text for f in bad))
    if state["planner"] != "offline" and state.get("fix_attempts", 0) == 0:
        return {"unverified": texts, "fix_attempts": 1}
    body, removed = drop_unverified(state.get("draft", ""), bad)
    note = UNVERIFIED_NOTE.format(n=len(texts))
    warning = (f"Grounding check: removed {len(removed)} sentence(s) with figures not found in "
               f"this turn's tool results ({', '.join(texts)}).")
    return {"draft": f"{body.rstrip()}\n\n{note}", "unverified": [],
            "warnings": [*state.get("warnings", []), warning]}


def _own_text(state: AgentState) -> str:
    """The draft without what was copied verbatim from a tool.

    Lines of a tool's Markdown and strings of its result (model names, reasons, verdicts) are
    grounded as they are; what is left is what the responder or the LLM wrote itself.
    """
    calls = [trusted_call(c) for c in state.get("calls") or []]
    quoted = {line.strip() for call in calls
              for line in (call.get("result_markdown") or "").splitlines() if line.strip()}
    text = "\n".join(line for line in without_user_quotes(state.get("draft", "")).splitlines()
                     if line.strip() not in quoted)
    leaves: set[str] = set()
    for call in calls:
        _string_leaves(call.get("result"), leaves)
    for leaf in sorted(leaves, key=len, reverse=True):
        if leaf in text:
            text = text.replace(leaf, " ")
    return text


def _string_leaves(data: Any, out: set[str]) -> None:
    if isinstance(data, str):
        if len(data) >= MIN_QUOTED_CHARS and any(ch.isdigit() for ch in data):
            out.add(data)
    elif isinstance(data, dict):
        for value in data.values():
            _string_leaves(value, out)
    elif isinstance(data, list):
        for item in data:
            _string_leaves(item, out)


def allowed_values(state: AgentState) -> Evidence:
    """Numbers the answer may use: tool results and arguments, and the user's own figures.

    The user's figures are the question, the profile and the workload the planner read from
    the thread.
    """
    evidence = Evidence()
    for call in map(trusted_call, state.get("calls") or []):
        for key in ("args", "result", "result_markdown", "error"):
            evidence.add(call.get(key))
    evidence.add(state.get("question", ""))
    evidence.add(state.get("profile"))
    evidence.add(state.get("workload"))
    evidence.add(state.get("reading"))
    return evidence


def revise(state: AgentState) -> dict[str, Any]:
    """Give the LLM one chance to replace figures the grounding check could not find."""
    try:
        text = fix_step(state.get("messages") or [], state["question"],
                        state.get("scratch") or [], state.get("profile"),
                        state.get("draft", ""), state.get("unverified") or [])
    except LLMUnavailable as exc:
        return {"unverified": [], "warnings": [*state.get("warnings", []),
                                               f"The LLM could not revise its answer: {exc}."]}
    return {"draft": _llm_body(text, records(state.get("calls") or [])), "unverified": []}


def finish(state: AgentState, config: RunnableConfig) -> dict[str, Any]:
    """Put the Sources list under the answer, record the turn and emit it."""
    answer = with_sources(state.get("draft", ""), state.get("sources") or [],
                          called=bool(state.get("calls")))
    result = AgentAnswer(
        thread_id=str((config.get("configurable") or {}).get("thread_id", "")),
        question=state["question"], answer=answer,
        tool_calls=records(state.get("calls") or []), sources=state.get("sources") or [],
        recommendations=state.get("recommendations") or [], planner=state["planner"],
        warnings=state.get("warnings") or [])
    _emit("answer", text=answer)
    return {"answer": answer, "messages": [AIMessage(answer)],
            "result": result.model_dump(mode="json")}


# --- routers -----------------------------------------------------------------------------------
def after_plan(state: AgentState) -> str:
    """Run tools when calls are pending, else write the answer."""
    return "run_tools" if state.get("pending") else "respond"


def after_tools(state: AgentState) -> str:
    """The LLM sees the results and plans again; the offline planner answers."""
    return "plan" if state["planner"] != "offline" else "respond"


def after_check(state: AgentState) -> str:
    """One revision round for the LLM when figures were not verified."""
    return "revise" if state.get("unverified") else "finish"


# --- the graph ---------------------------------------------------------------------------------
builder = StateGraph(AgentState)
builder.add_node("start_turn", start_turn)
builder.add_node("plan", plan)
builder.add_node("run_tools", run_tools)
builder.add_node("respond", respond)
builder.add_node("check_grounding", check_grounding)
builder.add_node("revise", revise)
builder.add_node("finish", finish)

builder.add_edge(START, "start_turn")
builder.add_edge("start_turn", "plan")
builder.add_conditional_edges("plan", after_plan, ["run_tools", "respond"])
builder.add_conditional_edges("run_tools", after_tools, ["plan", "respond"])
builder.add_edge("respond", "check_grounding")
builder.add_conditional_edges("check_grounding", after_check, ["revise", "finish"])
builder.add_edge("revise", "check_grounding")
builder.add_edge("finish", END)

graph = builder.compile(name="model-advisor")
