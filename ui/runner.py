"""A question being answered: the agent runs in its own thread, its events kept in order.

A :class:`Job` lives in the session, not in one script run: when the page reruns while an
answer is on its way (a second question, a sidebar change), the next run picks the same job up
and shows it from its first event, so no question or answer is ever dropped from the screen.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from advisor.agent.answer import AgentAnswer, AgentEvent
from advisor.tools.workload import Workload
from ui import access, backend


@dataclass
class Job:
    """One question of a thread, answered in a background thread."""

    question: str
    thread_id: str
    profile: Workload | None
    events: list[AgentEvent] = field(default_factory=list)
    answer: AgentAnswer | None = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)
    # this browser's owner id, read where the job is made (the worker thread has no session)
    owner: str = field(default_factory=lambda: access.owner_id())
    _worker: threading.Thread | None = None

    def start(self) -> Job:
        """Start answering (once)."""
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="advisor-turn",
                                            daemon=True)
            self._worker.start()
        return self

    def _work(self) -> None:
        try:
            self.answer = backend.ask(self.question, thread_id=self.thread_id,
                                      profile=self.profile, on_event=self.events.append,
                                      owner=self.owner)
        except BaseException as exc:  # shown as a sentence by the page, never a traceback
            self.error = exc
        finally:
            self.done.set()

    def wait(self, seen: int, timeout: float = 0.05) -> list[AgentEvent]:
        """Events after the first ``seen``, waiting briefly for new ones while running."""
        if len(self.events) <= seen and not self.done.is_set():
            self.done.wait(timeout)
        return self.events[seen:]

    @property
    def finished(self) -> bool:
        """True once the agent returned (or failed) and every event is in."""
        return self.done.is_set()

    def outcome(self) -> Any:
        """The answer, or the exception that stopped it (after :attr:`finished`)."""
        return self.answer if self.answer is not None else self.error
