"""Token-level agreement of the loaded-language analyser with expert propaganda spans.

    python eval/loaded_language.py CORPUS_DIR [--lexicon FILE ...] [--top 30]

CORPUS_DIR is the SemEval-2020 Task 11 propaganda corpus as laid out in
../shared/data/ptc-dev (``articles/article<ID>.txt`` and ``labels.tsv`` with
``ID TECHNIQUE START END`` character spans). A word token is *predicted* when it
lies in one of our hits (or, for the "hits + phrases" row, in one of the framed
phrases the analyser grows from them), and *gold* when it overlaps a gold span.
The script prints:

- the base rates (share of word tokens inside any gold span, inside Loaded_Language);
- precision of our predicted tokens against any technique and against
  Loaded_Language alone, and recall of gold Loaded_Language tokens, overall, for
  framing-bias and epistemic-bias categories (Recasens et al. 2013: the corpus
  annotates loaded language, not hedges or reporting verbs), and per category;
- the same figures for a baseline that marks every word of VADER's lexicon with
  |valence| >= 1;
- the most frequent false-positive terms and the most frequent missed
  Loaded_Language words (to review the lexicon by hand: gold spans are never
  copied into it);
- with ``--terms``, every entry that fired: its predicted tokens and precision.

``--half A`` (articles with an even ID) or ``--half B`` (odd IDs) evaluates one half
of the corpus: curate the lexicon while looking at one half only, and the other half
tells how the entries do on articles their curator has not seen.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path


def read_corpus(folder: Path):
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    with open(folder / "labels.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) == 4 and row[2].isdigit():
                spans[row[0]].append((row[1], int(row[2]), int(row[3])))
    for path in sorted((folder / "articles").glob("article*.txt")):
        article_id = path.stem.removeprefix("article")
        yield article_id, path.read_text(encoding="utf-8"), spans.get(article_id, [])


class Tally:
    def __init__(self) -> None:
        self.predicted = 0
        self.hit_any = 0
        self.hit_ll = 0

    def add(self, in_any: bool, in_ll: bool) -> None:
        self.predicted += 1
        self.hit_any += in_any
        self.hit_ll += in_ll

    def row(self, name: str, gold_ll: int) -> str:
        p_any = self.hit_any / self.predicted if self.predicted else 0.0
        p_ll = self.hit_ll / self.predicted if self.predicted else 0.0
        recall = self.hit_ll / gold_ll if gold_ll else 0.0
        return f"{name:<22} {self.predicted:>9} {p_any:>9.3f} {p_ll:>9.3f} {recall:>9.3f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--lexicon", action="append", type=Path, default=[])
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--half", choices=("A", "B"), help="A: even article IDs, B: odd IDs")
    parser.add_argument("--terms", action="store_true", help="precision of every entry that fired")
    args = parser.parse_args(argv)
    if not (args.corpus / "labels.tsv").is_file():
        print(f"{args.corpus}: no labels.tsv here (expected the ptc-dev layout)", file=sys.stderr)
        return 1

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framing.analysers import loaded
    from framing.ingest import build_article
    from framing.lexicon import load_lexicon

    lexicon = load_lexicon(tuple(args.lexicon))
    vader_lexicon = SentimentIntensityAnalyzer().lexicon
    ours, by_category, by_bias, baseline = Tally(), defaultdict(Tally), defaultdict(Tally), Tally()
    marked = Tally()
    by_term: dict[tuple[str, str], Tally] = defaultdict(Tally)
    bias_of = {c.id: c.bias for c in lexicon.categories}
    n_tokens = n_any = n_ll = 0
    false_positives, missed = Counter(), Counter()
    skipped = 0
    for article_id, text, spans in read_corpus(args.corpus):
        if args.half and (int(article_id) % 2 == 0) != (args.half == "A"):
            continue
        article = build_article(text)
        if article.text != text:
            skipped += 1  # normalisation moved offsets; gold spans would not line up
            continue
        gold_any = bytearray(len(text))
        gold_ll = bytearray(len(text))
        for technique, start, end in spans:
            gold_any[start:end] = b"\x01" * (end - start)
            if technique == "Loaded_Language":
                gold_ll[start:end] = b"\x01" * (end - start)
        category_at: dict[int, tuple[str, str]] = {}
        result = loaded.analyse(article, lexicon)
        for hit in result.hits:
            for i in range(hit.start, hit.end):
                category_at[i] = (hit.category, hit.term)
        in_phrase = bytearray(len(text))
        for phrase in result.phrases:
            in_phrase[phrase.start : phrase.end] = b"\x01" * (phrase.end - phrase.start)
        sentences = ([article.headline] if article.headline else []) + list(article.sentences)
        for sentence in sentences:
            for token in sentence.words:
                in_any = any(gold_any[token.start : token.end])
                in_ll = any(gold_ll[token.start : token.end])
                n_tokens += 1
                n_any += in_any
                n_ll += in_ll
                found = category_at.get(token.start)
                if found or in_phrase[token.start]:
                    marked.add(in_any, in_ll)
                if found:
                    ours.add(in_any, in_ll)
                    by_category[found[0]].add(in_any, in_ll)
                    by_bias[bias_of[found[0]]].add(in_any, in_ll)
                    by_term[found[1], found[0]].add(in_any, in_ll)
                    if not in_any:
                        false_positives[f"{found[1]} ({found[0]})"] += 1
                elif in_ll and not in_phrase[token.start] and token.norm not in ENGLISH_STOP_WORDS:
                    missed[token.norm] += 1
                if abs(vader_lexicon.get(token.norm, 0.0)) >= 1:
                    baseline.add(in_any, in_ll)

    half = f", half {args.half}" if args.half else ""
    print(
        f"corpus: {args.corpus}{half} "
        f"({skipped} articles skipped: normalisation changed their text)"
    )
    print(
        f"word tokens: {n_tokens}; inside any technique: {n_any / n_tokens:.1%}; "
        f"inside Loaded_Language: {n_ll / n_tokens:.1%}"
    )
    print(f"lexicon version {lexicon.version}\n")
    print(f"{'':<22} {'predicted':>9} {'P(any)':>9} {'P(LL)':>9} {'R(LL)':>9}")
    print(marked.row("hits + phrases", n_ll))
    print(ours.row("hits", n_ll))
    for bias in sorted(by_bias, reverse=True):
        print(by_bias[bias].row(f" {bias}-bias categories", n_ll))
    for category in sorted(by_category, key=lambda c: (bias_of[c] != "framing", c)):
        print(by_category[category].row(f"  {category}", n_ll))
    print(baseline.row("VADER |valence|>=1", n_ll))
    print(f"\nmost frequent false positives (predicted, outside every gold span), top {args.top}:")
    for term, n in false_positives.most_common(args.top):
        print(f"  {n:>4}  {term}")
    print(f"\nmost frequent missed Loaded_Language words (stop words aside), top {args.top}:")
    for word, n in missed.most_common(args.top):
        print(f"  {n:>4}  {word}")
    if args.terms:
        print("\nevery entry that fired, most predicted tokens first:")
        print(f"{'':<22} {'predicted':>9} {'P(any)':>9} {'P(LL)':>9} {'R(LL)':>9}")
        for (term, category), tally in sorted(by_term.items(), key=lambda kv: -kv[1].predicted):
            print(tally.row(f"  {category}", n_ll), " ", term[:80])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
