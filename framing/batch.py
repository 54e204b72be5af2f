"""Corpus runs: many articles through the audit, in parallel, into one resumable table.

>>> from framing.batch import run_batch
>>> run_batch(["corpus/"], "results.jsonl", jobs=4)  # doctest: +SKIP
BatchSummary(n_ok=2224, n_failed=1, n_skipped=0, seconds=41.7)

Inputs are read lazily (:func:`iter_tasks`): files, folders searched recursively
for articles, and JSONL corpora of one article per line. Each document becomes one
row (:meth:`framing.Audit.to_row`), or an error row ``{id, source, error}`` when it
cannot be audited, and the run goes on. Rows are written in input order.

The output stays readable whenever the run stops, even by ``kill -9``, and
``resume=True`` carries on where it stopped, skipping the ids already written:

- ``.jsonl``: whole lines, appended, flushed and fsynced in chunks; on resume a torn
  last line is cut off;
- ``.csv``: the same, with one header line; the columns are fixed before the first
  row (the schema of an ok row, then ``error``), and line breaks inside values are
  written as spaces so that one line is one row;
- ``.parquet``: a dataset folder of part files (``part-00000.parquet`` …), each
  written to a temporary name and renamed, so the folder always reads as a table.

The work is done by a process pool (``engine="local"``; every worker loads the
dictionaries and lexicons once) or a Dask cluster (``engine="dask"``), with a
bounded number of documents in flight so memory stays flat on any corpus size.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from . import ingest
from .ingest import DEFAULT_MAX_BYTES, InputError

#: Columns of an error row; ``error`` is also the last column of CSV and parquet output.
ERROR_COLUMNS = ("id", "source", "error")
# Suffixes read as one article each when found in a folder; .jsonl files are corpora.
_ARTICLE_SUFFIXES = frozenset(s for s in ingest.SUFFIXES if s != ".jsonl")
_MAX_ERROR = 500
# A fixed article whose row gives the column names and types before any document
# is read (every value present, so every type is known).
_PROBE = {
    "id": "probe",
    "title": "Probe headline",
    "outlet": "Probe",
    "date": "2024-01-01",
    "url": "probe-url",
    "text": "The minister said the plan was good.",
}


class BatchError(ValueError):
    """A corpus run cannot start or go on: the message says why and what to do."""


@dataclass(frozen=True)
class Task:
    """One document of a corpus run.

    Attributes
    ----------
    id : str
        Stable across runs: a JSONL record's ``id`` (else ``FILE:LINE``), a file's
        path relative to the folder given, or the path as given.
    source : str
        Where the document comes from, as shown in error rows.
    kind : {"path", "record", "text", "article", "error"}
        What ``payload`` holds: a file path, a JSON record (a dict with ``text``),
        text or bytes, an :class:`~framing.Article`, or the message of an input that
        could not be read as a document at all.
    payload : object
    """

    id: str
    source: str
    kind: str
    payload: Any


@dataclass(frozen=True)
class BatchSummary:
    """What a run did: documents audited, failed (error rows) and skipped (resumed)."""

    n_ok: int
    n_failed: int
    n_skipped: int
    seconds: float


class _Config(NamedTuple):
    """What a worker needs besides the task; small, sent with every task."""

    lexicon: tuple[str, ...]
    max_bytes: int
    reports: str | None
    spans: bool


# --------------------------------------------------------------------------- inputs


def iter_tasks(inputs, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Task]:
    """The documents of the inputs, one at a time.

    Parameters
    ----------
    inputs : path or iterable of paths
        Files (any format :func:`framing.load_article` reads), folders (searched
        recursively for ``.txt``, ``.md``, ``.html`` and ``.json`` articles and
        ``.jsonl`` corpora, in sorted order; hidden files and folders are left out,
        symbolic links to folders are not followed) and ``.jsonl`` corpora (one JSON
        object per line with ``text`` and optional ``id``, ``title``, ``outlet``,
        ``date``, ``url``).
    max_bytes : int
        A corpus line longer than this becomes an error task without being kept
        in memory.

    Yields
    ------
    Task
        A path that does not exist, and a corpus line that is not a JSON article,
        yield a task that fails with the reason.
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            yield from _folder_tasks(path, path, max_bytes)
        elif path.suffix.lower() == ".jsonl" and path.is_file():
            yield from _jsonl_tasks(path, os.fspath(given), max_bytes)
        else:
            yield Task(os.fspath(given), os.fspath(given), "path", os.fspath(path))


