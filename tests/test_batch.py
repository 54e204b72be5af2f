"""Corpus runs: inputs, rows, error rows, outputs that survive kill -9, resume, engines."""

import csv
import importlib.util
import inspect
import json
import math
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import framing
from framing.batch import (
    ERROR_COLUMNS,
    BatchError,
    Task,
    _Done,
    _ordered,
    analyze_many,
    iter_tasks,
    report_name,
    run_batch,
)
from framing.lexicon import load_lexicon, load_standards

ROOT = Path(__file__).resolve().parent.parent
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None
HAS_DASK = importlib.util.find_spec("distributed") is not None


def article(i: int) -> str:
    """A small news-like article: headline, reported speech, a quotation, loaded words."""
    return (
        f"Minister hails landmark deal number {i}\n\n"
        f"The minister said on Monday that deal {i} was a historic step for the region. "
        "Officials, who asked not to be named, said talks would continue.\n\n"
        f'"This is a bold move for our brotherly nations," the minister told reporters. '
        "Critics called the plan a reckless gamble."
    )


def write_articles(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        name = f"a{i:03d}.txt"
        (folder / name).write_text(article(i), encoding="utf-8")
        names.append(name)
    return names


def write_jsonl(path: Path, records, extra_lines=()) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def ids_of(rows) -> list[str]:
    return [r["id"] for r in rows]


def descendants(pid: int) -> set[int]:
    """Live descendants of a process, from /proc (empty where there is none)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, IndexError, ValueError):
            continue
        if state != "Z":
            parents[int(stat.parent.name)] = int(ppid)
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


# --------------------------------------------------------------------------- to_row


def test_to_row_keys_are_stable_flat_and_json_safe(seed_path):
    lexicon = load_lexicon()
    rows = [
        framing.analyze(seed_path).to_row(),
        framing.analyze("No headline here, just one plain sentence.").to_row(),
        framing.analyze(article(1)).to_row(),
    ]
    keys = list(rows[0])
    assert all(list(r) == keys for r in rows[1:])
    assert keys[:9] == [
        "id", "source", "headline", "outlet", "date", "url",
        "n_words", "n_sentences", "n_paragraphs",
    ]
    assert keys[9:11] == ["sentiment_article", "sentiment_headline"]
    assert keys[-1] == "lexicon_version"
    assert "readability_flesch_kincaid_grade" in keys
    assert "readability_text_standard_label" not in keys  # numeric metrics only
    for c in lexicon.categories:
        assert f"loaded_{c.id}_per_1000" in keys
    for voice in ("headline", "author", "quote", "reported", "outlet", "sources"):
        assert f"loaded_{voice}_per_1000" in keys
    for kind in ("named_person", "named_organisation", "media", "anonymous", "vague", "agentless"):
        assert f"sources_share_{kind}" in keys
    for rule in load_standards():
        assert f"sources_flag_{rule}" in keys
    for row in rows:
        json.dumps(row, allow_nan=False)
        assert all(v is None or type(v) in (str, int, float) for v in row.values())
        assert all(row[f"sources_flag_{rule}"] in (0, 1) for rule in load_standards())


def test_to_row_reads_the_results(seed_path):
    audit = framing.analyze(seed_path)
    row = audit.to_row()
    assert row["headline"] == audit.article.headline.text
    assert row["sentiment_article"] == audit.sentiment.article.compound
    assert row["loaded_per_1000"] == audit.loaded.per_1000_words["all"]
    assert row["loaded_n_hits"] + row["loaded_n_negated"] == len(audit.loaded.hits)
    assert row["sources_n_flags"] == len(audit.sources.flags)
    assert row["lexicon_version"] == audit.loaded.lexicon["version"]
    flagged = {f.rule for f in audit.sources.flags}
    assert {r for r in load_standards() if row[f"sources_flag_{r}"]} == flagged


# --------------------------------------------------------------------------- inputs


def test_folder_tasks_are_lazy_sorted_and_relative(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "b").mkdir(parents=True)
    (corpus / "b" / "z.md").write_text("# Title\n\nText.", encoding="utf-8")
    (corpus / "a.txt").write_text("Text.", encoding="utf-8")
    (corpus / "c.html").write_text("<p>Text.</p>", encoding="utf-8")
    (corpus / "notes.csv").write_text("x,y", encoding="utf-8")  # not an article
    (corpus / ".hidden.txt").write_text("Text.", encoding="utf-8")
    write_jsonl(corpus / "b" / "more.jsonl", [{"text": "One."}, {"id": "k", "text": "Two."}])
    tasks = iter_tasks([corpus])
    assert inspect.isgenerator(tasks)
    got = [(t.id, t.kind) for t in tasks]
    assert got == [
        ("a.txt", "path"),
        ("b/more.jsonl:1", "record"),
        ("k", "record"),
        ("b/z.md", "path"),
        ("c.html", "path"),
    ]
    single = list(iter_tasks(corpus / "a.txt"))
    assert [(t.id, t.kind) for t in single] == [(str(corpus / "a.txt"), "path")]


def test_jsonl_tasks_ids_bad_lines_and_long_lines(tmp_path):
    corpus = tmp_path / "c.jsonl"
    write_jsonl(
        corpus,
        [{"id": "x1", "text": "One."}, {"text": "Two."}, {"id": 7, "text": "Three."}],
        extra_lines=["", "{not json", json.dumps({"id": "big", "text": "w " * 600}), "[1, 2]"],
    )
    tasks = list(iter_tasks([corpus], max_bytes=1000))
    name = str(corpus)
    assert [t.id for t in tasks] == [
        "x1", f"{name}:2", "7", f"{name}:5", f"{name}:6", f"{name}:7",
    ]
    assert [t.kind for t in tasks] == ["record"] * 3 + ["error"] * 3
    assert "invalid JSON" in tasks[3].payload
    assert "over the" in tasks[4].payload
    assert "object" in tasks[5].payload


# --------------------------------------------------------------------------- runs


def test_folder_with_bad_files_finishes_with_error_rows(tmp_path):
    corpus = tmp_path / "corpus"
    good = write_articles(corpus, 6)
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "empty.txt").write_bytes(b"")
    with open(corpus / "huge.txt", "w", encoding="utf-8") as fh:
        fh.write(("word " * 200_000 + "\n") * 20)  # 20 MB, over the 10 MB limit
    out = tmp_path / "out.jsonl"
    summary = run_batch([corpus], out, jobs=2, quiet=True)
    assert (summary.n_ok, summary.n_failed, summary.n_skipped) == (6, 3, 0)
    assert summary.seconds > 0
    rows = read_jsonl(out)
    assert sorted(ids_of(rows)) == sorted(good + ["binary.txt", "empty.txt", "huge.txt"])
    errors = {r["id"]: r for r in rows if "error" in r}
    assert set(errors) == {"binary.txt", "empty.txt", "huge.txt"}
    for r in errors.values():
        assert list(r) == list(ERROR_COLUMNS)
        assert "\n" not in r["error"] and "Traceback" not in r["error"]
    assert "binary" in errors["binary.txt"]["error"]
    assert "empty" in errors["empty.txt"]["error"]
    assert "MB" in errors["huge.txt"]["error"]
    ok = [r for r in rows if "error" not in r]
    assert all(r["n_words"] > 20 for r in ok)
    assert ok[0]["headline"].startswith("Minister hails landmark deal")


def test_jsonl_corpus_with_a_bad_line(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(
        corpus,
        [{"id": "first", "text": article(1), "outlet": "Daily", "date": "2024-05-01"}],
        extra_lines=['{"id": "broken", "text": '],
    )
    with open(corpus, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": article(2), "title": "A given title", "url": "u"}) + "\n")
    out = tmp_path / "out.jsonl"
    summary = run_batch([corpus], out, jobs=1, quiet=True)
    assert (summary.n_ok, summary.n_failed) == (2, 1)
    rows = read_jsonl(out)
    assert ids_of(rows) == ["first", f"{corpus}:2", f"{corpus}:3"]
    assert rows[0]["outlet"] == "Daily" and rows[0]["date"] == "2024-05-01"
    assert rows[1]["error"].startswith(f"{corpus}:2: invalid JSON")
    assert rows[2]["headline"] == "A given title" and rows[2]["url"] == "u"


def test_resume_skips_ids_already_written(tmp_path):
    corpus = tmp_path / "corpus"
    write_articles(corpus, 3)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    first = run_batch([corpus], out, jobs=1, quiet=True)
    assert (first.n_ok, first.n_failed) == (3, 1)
    write_articles(corpus, 5)  # two more
    again = run_batch([corpus], out, jobs=1, quiet=True, resume=True)
    assert (again.n_ok, again.n_failed, again.n_skipped) == (2, 0, 4)
    ids = ids_of(read_jsonl(out))
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 6
    fresh = run_batch([corpus], out, jobs=1, quiet=True)  # no resume: starts afresh
    assert (fresh.n_ok, fresh.n_failed, fresh.n_skipped) == (5, 1, 0)
    assert len(read_jsonl(out)) == 6


def test_kill_9_then_resume_writes_every_id_once(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    n = 1500
    write_jsonl(corpus, [{"id": f"doc-{i:04d}", "text": article(i)} for i in range(n)])
    out = tmp_path / "out.jsonl"
    code = (
        "from framing.batch import run_batch; "
        f"run_batch([{str(corpus)!r}], {str(out)!r}, jobs=2, quiet=True)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not (out.exists() and out.stat().st_size > 0):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no rows written"
            time.sleep(0.02)
        workers = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while workers & descendants(1) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not workers & descendants(1), "worker processes outlived the killed run"
    written = out.read_bytes()
    assert 0 < written.count(b"\n") < n
    with open(out, "ab") as fh:  # as a kill in the middle of a write leaves it
        fh.write(b'{"id": "doc-9999", "source": "torn')
    summary = run_batch([corpus], out, jobs=2, quiet=True, resume=True)
    assert summary.n_failed == 0
    assert summary.n_skipped == written.count(b"\n")
    assert summary.n_ok + summary.n_skipped == n
    rows = read_jsonl(out)  # every line parses: the torn one is gone
    assert sorted(ids_of(rows)) == [f"doc-{i:04d}" for i in range(n)]


def test_csv_output_reads_with_pandas_and_resumes(tmp_path):
    pd = pytest.importorskip("pandas")
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(
        corpus,
        [{"id": "a", "text": article(1), "title": "Line\nbreak, and \"quotes\""}],
        extra_lines=["not json"],
    )
    out = tmp_path / "out.csv"
    summary = run_batch([corpus], out, jobs=1, quiet=True)
    assert (summary.n_ok, summary.n_failed) == (1, 1)
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["id", "source", "headline"] and header[-1] == "error"
    with open(corpus, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "b", "text": article(2)}) + "\n")
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('b,"torn')  # a torn last row
    again = run_batch([corpus], out, jobs=1, quiet=True, resume=True)
    assert (again.n_ok, again.n_failed, again.n_skipped) == (1, 0, 2)
    frame = pd.read_csv(out)
    assert list(frame.columns) == header
    assert list(frame["id"]) == ["a", f"{corpus}:2", "b"]
    assert frame["error"].notna().tolist() == [False, True, False]
    assert frame.loc[0, "headline"] == 'Line break, and "quotes"'
    assert frame.loc[0, "n_words"] > 20
    with open(out, newline="", encoding="utf-8") as fh:
        assert sum(1 for _ in csv.reader(fh)) == 4  # one header


@pytest.mark.skipif(not HAS_PYARROW, reason="pyarrow is not installed (parquet output)")
def test_parquet_dataset_reads_with_pandas_and_resumes(tmp_path):
    import pandas as pd

    corpus = tmp_path / "corpus"
    write_articles(corpus, 3)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.parquet"
    summary = run_batch([corpus], out, jobs=1, quiet=True)
    assert (summary.n_ok, summary.n_failed) == (3, 1)
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet"]
    (out / ".part-00001.parquet.tmp").write_bytes(b"half a part")  # a kill mid-write
    write_articles(corpus, 4)
    again = run_batch([corpus], out, jobs=1, quiet=True, resume=True)
    assert (again.n_ok, again.n_skipped) == (1, 4)
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    frame = pd.read_parquet(out)
    assert sorted(frame["id"]) == ["a000.txt", "a001.txt", "a002.txt", "a003.txt", "empty.txt"]
    assert frame.columns[-1] == "error"
    assert frame.set_index("id").loc["empty.txt", "error"].endswith("is empty")
    assert frame["n_words"].notna().sum() == 4


def test_spans_and_reports(tmp_path):
    corpus = tmp_path / "corpus"
    write_articles(corpus, 2)
    out, spans, reports = tmp_path / "out.jsonl", tmp_path / "spans.jsonl", tmp_path / "html"
    run_batch([corpus], out, jobs=1, quiet=True, spans=spans, reports=reports)
    records = read_jsonl(spans)
    text = article(0)
    for r in (r for r in records if r["id"] == "a000.txt"):
        assert text[r["start"] : r["end"]] == r["text"]
    assert {r["kind"] for r in records} == {"loaded", "attribution"}
    loaded = next(r for r in records if r["kind"] == "loaded")
    assert {"category", "voice"} <= set(loaded)
    said = next(r for r in records if r["kind"] == "attribution")
    assert {"form", "source_kind"} <= set(said)
    assert sorted(p.name for p in reports.iterdir()) == sorted(
        report_name(i) for i in ("a000.txt", "a001.txt")
    )
    assert "<html" in (reports / report_name("a000.txt")).read_text(encoding="utf-8").lower()


def test_spans_of_rows_never_written_are_dropped_on_resume(tmp_path):
    corpus = tmp_path / "corpus"
    write_articles(corpus, 2)
    out, spans = tmp_path / "out.jsonl", tmp_path / "spans.jsonl"
    run_batch([corpus], out, jobs=1, quiet=True, spans=spans)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text(lines[0], encoding="utf-8")  # the second row was lost, its spans were not
    run_batch([corpus], out, jobs=1, quiet=True, spans=spans, resume=True)
    per_doc = {}
    for r in read_jsonl(spans):
        per_doc.setdefault(r["id"], []).append((r["kind"], r["start"]))
    fresh = tmp_path / "fresh.jsonl"
    run_batch([corpus], tmp_path / "o2.jsonl", jobs=1, quiet=True, spans=fresh)
    expected = {}
    for r in read_jsonl(fresh):
        expected.setdefault(r["id"], []).append((r["kind"], r["start"]))
    assert per_doc == expected


def test_usage_errors(tmp_path):
    with pytest.raises(BatchError, match=r"\.jsonl, \.csv or \.parquet"):
        run_batch([tmp_path], tmp_path / "out.txt", quiet=True)
    with pytest.raises(BatchError, match="engine"):
        run_batch([tmp_path], tmp_path / "out.jsonl", engine="spark", quiet=True)
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text("not a row\n{}\n", encoding="utf-8")
    with pytest.raises(BatchError, match="cannot resume"):
        run_batch([tmp_path], foreign, resume=True, quiet=True)


def test_a_bad_lexicon_file_stops_the_run(tmp_path):
    from framing.lexicon import LexiconError

    write_articles(tmp_path / "corpus", 1)
    with pytest.raises(LexiconError, match="no such lexicon file"):
        run_batch(
            [tmp_path / "corpus"], tmp_path / "out.jsonl", jobs=1, quiet=True,
            lexicon=[tmp_path / "missing.toml"],
        )


def test_missing_dask_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "kept"}\n', encoding="utf-8")
    with pytest.raises(BatchError, match=r"install framing\[dask\]"):
        run_batch([tmp_path], out, engine="dask", quiet=True)
    assert out.read_text(encoding="utf-8") == '{"id": "kept"}\n'  # not started afresh


def test_a_dead_worker_costs_one_document_not_the_run():
    class Broken(Exception):
        pass

    class Failing:
        def result(self):
            raise Broken

    class Runner:
        """A pool whose worker dies on the document 'poison', every time."""

        broken = (Broken,)
        window = 4
        restarts = 0

        def submit(self, fn, task, config):
            return Failing() if task.id == "poison" else _Done(fn(task, config))

        def restart(self):
            self.restarts += 1

    from framing.batch import _config

    tasks = [Task(str(i), f"<{i}>", "text", f"Text number {i}.") for i in range(6)]
    tasks.insert(2, Task("poison", "<poison>", "text", "x"))
    runner = Runner()
    rows = [row for _, row, _ in _ordered(runner, tasks, _config((), 10_000))]
    assert ids_of(rows) == [t.id for t in tasks]
    assert [r["id"] for r in rows if "error" in r] == ["poison"]
    assert rows[2]["error"] == "<poison>: the worker process died while auditing it"
    assert runner.restarts == 2


@pytest.mark.skipif(not HAS_DASK, reason="dask is not installed: pip install framing[dask]")
def test_dask_engine_gives_the_same_rows_as_local(tmp_path):
    corpus = tmp_path / "corpus"
    write_articles(corpus, 4)
    (corpus / "empty.txt").write_bytes(b"")
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_batch([corpus], local, jobs=1, quiet=True)
    summary = run_batch([corpus], dask, jobs=2, engine="dask", quiet=True)
    assert (summary.n_ok, summary.n_failed) == (4, 1)
    assert read_jsonl(dask) == read_jsonl(local)


def test_analyze_many_returns_one_row_per_item(seed_path):
    items = [
        seed_path,
        article(1),
        {"id": "rec", "text": article(2), "outlet": "Daily"},
        b"\x00\x01binary",
        {"title": "no text"},
    ]
    frame = analyze_many(items, jobs=1, quiet=True)
    assert len(frame) == len(items)
    assert list(frame["id"]) == [str(seed_path), "1", "rec", "3", "4"]
    assert list(frame.columns) == list(framing.analyze(article(1)).to_row()) + ["error"]
    assert frame["error"].notna().tolist() == [False, False, False, True, True]
    assert frame.loc[2, "outlet"] == "Daily"
    assert not math.isnan(frame.loc[0, "sentiment_article"])
    assert framing.analyze_many is analyze_many


def test_cli_batch_over_bad_files_writes_every_row_and_exits_3(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("A calm headline\n\nThe minister said the plan was good.")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "huge.txt").write_bytes(b"word " * 4_000_000)  # 20 MB
    out = tmp_path / "rows.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "framing", "batch", str(corpus), "--out", str(out), "--jobs", "1"],
        capture_output=True, text=True,
    )
    assert done.returncode == 3, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(bool(r.get("error")) for r in rows) == [False, True, True, True]
    errors = {r["id"]: r["error"] for r in rows if r.get("error")}
    assert "is empty" in errors["empty.txt"] and "binary" in errors["binary.txt"]
    assert "over the 10 MB limit" in errors["huge.txt"]
    assert "1 audited, 3 failed" in done.stderr and "Traceback" not in done.stderr
