"""Throughput and memory of ``framing.batch.run_batch`` on a corpus.

    python benchmarks/bench_batch.py CORPUS_DIR [--jobs 1 2] [--articles 1000 10000]

CORPUS_DIR holds plain-text articles (``*.txt``, searched recursively), such as
../shared/data/bbc-news (2,225 articles). Every measurement is one fresh process
running ``run_batch`` into a JSONL file, as ``framing batch`` would, so each pays
for its own start-up (worker processes, dictionaries, lexicons) and nothing is warm.

1. Throughput: the corpus folder with each ``--jobs`` value; articles per second
   (start-up included) and the speed-up over the first value; then the start-up
   alone (a run over an empty folder) and the rate after it.
   The load average is shown: other work on the machine slows the pool first.
2. Memory: a temporary JSONL corpus that cycles the articles up to each
   ``--articles`` count, with the largest ``--jobs``; the peak resident memory of
   the whole process tree (the run and its workers), sampled every 0.1 s with psutil.
   Without psutil, the largest single process's peak is shown instead.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUN = """
import json, sys
from framing.batch import run_batch
s = run_batch([sys.argv[1]], sys.argv[2], jobs=int(sys.argv[3]), quiet=True)
print(json.dumps({"ok": s.n_ok, "failed": s.n_failed, "seconds": s.seconds}))
"""


def tree_rss(proc) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except Exception:  # a process that ended between the listing and the read
            pass
    return total


def measure(source: Path, jobs: int) -> dict:
    """Run one batch in a fresh process; its summary and the tree's peak RSS in bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        cmd = [sys.executable, "-c", RUN, str(source), str(out), str(jobs)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        peak = 0
        try:
            import psutil

            watched = psutil.Process(proc.pid)
            while proc.poll() is None:
                peak = max(peak, tree_rss(watched))
                time.sleep(0.1)
            how = "tree"
        except ImportError:
            import resource

            proc.wait()
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
            how = "largest process"
        stdout = proc.stdout.read()
        proc.stdout.close()
        if proc.returncode != 0:
            raise SystemExit(f"run failed ({proc.returncode}): {stdout}")
        return {**json.loads(stdout.splitlines()[-1]), "peak": peak, "how": how}


def cycled_corpus(files: list[Path], n: int, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i, f in zip(range(n), itertools.cycle(files), strict=False):
            text = f.read_text(encoding="utf-8", errors="replace")
            fh.write(json.dumps({"id": f"{i:06d}", "text": text}) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.rglob("*.txt"))
    if not files:
        print(f"no *.txt articles under {args.corpus}", file=sys.stderr)
        return 1

    if not args.skip_throughput:
        print(f"throughput: run_batch over {args.corpus} ({len(files)} *.txt; start-up included)")
        base = steady_base = None
        for jobs in args.jobs:
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
            r = measure(args.corpus, jobs)
            with tempfile.TemporaryDirectory() as empty:
                startup = measure(Path(empty), jobs)["seconds"]
            rate = r["ok"] / r["seconds"]
            steady = r["ok"] / max(r["seconds"] - startup, 1e-9)
            base, steady_base = base or rate, steady_base or steady
            print(
                f"  jobs={jobs}: {r['ok']} ok, {r['failed']} failed in {r['seconds']:5.1f} s"
                f" = {rate:6.1f} articles/s  x{rate / base:.2f}"
                f" | start-up {startup:4.1f} s,"
                f" after it {steady:6.1f}/s x{steady / steady_base:.2f}"
                f" | peak RSS {r['peak'] / 2**20:4.0f} MiB ({r['how']}) | load {load:.2f}"
            )

    if not args.skip_memory:
        jobs = max(args.jobs)
        print(f"memory: JSONL corpora cycling the articles, jobs={jobs}")
        peaks = []
        with tempfile.TemporaryDirectory() as tmp:
            for n in args.articles:
                corpus = Path(tmp) / f"cycled-{n}.jsonl"
                cycled_corpus(files, n, corpus)
                r = measure(corpus, jobs)
                corpus.unlink()
                peaks.append(r["peak"])
                print(
                    f"  {n:>7,} articles: {r['seconds']:6.1f} s"
                    f" ({r['ok'] / r['seconds']:5.1f}/s), peak RSS {r['peak'] / 2**20:6.0f} MiB"
                    f" ({r['how']})"
                )
        if len(peaks) > 1:
            print(f"  peak RSS, largest over smallest corpus: x{peaks[-1] / peaks[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