def _folder_tasks(root: Path, folder: Path, max_bytes: int) -> Iterator[Task]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        name = folder.relative_to(root).as_posix()
        yield Task(name, str(folder), "error", f"{folder}: cannot be listed ({exc.strerror})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _folder_tasks(root, path, max_bytes)
            continue
        suffix = path.suffix.lower()
        name = path.relative_to(root).as_posix()
        if suffix == ".jsonl":
            yield from _jsonl_tasks(path, name, max_bytes)
        elif suffix in _ARTICLE_SUFFIXES and entry.is_file():
            yield Task(name, str(path), "path", str(path))


def _jsonl_tasks(path: Path, name: str, max_bytes: int) -> Iterator[Task]:
    try:
        fh = open(path, "rb")  # closed by the with below
    except OSError as exc:
        yield Task(name, name, "error", f"{name}: cannot be read ({exc.strerror})")
        return
    with fh:
        for lineno, raw, size in _lines(fh, max_bytes):
            where = f"{name}:{lineno}"
            if raw is not None and not raw.strip():
                continue
            try:
                ingest._check_size(size, max_bytes, where)
                record = ingest._json_record(ingest.decode(raw, where)[0], where)
            except InputError as exc:
                yield Task(where, where, "error", str(exc))
                continue
            rid = record.get("id")
            yield Task(where if rid in (None, "") else str(rid), where, "record", record)


def _lines(fh, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, size)``; a line over ``limit`` bytes is skipped, not read whole."""
    lineno = 0
    while raw := fh.readline(limit + 1):
        lineno += 1
        size = len(raw)
        if size > limit and not raw.endswith(b"\n"):
            raw = None
            while (more := fh.readline(1 << 20)) and not more.endswith(b"\n"):
                size += len(more)
            size += len(more)
        yield lineno, raw, size


def _item_tasks(items: Iterable, max_bytes: int) -> Iterator[Task]:
    """Tasks for :func:`analyze_many`: paths, texts, records and Articles, in order."""
    from .document import Article

    for i, item in enumerate(items):
        if isinstance(item, Task):
            yield item
        elif isinstance(item, os.PathLike):
            yield Task(os.fspath(item), os.fspath(item), "path", os.fspath(item))
        elif isinstance(item, str) and ingest._looks_like_path(item):
            yield Task(item, item, "path", item)
        elif isinstance(item, str | bytes):
            yield Task(str(i), f"<item {i}>", "text", item)
        elif isinstance(item, Article):
            yield Task(item.meta.id or str(i), item.meta.source or f"<item {i}>", "article", item)
        elif isinstance(item, dict):
            where = f"<item {i}>"
            rid = item.get("id")
            rid = str(i) if rid in (None, "") else str(rid)
            text = item.get("text")
            if not isinstance(text, str):
                yield Task(rid, where, "error", f"{where}: a record needs a 'text' field (a str)")
                continue
            try:
                ingest._check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes, where)
            except InputError as exc:
                yield Task(rid, where, "error", str(exc))
                continue
            yield Task(rid, where, "record", item)
        else:
            where = f"<item {i}>"
            yield Task(str(i), where, "error", f"{where}: cannot audit a {type(item).__name__}")


# --------------------------------------------------------------------------- worker side

_LEXICONS: dict = {}


def _lexicon(paths: tuple[str, ...]):
    """The lexicon in force, loaded once per process for each set of user files."""
    if paths not in _LEXICONS:
        from .lexicon import load_lexicon

        _LEXICONS[paths] = load_lexicon(paths)
    return _LEXICONS[paths]


def _audit(task: Task, config: _Config):
    from .audit import analyze

    lexicon = _lexicon(config.lexicon)
    if task.kind == "path":
        return analyze(Path(task.payload), max_bytes=config.max_bytes, lexicon=lexicon)
    if task.kind == "record":
        article = ingest._from_record(task.payload, task.source, "utf-8")
        return analyze(article, lexicon=lexicon)
    if task.kind in ("text", "article"):
        return analyze(task.payload, max_bytes=config.max_bytes, lexicon=lexicon)
    raise InputError(str(task.payload))


def _process(task: Task, config: _Config) -> tuple[dict, list[dict] | None]:
    """Audit one document: its row and span records, or its error row. Never raises."""
    try:
        audit = _audit(task, config)
        row = audit.to_row()
        row["id"] = task.id
        row["source"] = task.source
        spans = _span_records(task.id, audit) if config.spans else None
        if config.reports:
            from .report import write_html

            write_html(audit, Path(config.reports) / report_name(task.id))
        return row, spans
    except Exception as exc:
        return _error_row(task, exc), None


def _error_row(task: Task, exc: BaseException) -> dict:
    if isinstance(exc, InputError):
        message = str(exc)
    else:
        message = f"{task.source}: internal error ({type(exc).__name__}: {exc})"
    message = " ".join(message.split())
    if len(message) > _MAX_ERROR:
        message = message[: _MAX_ERROR - 1] + "…"
    return {"id": task.id, "source": task.source, "error": message}


def _span_records(doc_id: str, audit) -> list[dict]:
    """One record per loaded-language hit and per attribution, with offsets into the text."""
    records = [
        {
            "id": doc_id,
            "kind": "loaded",
            "start": h.start,
            "end": h.end,
            "text": h.text,
            "category": h.category,
            "voice": h.voice,
            "term": h.term,
            "negated": h.negated,
        }
        for h in audit.loaded.hits
    ]
    sources = audit.sources.sources
    for a in audit.sources.attributions:
        span = a.content or a.cue
        records.append(
            {
                "id": doc_id,
                "kind": "attribution",
                "start": span.start,
                "end": span.end,
                "text": span.text,
                "form": a.form,
                "source_kind": "agentless" if a.source_id is None else sources[a.source_id].kind,
                "source": a.source.text if a.source else None,
                "cue": a.cue.text,
                "cue_start": a.cue.start,
                "cue_end": a.cue.end,
            }
        )
    return records


def _probe(config: _Config) -> list[tuple[str, str]]:
    """The columns of an ok row and their types ("int", "float" or "str"), in order.

    Also loads every resource of the worker that runs it (and raises a lexicon error
    before any document is read).
    """
    from .audit import analyze

    article = ingest._from_record(dict(_PROBE), "<probe>", "utf-8")
    row = analyze(article, lexicon=_lexicon(config.lexicon)).to_row()
    kinds = {int: "int", float: "float"}
    return [(k, kinds.get(type(v), "str")) for k, v in row.items()]


def _init_worker(main: int) -> None:
    """Leave Ctrl-C to the run, and exit when the run's process dies, even by ``kill -9``.

    A pool worker's parent may be a fork server that outlives the run (and that its
    workers keep alive), so the run's process id is watched, and the parent's too.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def alive(pid: int) -> bool:
        if os.name != "posix":  # os.kill would terminate it there
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent or not alive(main):
                os._exit(1)

    threading.Thread(target=watch, name="framing-watch-run", daemon=True).start()


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def report_name(doc_id: str) -> str:
    """A file name for a document's HTML report: the id made safe, unique per id."""
    safe = _UNSAFE.sub("_", doc_id).strip("._")[:120] or "article"
    if safe != doc_id:
        safe += "-" + hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe}.html"


