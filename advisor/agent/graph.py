"""The advisor agent as a LangGraph graph: plan → tools → respond → grounding check → finish.

One planner node serves both planners: the LLM planner when a chat model is configured (it may
loop plan → tools → plan), else the offline planner (one plan, one round of tools). If the LLM
cannot be used, the same node falls back to the offline planner within the turn. The grounding
check gives the LLM one chance to fix unverified figures, then drops the sentences that hold
them. This module holds the nodes and the wiring only: the answer is written in ``respond.py``,
figures are checked in ``grounding.py``. ``graph`` (no checkpointer) is what ``langgraph dev``
loads; the service compiles the same builder with a SQLite checkpointer.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.config import get_stream_writer
from langgraph.graph import END, START, StateGraph

from advisor.agent import llm_planner
from advisor.agent.answer import AgentAnswer, AgentEvent, join_segments
from advisor.agent.execute import run_tool, tool_registry
from advisor.agent.grounding import drop_from_segments, own_text, turn_evidence, unverified
from advisor.agent.llm_planner import LLMUnavailable, fix_step, plan_step, text_of
from advisor.agent.offline.planner import plan_offline
from advisor.agent.prompts import tool_content
from advisor.agent.respond import (
    compose,
    llm_segments,
    models_named,
    reading_block,
    recommendations_of,
    sources_of,
    with_sources,
)
from advisor.agent.state import (
    MAX_LLM_ROUNDS,
    AgentState,
    InputState,
    Intent,
    dump,
    new_turn,
    planner_of,
    segments,
    tool_calls,
    uses_llm,
)


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
    return new_turn(question.strip(), llm_planner.planner())


def plan(state: AgentState) -> dict[str, Any]:
    """Plan this turn's tool calls (LLM, or offline), or take the LLM's final answer."""
    if uses_llm(state):
        try:
            return _llm_plan(state)
        except LLMUnavailable as exc:
            warning = (f"The LLM ({planner_of(state).model}) could not be used: {exc}. "
                       "The offline planner answered instead.")
            _emit("error", text=warning)
            return {**_offline_plan(state), "warnings": [*state.get("warnings", []), warning],
                    "calls": [], "scratch": [], "draft": ""}
    return _offline_plan(state)


def _offline_plan(state: AgentState) -> dict[str, Any]:
    p = plan_offline(state["question"], state.get("context"), state.get("profile"),
                     set(tool_registry()))
    intent = Intent(p.intent)
    pending = [{"id": f"call_{i + 1}", "name": c.name, "args": c.args}
               for i, c in enumerate(p.calls)]
    steps = ", ".join(c.name for c in p.calls) or "no tool needed"
    _emit("plan", text=f"Offline planner: {intent} → {steps}",
          args={"intent": intent.value, "calls": pending})
    return {"planner": "offline", "llm_model": "", "intent": intent.value,
            "plan_notes": p.notes, "pending": pending, "context": p.context,
            "workload": p.workload, "reading": p.reading.model_dump(mode="json")}


def _llm_plan(state: AgentState) -> dict[str, Any]:
    rounds = state.get("llm_rounds", 0)
    scratch = list(state.get("scratch") or [])
    reading = plan_offline(state["question"], state.get("context"), state.get("profile"),
                           set(tool_registry())).reading  # milliseconds: a hint, not a plan
    reply = plan_step(state.get("messages") or [], state["question"], scratch,
                      state.get("profile"), allow_tools=rounds < MAX_LLM_ROUNDS,
                      reading=reading.hint())
    scratch.append(reply)
    if reply.tool_calls:
        pending: list[dict[str, Any]] = [
            {"id": tc.get("id") or f"llm_{rounds}_{i}", "name": tc["name"],
             "args": dict(tc.get("args") or {})} for i, tc in enumerate(reply.tool_calls)]
        _emit("plan", text="LLM planner: " + ", ".join(p["name"] for p in pending),
              args={"calls": pending})
        return {"pending": pending, "scratch": scratch, "llm_rounds": rounds + 1,
                "intent": Intent.LLM.value}
    return {"pending": [], "scratch": scratch, "draft": text_of(reply),
            "intent": Intent.LLM.value}


def run_tools(state: AgentState) -> dict[str, Any]:
    """Run the planned calls, emitting tool_start/tool_end events."""
    calls = list(state.get("calls") or [])
    scratch = list(state.get("scratch") or [])
    for p in state.get("pending") or []:
        _emit("tool_start", tool=p["name"], args=p["args"])
        rec = run_tool(p["id"], p["name"], p["args"])
        _emit("tool_end", tool=p["name"], args=p["args"],
              text="ok" if rec.ok else f"error: {rec.error}")
        calls += dump([rec])
        if uses_llm(state):
            scratch.append(ToolMessage(content=tool_content(rec.name, rec.ok,
                                                            rec.result_markdown, rec.error),
                                       tool_call_id=p["id"], name=p["name"]))
    return {"calls": calls, "scratch": scratch, "pending": []}


def respond(state: AgentState) -> dict[str, Any]:
    """Write the answer body and gather its sources and recommendations."""
    recs = tool_calls(state)
    context = dict(state.get("context") or {})
    recommendations = recommendations_of(recs)
    if recommendations:
        picks = [str(p["model"]) for p in recommendations]
        context.update(candidates=picks, models=picks, focus=None)
    if uses_llm(state):
        body = llm_segments(state.get("draft", ""), recs)
        named = models_named(recs)
        if named:
            context.update(models=named, focus=named[0] if len(named) == 1 else None)
        reading = state.get("reading") or {}
    else:
        asked = (state.get("reading") or {}).get("asked") or ""  # "and pro?" asks as before
        body = compose(Intent(state.get("intent", "")), recs,
                       f"{asked} {state['question']}" if asked else state["question"],
                       state.get("plan_notes") or [])
        lead, reading = reading_block(state.get("reading"), recs)
        body = lead + body  # "Read as: …" and the headline asked for, before the figures
    return {"segments": dump(body), "sources": sources_of(recs),
            "recommendations": recommendations, "context": context, "reading": reading}


def check_grounding(state: AgentState) -> dict[str, Any]:
    """Every figure in the answer must be in a tool result of this turn (or the question)."""
    if not uses_llm(state) and not state.get("calls"):
        return {"unverified": []}  # the offline help text: fixed wording, nothing to check
    recs, body = tool_calls(state), segments(state)
    evidence = turn_evidence(recs, state.get("question", ""), state.get("profile"),
                             state.get("workload"), state.get("reading"))
    bad = unverified(own_text(join_segments(body), recs), evidence)
    if not bad:
        return {"unverified": []}
    texts = list(dict.fromkeys(f.text for f in bad))
    if uses_llm(state) and state.get("fix_attempts", 0) == 0:
        return {"unverified": texts, "fix_attempts": 1}
    kept, removed = drop_from_segments(body, bad)
    warning = (f"Grounding check: removed {len(removed)} sentence(s) with figures not found in "
               f"this turn's tool results ({', '.join(texts)}).")
    return {"segments": dump(kept), "unverified": [],
            "warnings": [*state.get("warnings", []), warning]}


def revise(state: AgentState) -> dict[str, Any]:
    """Give the LLM one chance to replace figures the grounding check could not find."""
    try:
        text = fix_step(state.get("messages") or [], state["question"],
                        state.get("scratch") or [], state.get("profile"),
                        join_segments(segments(state)), state.get("unverified") or [])
    except LLMUnavailable as exc:
        return {"unverified": [], "warnings": [*state.get("warnings", []),
                                               f"The LLM could not revise its answer: {exc}."]}
    return {"draft": text, "segments": dump(llm_segments(text, tool_calls(state))),
            "unverified": []}


def finish(state: AgentState, config: RunnableConfig) -> dict[str, Any]:
    """Put the Sources list under the answer, record the turn and emit it."""
    body = segments(state)
    answer = with_sources(join_segments(body), state.get("sources") or [],
                          called=bool(state.get("calls")))
    result = AgentAnswer(
        thread_id=str((config.get("configurable") or {}).get("thread_id", "")),
        question=state["question"], answer=answer, segments=body,
        tool_calls=tool_calls(state), sources=state.get("sources") or [],
        recommendations=state.get("recommendations") or [], planner=planner_of(state).label,
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
    return "plan" if uses_llm(state) else "respond"


def after_check(state: AgentState) -> str:
    """One revision round for the LLM when figures were not verified."""
    return "revise" if state.get("unverified") else "finish"


# --- the graph ---------------------------------------------------------------------------------
builder = StateGraph(AgentState, input_schema=InputState)
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
