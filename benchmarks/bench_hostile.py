"""Hostile input stays linear: segmentation, quotations, loaded language and sources.

    python benchmarks/bench_hostile.py [--sizes 1,2,5,10]

For each kind of hostile text (one word repeated, no spaces at all, a million
quotation marks, one long unclosed quotation, a megabyte without punctuation) and
each size in megabytes, it times building the document model, the loaded-language
analyser and the sources analyser, and prints seconds per megabyte: a linear
analysis keeps that figure flat as the size grows.
"""

from __future__ import annotations

import argparse
import time

HOSTILE = {
    "one word repeated": lambda n: ("bold " * (n // 5 + 1))[:n],
    "no spaces": lambda n: "x" * n,
    "one hyphen chain": lambda n: ("bold-" * (n // 5 + 1))[:n],
    "quote marks": lambda n: ('“‘"«' * (n // 4 + 1))[:n],
    "one long quotation": lambda n: "“" + ("it is a bold and brotherly plan, " * (n // 34 + 1))[:n],
    "no punctuation": lambda n: ("war torn landmark architect of chaos " * (n // 37 + 1))[:n],
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,5,10", help="sizes in MB, comma-separated")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]

    from framing.analysers import loaded, sources
    from framing.ingest import build_article
    from framing.lexicon import load_lexicon

    lexicon = load_lexicon()
    build_article("Warm up. A bold step.")
    print(f"{'input':<20} {'MB':>5} {'model s':>8} {'loaded s':>9} {'sources s':>10} {'s/MB':>6}")
    for name, make in HOSTILE.items():
        for mb in sizes:
            text = make(int(mb * 1_000_000))
            t0 = time.perf_counter()
            article = build_article(text)
            t1 = time.perf_counter()
            found = loaded.analyse(article, lexicon)
            t2 = time.perf_counter()
            sources.analyse(article, found)
            t3 = time.perf_counter()
            print(
                f"{name:<20} {mb:>5g} {t1 - t0:>8.2f} {t2 - t1:>9.2f} {t3 - t2:>10.2f}"
                f" {(t3 - t0) / mb:>6.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