# --------------------------------------------------------------------------- engines


class _Done:
    """A result already at hand, with the interface of a future."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


class _Inline:
    """Everything in this process, one document at a time (``jobs=1``)."""

    broken: tuple = ()
    window = 1
    workers = 1

    def submit(self, fn, *args):
        return _Done(fn(*args))

    def restart(self) -> None:
        pass

    def close(self) -> None:
        pass


class _Pool:
    """A process pool; each worker loads its resources once and dies with its parent."""

    def __init__(self, jobs: int) -> None:
        from concurrent.futures.process import BrokenProcessPool

        self.jobs = self.workers = jobs
        self.window = 8 * jobs
        self.broken = (BrokenProcessPool,)
        self._start()

    def _start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Not fork: the parent has threads (the progress bar's), and a fork can copy a held lock.
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        self.executor = ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, fn, *args):
        return self.executor.submit(fn, *args)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A Dask distributed cluster: the one at ``scheduler``, or a local one of ``jobs``."""

    broken: tuple = ()

    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise BatchError(
                "the dask engine needs dask and distributed: install framing[dask]"
            ) from None
        import logging

        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, set_as_default=False, timeout="20s")
            else:
                self.cluster = LocalCluster(
                    n_workers=jobs,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster, set_as_default=False)
        except OSError as exc:
            self.close()
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self.workers = sum(self.client.nthreads().values()) or jobs
        self.window = 8 * self.workers

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def restart(self) -> None:
        pass

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()


