"""Answers that lead: a result's Markdown is its answer first, then a "Details" part.

Every tool result that has more to say than the answer renders the answer (a first sentence
with the figure asked for, then a short table) above :data:`DETAILS_HEADING`, and what only
some readers want (exclusion counts, scoring weights, per-model deltas, assumptions) below
it. Doors fold the Details part (the UI shows it collapsed); :func:`split_details` cuts a
Markdown answer at that heading.
"""

from __future__ import annotations

import re

DETAILS_HEADING = "### Details"
_DETAILS = re.compile(r"^#{2,4} Details\s*$", re.MULTILINE)


def split_details(markdown: str) -> tuple[str, str]:
    """``(answer, details)``: the text above the first Details heading and the text below it.

    Without the heading, everything is the answer and the details are empty.
    """
    match = _DETAILS.search(markdown)
    if match is None:
        return markdown.rstrip(), ""
    return markdown[:match.start()].rstrip(), markdown[match.end():].strip()


def with_details(answer: list[str], details: list[str]) -> str:
    """Join an answer's lines and, when there are any, its details under the heading."""
    text = "\n".join(answer).rstrip()
    body = "\n".join(details).strip()
    return f"{text}\n\n{DETAILS_HEADING}\n\n{body}" if body else text
