"""The embedding model in a helper process, loading while this one reads the catalog.

A first build spends its first seconds on one core: the command's imports, the catalog built
from models.dev and the curated files, the model cards, and then importing torch and loading the
weights (about 1.4 s) before the first chunk is embedded, while the second core waits. Started
at the beginning of such a build, :class:`WorkerEmbedder` imports torch and loads the model in a
child process on that idle core, so both are ready when the chunks are; the child then embeds
with the same settings (same model id, same vectors) and sends each batch back as one array.

In the child each core runs its own forward passes (one torch thread and one Python thread per
core, one whole batch each), and the parent keeps later batches queued
(:meth:`WorkerEmbedder.embed_stream`) so that no core waits while it mixes headings or writes.
Two torch threads sharing every matrix product wait for each other at every operation: over the
1,498 chunks of a first build on 2 cores (AMD Zen 4, bfloat16), two forward passes side by side
took 13.1 to 13.6 s against 14.7 to 15.8 s for one pass on two threads (three runs each,
alternating, 2026-12-06).

Used by ``advisor ingest`` for a first build of an embedded index on the default torch backend
(no index yet, no model loaded in this process, no test embedder set;
``ADVISOR_EMBEDDING_HELPER=false`` turns it off). Measured 2026-12-04 on 2 cores, four rounds of
whole first builds each way: 18.9 s with the helper against 22.2 s without (medians). If the
child cannot load the model or stops, the embedder of this process takes over and the build
goes on.

Protocol: pickled tuples over the child's stdin and a copy of its stdout (the child's own
stdout is pointed at stderr, so nothing a library prints can break a message). The child reads
requests on a thread of their own, so the parent can always send; replies come in the order the
requests were sent.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from typing import IO, Any

import numpy as np

from advisor.config import Settings, get_settings

log = logging.getLogger(__name__)
STOP_WAIT_S = 5.0
_BROKEN = (OSError, EOFError, pickle.UnpicklingError)


class _HelperStopped(Exception):
    """The child answered a request with an error, or stopped; the message says which."""


def _stopped(exc: BaseException) -> str:
    """Why the child is taken for gone, when talking to it raised ``exc``."""
    return f"it stopped ({type(exc).__name__})"


def wanted() -> bool:
    """Whether a build in this process should embed in a helper.

    Only a first build of an embedded index, with no model loaded here and no embedder set by
    a test or an embedding app, on the default torch backend: with sentence-transformers the
    helper made each first build 2.2 to 3.0 s slower (three rounds, 2026-12-04), so that
    backend, and the ONNX one, embed in the ingest process.
    """
    from advisor.documents import embeddings

    if embeddings._override is not None or embeddings._embedders:
        return False
    settings = get_settings()
    return settings.embedding_helper and settings.embedding_backend == "torch" \
        and not settings.chroma_url and not (settings.data_dir / "chroma").exists()


class WorkerEmbedder:
    """An :class:`~advisor.documents.embeddings.Embedder` whose model runs in a child process."""

    def __init__(self, settings: Settings | None = None) -> None:
        """Start the child; it loads the model at once, with ``settings`` (default: these)."""
        self._settings = settings or get_settings()
        self._fallback: Any = None
        self._info: tuple[str, int] | None = None
        self._ahead = 2  # batches in flight: two per core of the child (known once it is ready)
        env = os.environ | {"PYTHONUNBUFFERED": "1"}
        self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-m", "advisor.documents.embed_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self._send(("settings", self._settings.model_dump()))

    # --- the Embedder protocol ---------------------------------------------------------------
    @property
    def model_id(self) -> str:
        """The loaded model's id (waits for the child to be ready)."""
        return self._ready()[0]

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        return self._ready()[1]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Normalised embeddings of ``texts``, in order."""
        return list(self.embed_array(texts).tolist())

    def embed_query(self, text: str) -> list[float]:
        """The normalised embedding of one query."""
        return self.embed([text])[0]

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """The embeddings as one float32 array (no per-float copying)."""
        with closing(self.embed_stream([texts])) as stream:
            return next(stream)

    def embed_stream(self, batches: Iterable[Sequence[str]]) -> Generator[np.ndarray]:
        """Each batch's embeddings as one float32 array, in order, computed ahead.

        Two batches per core of the child are always in flight, so its cores stay busy while the
        caller uses a batch. If the child fails, this process embeds the batches not yet given.
        """
        todo = [list(texts) for texts in batches]
        done = 0
        self._ready()
        if self._fallback is None:
            try:
                with closing(self._stream(todo)) as stream:
                    for vectors in stream:
                        done += 1
                        yield vectors
                return
            except _HelperStopped as exc:
                self._take_over(str(exc))
        for texts in todo[done:]:
            yield self._fallback_array(texts)

    # --- life cycle --------------------------------------------------------------------------
    def close(self) -> None:
        """Stop the child (it also stops by itself when this process goes away)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                pickle.dump(("stop", None), proc.stdin)
                proc.stdin.close()
            proc.wait(STOP_WAIT_S)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            if proc.stdout is not None:
                proc.stdout.close()

    def __enter__(self) -> WorkerEmbedder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ---------------------------------------------------------------------------
    def _stream(self, batches: list[list[str]]) -> Generator[np.ndarray]:
        """The helper's side of :meth:`embed_stream`: send ahead, give back in order.

        Each batch is one request, computed whole by one core of the child (so its texts are
        grouped exactly as this process would group them, and the vectors are the same).

        Raises:
            _HelperStopped: The child answered with an error or went away; replies still owed
                for batches in flight are read (or the child is stopped) before this returns.
        """
        sent = 0  # batches looked at for sending
        in_flight = 0  # requests whose replies are owed
        try:
            for i, texts in enumerate(batches):
                if not texts:  # nothing to ask the child
                    yield self._none()
                    continue
                while sent <= i or (sent < len(batches) and in_flight < self._ahead):
                    if batches[sent]:
                        self._send_or_stop(("embed", batches[sent]))
                        in_flight += 1
                    sent += 1
                in_flight -= 1  # the next reply is this batch's
                yield self._vectors()
        finally:
            self._settle(in_flight)

    def _vectors(self) -> np.ndarray:
        """The next reply's vectors (raises :class:`_HelperStopped` for anything else)."""
        try:
            kind, payload = self._receive()
        except _BROKEN as exc:
            raise _HelperStopped(_stopped(exc)) from exc
        if kind != "ok":
            raise _HelperStopped(str(payload))
        return np.asarray(payload, dtype=np.float32)

    def _send_or_stop(self, message: tuple[str, Any]) -> None:
        try:
            self._send(message)
        except _BROKEN as exc:
            raise _HelperStopped(_stopped(exc)) from exc

    def _settle(self, owed: int) -> None:
        """Read the replies still owed, so the next request gets its own (else stop the child)."""
        try:
            for _ in range(owed):
                self._receive()
        except _BROKEN:
            self.close()

    def _none(self) -> np.ndarray:
        """The vectors of an empty batch."""
        return np.zeros((0, self.dimension), dtype=np.float32)

    def _fallback_array(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self._none()
        return np.asarray(self._fallback.embed(list(texts)), dtype=np.float32)

    def _ready(self) -> tuple[str, int]:
        if self._info is None:
            try:
                kind, payload = self._receive()
                reason = str(payload)
            except _BROKEN as exc:
                kind, reason = "error", _stopped(exc)
            if kind == "ready":
                model_id, dimension, cores = payload
                self._info = (str(model_id), int(dimension))
                self._ahead = 2 * max(1, int(cores))
            else:
                self._take_over(reason)
        assert self._info is not None
        return self._info

    def _take_over(self, reason: str) -> None:
        """Embed in this process from now on (the child could not load or stopped)."""
        from advisor.documents.embeddings import get_embedder

        log.warning("the embedding helper process failed (%s); embedding in this process",
                    reason)
        self.close()
        self._fallback = get_embedder()
        self._info = (self._fallback.model_id, _dimension(self._fallback))

    def _send(self, message: tuple[str, Any]) -> None:
        if self._proc is None or self._proc.stdin is None:
            raise OSError("the helper process is closed")
        pickle.dump(message, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self._proc.stdin.flush()

    def _receive(self) -> tuple[str, Any]:
        if self._proc is None or self._proc.stdout is None:
            raise OSError("the helper process is closed")
        kind, payload = pickle.load(self._proc.stdout)  # noqa: S301 - our own child's reply
        return str(kind), payload


def _dimension(embedder: Any) -> int:
    """The length of an embedder's vectors (``dimension`` is not part of the protocol)."""
    known = getattr(embedder, "dimension", None)
    return int(known) if known else len(embedder.embed_query("dimension"))


def _reply(out: IO[bytes], message: tuple[str, Any]) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _one_pass_per_core(embedder: Any) -> tuple[Callable[[list[str]], Any], int]:
    """How the child embeds a batch, and how many batches it computes at once.

    The direct torch model is run by one Python thread per core, each with one torch thread
    (its forward pass shares nothing but read-only weights); any other embedder keeps its own
    threads and computes one batch at a time.
    """
    from advisor.documents.direct_embedder import DirectEmbedder

    if not isinstance(embedder, DirectEmbedder):
        return embedder.embed, 1
    import torch

    cores = max(1, min(torch.get_num_threads(), os.cpu_count() or 1))
    torch.set_num_threads(1)
    return embedder.embed_array, cores


def _read_requests(inp: IO[bytes], work: Callable[[list[str]], Any], pool: ThreadPoolExecutor,
                   replies: queue.Queue[Future[Any] | None]) -> None:
    """Queue a computation for every request until told to stop (or the parent is gone)."""
    try:
        while True:
            try:
                kind, texts = pickle.load(inp)  # noqa: S301 - sent by our parent
            except (EOFError, OSError, pickle.UnpicklingError):
                return
            if kind != "embed":
                return
            replies.put(pool.submit(work, texts))
    finally:
        replies.put(None)


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The child's loop: load the model, then embed each batch sent until told to stop."""
    from advisor.config import use_settings
    from advisor.documents.embeddings import get_embedder

    kind, fields = pickle.load(inp)  # noqa: S301 - sent by the parent that started us
    if kind != "settings":
        return
    try:
        use_settings(Settings(**fields, _env_file=None))
        embedder = get_embedder()
        work, cores = _one_pass_per_core(embedder)
        _reply(out, ("ready", (embedder.model_id, _dimension(embedder), cores)))
    except Exception as exc:  # noqa: BLE001 - any failure goes back to the parent as a reason
        _reply(out, ("error", f"{type(exc).__name__}: {exc}"))
        return
    replies: queue.Queue[Future[Any] | None] = queue.Queue()
    with ThreadPoolExecutor(cores, thread_name_prefix="embed") as pool:
        threading.Thread(target=_read_requests, args=(inp, work, pool, replies),
                         name="requests", daemon=True).start()
        while (computed := replies.get()) is not None:
            try:
                _reply(out, ("ok", np.asarray(computed.result(), dtype=np.float32)))
            except Exception as exc:  # noqa: BLE001
                _reply(out, ("error", f"{type(exc).__name__}: {exc}"))


def main() -> None:
    """Entry point of the child: messages on stdin, replies on a copy of stdout.

    It leaves with ``os._exit`` once told to stop (or when the parent is gone): tearing down
    torch takes about a second that nobody needs to wait for.
    """
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into a reply
    try:
        serve(sys.stdin.buffer, out)
    finally:
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