@contextlib.contextmanager
def _engine(engine: str, jobs: int | None, scheduler: str | None):
    if engine not in ("local", "dask"):
        raise BatchError(f"unknown engine {engine!r} (local or dask)")
    if scheduler and engine != "dask":
        raise BatchError("a scheduler address needs the dask engine")
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        jobs = jobs or 1
    if jobs < 1:
        raise BatchError(f"jobs must be at least 1, not {jobs}")
    if engine == "dask":
        runner = _Dask(jobs, scheduler)
    else:
        runner = _Inline() if jobs == 1 else _Pool(jobs)
    try:
        yield runner
    finally:
        runner.close()


def _start(runner, config: _Config) -> list[tuple[str, str]]:
    """Have every worker load its resources at once; the columns of an ok row."""
    futures = [runner.submit(_probe, config) for _ in range(runner.workers)]
    try:
        return futures[0].result()
    except runner.broken:
        raise BatchError(
            "the worker processes died while starting (see above); in a script, call "
            "run_batch or analyze_many under 'if __name__ == \"__main__\":'"
        ) from None


def _ordered(runner, tasks: Iterable[Task], config: _Config):
    """``(task, row, spans)`` for each task, in order, with at most ``runner.window`` in flight.

    When a worker process dies (a crash, not an exception), the pool is started
    again and the documents that were in flight are retried one at a time; the one
    that kills a worker again gets an error row.
    """
    pending: deque = deque()
    tasks = iter(tasks)
    more = True
    while True:
        while more and len(pending) < runner.window:
            task = next(tasks, None)
            if task is None:
                more = False
            elif task.kind == "error":
                pending.append((task, _Done((_error_row(task, InputError(task.payload)), None))))
            else:
                pending.append((task, runner.submit(_process, task, config)))
        if not pending:
            return
        task, future = pending.popleft()
        try:
            row, spans = future.result()
        except runner.broken:
            retry = [task] + [t for t, _ in pending]
            pending.clear()
            runner.restart()
            for t in retry:
                try:
                    row, spans = runner.submit(_process, t, config).result()
                except runner.broken:
                    runner.restart()
                    died = InputError(f"{t.source}: the worker process died while auditing it")
                    row, spans = _error_row(t, died), None
                yield t, row, spans
            continue
        except Exception as exc:  # a Dask worker lost for good, or a result that cannot travel
            row, spans = _error_row(task, exc), None
        yield task, row, spans


# --------------------------------------------------------------------------- outputs


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _append(fh, data: bytes) -> None:
    fh.write(data)
    fh.flush()
    os.fsync(fh.fileno())


