"""``rate_strengths``: what one model does best, by its benchmark scores on file.

"What is Kimi K2 good for?" names no use case. Every use case in the project's table is rated
as :func:`~advisor.tools.use_case_fit.rate_for_use_case` rates one, and the use cases where the
model has a score are ordered by where its score on that use case's heaviest test stands among
every model scored on the same test (rank ÷ models scored: #3 of 60 before #2 of 5). The use
cases with no score are named, never guessed, and a use case the model is too large for
(on-device wants at most 10B parameters) is never called a strength, whatever its scores.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from advisor.catalog import get_catalog
from advisor.tools.format import md_table
from advisor.tools.limits import MAX_STRING_CHARS, check_text
from advisor.tools.use_case_fit import Standing, UseCaseFit, rate_for_use_case
from advisor.tools.use_cases import use_case_for, use_case_keys
from advisor.tools.weights import parameter_count

SHOWN = 3  # use cases in the lead


class UseCaseStrength(BaseModel):
    """The model's standing for one use case: its heaviest test's score among its peers."""

    use_case: str
    label: str
    standing: Standing = Field(description="Its score on the use case's heaviest test it has.")
    tests: int = Field(description="How many of the use case's tests it has a score on.")
    lacks: list[str] = Field(default_factory=list,
                             description="Capabilities the use case relies on that it lacks.")

    @property
    def share(self) -> float:
        """Rank ÷ models scored on the test: lower stands higher (#1 of 1 tells nothing)."""
        return self.standing.rank / self.standing.of


class Strengths(BaseModel):
    """One model's use cases, ordered by where its scores stand."""

    model: str
    strengths: list[UseCaseStrength] = Field(default_factory=list,
                                             description="Best standing first.")
    unscored: list[str] = Field(default_factory=list,
                                description="Use cases it has no score for (labels).")
    ruled_out: list[str] = Field(default_factory=list, description=(
        "Use cases it does not fit whatever its scores, each with the reason."))
    lead: str = Field(description="The answer in one or two sentences, figures in it.")
    sources: list[str] = Field(default_factory=list)

    def to_markdown(self) -> str:
        """The lead, then each use case's standing with its source."""
        parts = [self.lead]
        if self.strengths:
            parts += ["", f"### Where {self.model}'s scores stand", "", md_table(
                ["Use case", "Test", "Score", "Rank on this test", "Top score on it",
                 "Source, date"],
                [[s.label, s.standing.reported_as, f"{s.standing.score:g}",
                  f"#{s.standing.rank} of {s.standing.of}",
                  f"{s.standing.top_score:g} ({s.standing.top_model})", s.standing.cited]
                 for s in self.strengths])]
            parts += ["", "Each rank compares scores on the same test only; sources may use "
                          "different settings."]
        return "\n".join(parts)


def _strength(fit: UseCaseFit) -> UseCaseStrength | None:
    if not fit.standings:
        return None
    return UseCaseStrength(use_case=fit.use_case, label=fit.label, standing=fit.standings[0],
                           tests=len(fit.standings),
                           lacks=fit.evidence.missing_capabilities())


def _ruled_out(use_case: str, billions: float | None) -> str | None:
    """Why the model cannot serve a use case whatever it scores: too large for it."""
    uc = use_case_for(use_case)
    if uc is None or uc.max_parameters_b is None or billions is None \
            or billions <= uc.max_parameters_b:
        return None
    return (f"{uc.label} (it has {billions:,.4g}B parameters; {uc.label} wants at most "
            f"{uc.max_parameters_b:g}B)")


def _lead(name: str, strengths: list[UseCaseStrength], unscored: list[str],
          ruled_out: list[str]) -> str:
    if not strengths:
        text = (f"No benchmark score is on file for {name} on any use case in the table it "
                "fits, so the catalog cannot say what it does best.")
    else:
        shown = [f"{s.label}: {s.standing.describe()}" for s in strengths[:SHOWN]]
        if len(strengths) == 1:
            text = f"The one use case {name} has a benchmark score on file for is {shown[0]}."
        else:
            text = (f"By its benchmark scores on file, {name} stands highest for {shown[0]}; "
                    f"then {'; '.join(shown[1:])}.")
        lacking: dict[str, list[str]] = {}  # a capability, and the shown use cases needing it
        for s in strengths[:SHOWN]:
            for cap in s.lacks:
                lacking.setdefault(cap, []).append(s.label)
        for cap, labels in lacking.items():
            text += f" It lacks {cap}, which the table lists for {'; '.join(labels)}."
    if ruled_out:
        text += f" It is too large for {'; '.join(ruled_out)}."
    if unscored:
        text += f" No score on file for: {'; '.join(unscored)}."
    return text


def rate_strengths(
    model: Annotated[str, Field(description="Model name or id, e.g. 'Kimi K2'.",
                                max_length=MAX_STRING_CHARS)],
) -> Strengths:
    """What a model does best, by its benchmark scores on file.

    Rates the model for every use case in the table (coding, agents, long documents, retrieval,
    multilingual, reasoning, vision, on-device, safety): the use cases it has scores for come
    best standing first, each with its score on the heaviest test it has, that score's rank
    among every catalog model scored on the same test, and the source; the use cases with no
    score are named. An unknown model fails with the closest names.
    """
    resolved = get_catalog().resolve(check_text("model", model))
    size = parameter_count(resolved)
    fits, ruled_out = [], []
    for key in use_case_keys():
        reason = _ruled_out(key, size.billions if size else None)
        if reason:
            ruled_out.append(reason)
        else:
            fits.append(rate_for_use_case(resolved.key, key))
    found = [s for f in fits if (s := _strength(f)) is not None]
    found.sort(key=lambda s: (s.share, -s.standing.of, s.label))
    unscored = [f.label for f in fits if not f.standings]
    return Strengths(model=resolved.name, strengths=found, unscored=unscored,
                     ruled_out=ruled_out, lead=_lead(resolved.name, found, unscored, ruled_out),
                     sources=sorted({s.standing.cited for s in found}))
