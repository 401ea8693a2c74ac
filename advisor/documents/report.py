"""What an ingest reports: counts, skipped files, the index check and what it repaired."""

from __future__ import annotations

from pydantic import BaseModel, Field

from advisor.documents.verify import IndexHealth


class SkippedFile(BaseModel):
    """A file left out of the index, and why."""

    source: str
    reason: str


class IngestReport(BaseModel):
    """What an ingest did."""

    sources: int = Field(0, description="Files and model cards read.")
    changed: int = Field(0, description="Sources whose chunks were (re)written.")
    unchanged: int = 0
    cards: int = Field(0, description="Model cards among the sources.")
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_total: int = 0
    pruned: list[str] = Field(default_factory=list, description="Sources removed by prune.")
    skipped: list[SkippedFile] = Field(default_factory=list)
    ignored: int = Field(0, description="Files in folders that are not a document type.")
    rebuilt: str | None = Field(None, description="Why the whole index was rebuilt, if it was.")
    location: str = ""
    seconds: float = 0.0
    health: IndexHealth | None = Field(None, description="What the index check found.")
    repaired: int = Field(0, description="Damaged chunks re-embedded or removed.")
    damaged_elsewhere: int = Field(
        0, description="Damaged chunks of sources outside this run (`--verify` repairs them).")
    unknown_models: dict[str, list[str]] = Field(
        default_factory=dict, description="Model names in a document's front matter that no "
                                          "catalog model matches (not linked), by source.")

    @property
    def wrote(self) -> int:
        """Chunks written or removed."""
        return self.chunks_added + self.chunks_removed

    def to_markdown(self) -> str:
        """A short account: counts, then every skipped file with its reason."""
        lines = [f"Indexed {self.sources} sources ({self.cards} model cards) in "
                 f"{self.seconds:.1f}s: {self.changed} changed, {self.unchanged} unchanged; "
                 f"{self.chunks_added} chunks added, {self.chunks_removed} removed, "
                 f"{self.chunks_total} in the index ({self.location})."]
        if self.rebuilt:
            lines.append(f"Rebuilt the whole index: {self.rebuilt}.")
        lines += self.health_lines()
        if self.pruned:
            lines.append(f"Pruned {len(self.pruned)} sources no longer present: "
                         + ", ".join(self.pruned[:10]) + (" …" if len(self.pruned) > 10 else ""))
        lines += [f"Skipped {s.source}: {s.reason}" for s in self.skipped]
        if self.ignored:
            lines.append(f"Ignored {self.ignored} files that are not Markdown, text, HTML or PDF.")
        lines += [f"Not linked in {source}: front matter names {', '.join(map(repr, names))}, "
                  "which no catalog model matches (check the spelling, or the model is not in "
                  "the catalog)" for source, names in self.unknown_models.items()]
        return "\n".join(lines)


    def health_lines(self) -> list[str]:
        """What the index check found and what was repaired (nothing when all was sound)."""
        if self.health is None or (self.health.ok and not self.health.full):
            return []
        lines = [self.health.summary()]
        if self.repaired:
            lines.append(f"Repaired {self.repaired} damaged chunks.")
        if self.damaged_elsewhere:
            lines.append(f"{self.damaged_elsewhere} damaged chunks belong to sources outside "
                         "this run: `advisor ingest --verify` repairs them.")
        return lines
