"""Damage an embedded index the way two unlocked writers did: rows kept, vectors gone.

For the repair tests. Chroma keeps a chunk's row (text, metadata) in SQLite and its vector in
the HNSW files; ``lose_vectors`` deletes chunks through Chroma (row and vector) and then puts
their rows back into SQLite by hand, so they have rows and no vectors, deterministically.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def lose_vectors(store: Any, ids: Sequence[str]) -> None:
    """Leave the chunks ``ids`` of ``store`` (embedded) with their rows but no vectors."""
    db = Path(store.location) / "chroma.sqlite3"
    marks = ",".join("?" * len(ids))
    with sqlite3.connect(db) as conn:
        rows = conn.execute(f"SELECT id, segment_id, embedding_id, seq_id, created_at FROM "
                            f"embeddings WHERE embedding_id IN ({marks})", list(ids)).fetchall()
        row_ids = [r[0] for r in rows]
        meta = conn.execute(f"SELECT * FROM embedding_metadata WHERE id IN "
                            f"({','.join('?' * len(row_ids))})", row_ids).fetchall()
        meta_cols = [c[1] for c in conn.execute("PRAGMA table_info(embedding_metadata)")]
    store.delete(list(ids))
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO embeddings (id, segment_id, embedding_id, seq_id, "
                         "created_at) VALUES (?, ?, ?, ?, ?)", rows)
        conn.executemany(f"INSERT INTO embedding_metadata ({', '.join(meta_cols)}) VALUES "
                         f"({', '.join('?' * len(meta_cols))})", meta)
