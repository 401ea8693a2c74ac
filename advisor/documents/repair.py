"""Repairing a damaged index during an ingest (see :mod:`advisor.documents.verify`).

Every ingest runs the quick check; chunks found damaged are taken out of what the ingest
believes is stored, so their sources count as changed and the chunks are embedded and written
again. A damaged chunk that its source no longer produces, or whose source is gone, is deleted.
Damage in sources outside the run is only counted, unless the ingest verifies (``--verify``):
then those sources are read again too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from advisor.documents.store import DocumentStore
from advisor.documents.verify import IndexHealth, check_index

if TYPE_CHECKING:
    from advisor.documents.records import Record
    from advisor.documents.report import IngestReport

__all__ = ["IndexHealth", "repair_damage"]

ReadMore = Callable[[Sequence[str]], "dict[str, list[Record]]"]
"""Called with stored source names: the records those sources produce now, by source."""


def repair_damage(store: DocumentStore, existing: dict[str, set[str]],
                  records: dict[str, list[Record]], report: IngestReport, *, full: bool,
                  read_more: ReadMore) -> None:
    """Check the index and prepare the repair of what is damaged.

    ``existing`` (stored ids by source) loses the damaged ids, so the ingest's plan writes
    them again; ``records`` gains, when ``full``, the damaged sources outside this run.
    Orphan vectors and damaged chunks nothing produces any more are deleted here.
    """
    rows = {cid for ids in existing.values() for cid in ids}
    health = check_index(store, full=full, rows=rows)
    report.health = health
    if health.ok:
        return
    doomed = list(health.orphan_vectors)
    broken = health.broken
    damaged = {src: ids & broken for src, ids in existing.items() if ids & broken}
    outside = [src for src in damaged if src not in records]
    if full and outside:
        more = read_more(outside)
        records.update((src, more[src]) for src in outside if src in more)
    for source, ids in damaged.items():
        if source not in records:
            if full:  # its file is gone or unreadable now: nothing can rebuild these chunks
                doomed += sorted(ids)
                existing[source] = existing[source] - ids
            else:
                report.damaged_elsewhere += len(ids)
            continue
        produced = {r.id for r in records[source]}
        doomed += sorted(ids - produced)
        existing[source] = existing[source] - ids
        report.repaired += len(ids & produced)
    if doomed:
        store.delete(doomed)
        report.repaired += len(doomed)