class _LineFile:
    """An append-only file of whole lines, each chunk flushed and fsynced."""

    def __init__(self, path: Path, keep: int | None) -> None:
        """Open ``path``, keeping its first ``keep`` bytes (None: start empty)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if keep is None or not path.exists():
            path.write_bytes(b"")
            _fsync_dir(path.parent)
        elif path.stat().st_size > keep:
            os.truncate(path, keep)
        self.fh = open(path, "ab")  # closed by close()

    def append(self, lines: list[str]) -> None:
        if lines:
            # A lone surrogate (JSON allows "\\ud800") is written as that escape.
            _append(self.fh, "".join(lines).encode("utf-8", "backslashreplace"))

    def close(self) -> None:
        self.fh.close()


def _jsonl_prefix(path: Path, valid, *, strict: bool = True) -> tuple[int, list]:
    """How many leading bytes of a JSONL file are whole lines that ``valid`` accepts
    (returns a value for, not None), and those values. The rest is cut off on resume:
    when ``strict``, only a last line may be bad (a torn write)."""
    good, values, bad = 0, [], None
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if bad is not None:
                if not strict:
                    break
                raise BatchError(
                    f"{path}: line {bad} is not a row written by framing; cannot resume into it"
                )
            value = None
            if line.endswith(b"\n"):
                with contextlib.suppress(ValueError, TypeError, KeyError):
                    value = valid(json.loads(line))
            if value is None:
                bad = lineno
                continue
            good += len(line)
            values.append(value)
    return good, values


def _row_id(obj) -> str | None:
    return str(obj["id"]) if isinstance(obj, dict) and obj.get("id") is not None else None


class _Sink:
    """Buffers rows (and span records) and writes them in chunks."""

    chunk_rows = 200
    flush_seconds = 1.0

    def __init__(self, path: Path, resume: bool, spans: Path | None) -> None:
        self.path = path
        self.rows: list[dict] = []
        self.span_lines: list[str] = []
        self.last = time.monotonic()
        self.done: set[str] = self._open(resume)
        self.spans = None
        if spans is not None:
            keep = None
            if resume and spans.exists():
                # Span records are written before their rows, in the same order: the
                # records of documents whose rows never made it are the file's tail.
                keep, _ = _jsonl_prefix(
                    spans, lambda o: o["id"] in self.done or None, strict=False
                )
            self.spans = _LineFile(spans, keep)

    def _open(self, resume: bool) -> set[str]:
        raise NotImplementedError

    def begin(self, columns: list[tuple[str, str]]) -> None:
        """Fix the columns: those of an ok row (name, type), then ``error``."""

    def seen(self, doc_id: str) -> bool:
        return doc_id in self.done

    def add(self, row: dict, spans: list[dict] | None) -> None:
        self.rows.append(row)
        if spans:
            self.span_lines.extend(json.dumps(s, ensure_ascii=False) + "\n" for s in spans)
        if len(self.rows) >= self.chunk_rows or time.monotonic() - self.last >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            if self.spans is not None:
                self.spans.append(self.span_lines)
            self._write(self.rows)
        self.rows, self.span_lines = [], []
        self.last = time.monotonic()

    def _write(self, rows: list[dict]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        try:
            self.flush()
        finally:
            if self.spans is not None:
                self.spans.close()
            self._close()

    def _close(self) -> None:
        pass


class _JsonlSink(_Sink):
    def _open(self, resume: bool) -> set[str]:
        keep, ids = None, []
        if resume and self.path.exists():
            keep, ids = _jsonl_prefix(self.path, _row_id)
        self.file = _LineFile(self.path, keep)
        return set(ids)

    def _write(self, rows: list[dict]) -> None:
        self.file.append([json.dumps(r, ensure_ascii=False) + "\n" for r in rows])

    def _close(self) -> None:
        self.file.close()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return value


class _CsvSink(_Sink):
    def _open(self, resume: bool) -> set[str]:
        self.header: list[str] | None = None
        keep, ids = None, set()
        if resume and self.path.exists():
            keep = 0
            with open(self.path, "rb") as fh:
                for lineno, raw in enumerate(fh, 1):
                    line = raw.decode("utf-8", "replace")
                    fields = next(csv.reader([line])) if line.endswith("\n") else None
                    if fields is not None and self.header is None:
                        self.header = fields
                    elif fields is None or len(fields) != len(self.header):
                        if fh.readline():
                            raise BatchError(
                                f"{self.path}: line {lineno} is not a row written by framing; "
                                "cannot resume into it"
                            )
                        break
                    else:
                        ids.add(fields[0])
                    keep += len(raw)
        self.file = _LineFile(self.path, keep)
        return ids

    def seen(self, doc_id: str) -> bool:
        return _csv_value(doc_id) in self.done

    def begin(self, columns: list[tuple[str, str]]) -> None:
        names = [name for name, _ in columns] + ["error"]
        if self.header is None:
            self.header = names
            self._write_lines([names])
        elif self.header != names:
            raise BatchError(
                f"{self.path} has other columns than this run writes (another lexicon?); "
                "write to a new file"
            )

    def _write(self, rows: list[dict]) -> None:
        self._write_lines([[_csv_value(r.get(c)) for c in self.header] for r in rows])

    def _write_lines(self, records: list[list]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(records)
        self.file.append([buffer.getvalue()])

    def _close(self) -> None:
        self.file.close()


class _ParquetSink(_Sink):
    chunk_rows = 2000
    flush_seconds = 15.0
    _PART = re.compile(r"part-(\d{5,})\.parquet")

    def _open(self, resume: bool) -> set[str]:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise BatchError("parquet output needs pyarrow: pip install pyarrow") from None
        if self.path.exists() and not self.path.is_dir():
            raise BatchError(f"{self.path}: is a file; parquet output is a folder of parts")
        self.path.mkdir(parents=True, exist_ok=True)
        for stale in self.path.glob(".part-*.tmp"):
            stale.unlink()
        parts = sorted(p for p in self.path.iterdir() if self._PART.fullmatch(p.name))
        ids: set[str] = set()
        self.existing: list[str] | None = None
        if resume:
            for part in parts:
                ids.update(str(i) for i in pq.read_table(part, columns=["id"])["id"].to_pylist())
            if parts:
                self.existing = pq.read_schema(parts[0]).names
            self.next = max((int(self._PART.fullmatch(p.name)[1]) for p in parts), default=-1) + 1
        else:
            for part in parts:
                part.unlink()
            self.next = 0
        return ids

    def begin(self, columns: list[tuple[str, str]]) -> None:
        import pyarrow as pa

        types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
        self.schema = pa.schema(
            [(name, types[kind]) for name, kind in columns] + [("error", pa.string())]
        )
        if self.existing is not None and self.existing != self.schema.names:
            raise BatchError(
                f"{self.path} has other columns than this run writes (another lexicon?); "
                "write to a new folder"
            )

    def _write(self, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = f"part-{self.next:05d}.parquet"
        tmp = self.path / f".{name}.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema=self.schema), tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / name)
        _fsync_dir(self.path)
        self.next += 1


#: The output formats by suffix.
FORMATS = {".jsonl": _JsonlSink, ".csv": _CsvSink, ".parquet": _ParquetSink}


def _sink_type(out: Path, spans: Path | None) -> type[_Sink]:
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise BatchError(f"{out}: the output must end in .jsonl, .csv or .parquet")
    if spans is not None and spans.resolve() == out.resolve():
        raise BatchError(f"{spans}: the span output must not be the row output")
    return FORMATS[suffix]


# --------------------------------------------------------------------------- runs


def _progress(quiet: bool):
    from tqdm import tqdm

    return tqdm(
        desc="framing",
        unit=" doc",
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        dynamic_ncols=True,
    )


def _config(lexicon, max_bytes: int, reports=None, spans: bool = False) -> _Config:
    if isinstance(lexicon, str | os.PathLike):
        lexicon = [lexicon]
    return _Config(
        tuple(str(Path(p).absolute()) for p in lexicon),
        max_bytes,
        None if reports is None else str(Path(reports).absolute()),
        spans,
    )


def run_batch(
    inputs,
    out,
    *,
    jobs: int | None = None,
    resume: bool = False,
    reports=None,
    engine: str = "local",
    scheduler: str | None = None,
    quiet: bool = False,
    spans=None,
    lexicon=(),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> BatchSummary:
    """Audit a corpus into one table of rows, one per document.

    Parameters
    ----------
    inputs : path or iterable of paths
        Files, folders and JSONL corpora; see :func:`iter_tasks`.
    out : path
        ``*.jsonl``, ``*.csv`` or ``*.parquet`` (a folder of part files). Without
        ``resume`` it is started afresh.
    jobs : int, optional
        Worker processes; default all the cores this process may use. 1 runs in
        this process.
    resume : bool
        Keep what ``out`` holds (cutting off a torn last line) and skip the ids it
        has, ok or error rows alike. Ids are meant to be unique in a corpus.
    reports : path, optional
        Also write each document's HTML audit there, as :func:`report_name` of its id.
    engine : {"local", "dask"}
        A process pool here, or a Dask distributed cluster (``pip install
        framing[dask]``), whose workers must be able to read the inputs' paths and
        the lexicon files, and write to ``reports``. Either starts worker processes:
        in a script, call this under ``if __name__ == "__main__":``.
    scheduler : str, optional
        The Dask scheduler's address; default a local cluster of ``jobs`` processes.
    quiet : bool
        No progress bar (there is none either when standard error is not a terminal).
    spans : path, optional
        Also write a JSONL file of one record per loaded-language hit and per
        attribution: ``id`` (the document's), ``kind`` ("loaded" or "attribution"),
        ``start``, ``end``, ``text``, then ``category``, ``voice``, ``term`` and
        ``negated``, or ``form``, ``source_kind``, ``source``, ``cue``, ``cue_start``
        and ``cue_end`` (an attribution's span is its content, else its cue).
    lexicon : sequence of paths
        User category files applied to the bundled lexicon (as ``framing audit
        --lexicon``).
    max_bytes : int
        Documents larger than this fail with an error row.

    Returns
    -------
    BatchSummary
        ``n_failed`` counts error rows; a caller may exit non-zero when it is not 0.

    Raises
    ------
    BatchError
        The output's format is unknown, it cannot be resumed into, or the engine
        cannot start. A bad lexicon file raises :class:`framing.lexicon.LexiconError`.
    """
    start = time.perf_counter()
    config = _config(lexicon, max_bytes, reports, spans is not None)
    out, spans = Path(out), None if spans is None else Path(spans)
    sink_type = _sink_type(out, spans)
    ok = failed = skipped = 0

    def todo() -> Iterator[Task]:
        nonlocal skipped
        for task in iter_tasks(inputs, max_bytes=max_bytes):
            if sink.seen(task.id):
                skipped += 1
            else:
                yield task

    with _engine(engine, jobs, scheduler) as runner:
        sink = sink_type(out, resume, spans)  # the output is touched once the engine runs
        try:
            with _progress(quiet) as bar:
                sink.begin(_start(runner, config))
                for _, row, span_records in _ordered(runner, todo(), config):
                    sink.add(row, span_records)
                    if "error" in row:
                        failed += 1
                        bar.set_postfix(failed=failed, refresh=False)
                    else:
                        ok += 1
                    bar.update()
        finally:
            sink.close()  # before the workers are waited for
    return BatchSummary(ok, failed, skipped, time.perf_counter() - start)


def analyze_many(
    items: Iterable,
    jobs: int | None = None,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    lexicon=(),
    max_bytes: int = DEFAULT_MAX_BYTES,
    quiet: bool = False,
):
    """Audit many articles into a DataFrame of one row per article, in order.

    Parameters
    ----------
    items : iterable
        ``pathlib.Path`` objects (files), strings (the text, or a path as
        :func:`framing.load_article` reads one), bytes, records (dicts with ``text``
        and optional ``id``, ``title``, ``outlet``, ``date``, ``url``) or Articles.
    jobs, engine, scheduler, lexicon, max_bytes, quiet
        As for :func:`run_batch`; ``jobs=1`` runs in this process.

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`framing.Audit.to_row`, then ``error``: null for an
        audited article, the reason for one that could not be (its other columns
        null). ``id`` is a path, a record's ``id``, or else the item's position.
    """
    import pandas as pd

    config = _config(lexicon, max_bytes)
    rows = []
    with _engine(engine, jobs, scheduler) as runner, _progress(quiet) as bar:
        columns = [name for name, _ in _start(runner, config)] + ["error"]
        for _, row, _spans in _ordered(runner, _item_tasks(items, max_bytes), config):
            rows.append(row)
            bar.update()
    return pd.DataFrame.from_records(rows, columns=columns)
