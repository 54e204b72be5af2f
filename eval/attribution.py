"""Attribution detection of the sources analyser against PolNeAR, and its anonymous sources.

    python eval/attribution.py CORPUS_DIR [--baseline PHRASES_FILE]
        [--compartment dev|train|both] [--limit N] [--examples 15]

CORPUS_DIR is PolNeAR v1.0.0 as laid out in ../shared/data/polnear
(``COMPARTMENT/text/NAME.txt`` and brat standoff ``COMPARTMENT/attributions/NAME_ANNOTATOR.ann``
with Source, Cue, Content and Attribution spans linked by ``E`` lines). Gold comes from
ONE annotator per article: the first ``.ann`` file in sorted order. The script prints:

1. attribution detection: the *statement subset* of gold attributions (those whose cue
   holds a speech or reporting verb of the analyser's own cue list, lexicons/attribution.toml
   ``[cues] speech, characterise, according_to``, matched by Snowball stem; PolNeAR also
   annotates thoughts and intentions, "mocked", "likes", which the analyser does not look
   for); cue precision (against any gold cue and against the subset), recall of the subset
   and F1, a predicted cue being right when it overlaps a gold cue; source spans (overlap
   and exact match) and content spans of matched attributions; agentless attributions
   (which PolNeAR does not annotate as such) as a count; and sampled false positives and
   misses in their sentence, with tallies of their likely causes;
2. anonymous sources: the analyser's (source kind ``anonymous``) against the fixed-phrase
   list of the Anonymous Source Tracker (``--baseline``, default
   CORPUS_DIR/../anonymous-phrases-baseline/anonymous-phrases.txt, each phrase matched
   case-insensitively as a literal substring): counts, agreement by sentence, examples each
   finds alone, and the precision and recall of both against a plainly stated proxy for an
   unnamed gold source;
3. for scale, a published reference figure for a news quote extractor.

Gold spans are never copied into the lexicons: the examples are for reviewing rules by hand.
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

Piece = tuple[int, int]
COMPARTMENTS = {"dev": ("dev",), "train": ("train",), "both": ("dev", "train")}
TRIGGERS = ("Attribution", "Attribution-no-source")
STRIP = " \t\n\r.,;:!?\"'“”‘’«»()[]—–-"
# Proxy for an unnamed gold source (see part 2): role nouns that stand for a person left unnamed.
UNNAMED_KEYWORDS = frozenset(
    {
        "source",
        "official",
        "aide",
        "person",
        "people",
        "insider",
        "staffer",
        "operative",
        "adviser",
        "advisor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "familiar",
    }
)
_T_LINE = re.compile(r"(T\d+)\t([^\s]+) (\d+ \d+(?:;\d+ \d+)*)")


# --------------------------------------------------------------------------- reading


@dataclass
class Gold:
    """One gold attribution: spans as lists of (start, end) pieces into the article text."""

    trigger: str
    cue: list[Piece]
    source: list[Piece]
    content: list[Piece]
    statement: bool = False

    @property
    def cue_start(self) -> int:
        return self.cue[0][0]

    @property
    def cue_end(self) -> int:
        return self.cue[-1][1]


def corpus_files(corpus: Path, compartment: str):
    """(compartment, name, text path, first .ann path or None, number of .ann files)."""
    for part in COMPARTMENTS[compartment]:
        texts = corpus / part / "text"
        if not texts.is_dir():
            print(f"{texts}: not a folder; compartment {part!r} left out", file=sys.stderr)
            continue
        anns: dict[str, list[Path]] = {}
        for path in (corpus / part / "attributions").glob("*.ann"):
            anns.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
        for path in sorted(texts.glob("*.txt")):
            found = sorted(anns.get(path.stem, []))
            yield part, path.stem, path, (found[0] if found else None), len(found)


def read_text(path: Path) -> tuple[str, list[int] | None] | str:
    """The article text as the analyser reads it, with an offset map from the raw file.

    The raw text is normalised as :func:`framing.load_article` does (BOM dropped, CRLF and
    CR to LF, NFC). Returns (text, mapping), ``mapping[i]`` being the normalised offset of
    raw offset ``i`` (None when the raw text is already normal); or a string saying why the
    article is skipped.
    """
    from framing.ingest import build_article

    try:
        raw = path.read_bytes().decode("utf-8")  # bytes: read_text would translate CRLF
    except (OSError, UnicodeDecodeError) as exc:
        return f"unreadable ({exc.__class__.__name__}: {exc})"
    mapping: list[int] | None = None
    expected = unicodedata.normalize(
        "NFC", raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    )
    text = raw
    if expected != raw:
        text, mapping = _normalise_with_map(raw)
        if text != expected:
            return "normalisation could not be mapped (gold offsets would not line up)"
    try:
        if build_article(text).text != text:
            return "build_article changes the text (gold offsets would not line up)"
    except Exception as exc:  # report and skip, never crash
        return f"cannot be built ({exc.__class__.__name__}: {exc})"
    return text, mapping


def _normalise_with_map(raw: str) -> tuple[str, list[int]]:
    """BOM, CRLF and NFC normalisation one base character (and its marks) at a time."""
    out: list[str] = []
    mapping = [0] * (len(raw) + 1)
    pos = 0
    i = 1 if raw.startswith("\ufeff") else 0
    while i < len(raw):
        if raw[i] == "\r":
            mapping[i] = pos
            if raw[i + 1 : i + 2] == "\n":
                i += 1
                mapping[i] = pos
            out.append("\n")
            pos += 1
            i += 1
            continue
        j = i + 1
        while j < len(raw) and unicodedata.combining(raw[j]):
            j += 1
        chunk = unicodedata.normalize("NFC", raw[i:j])
        for k in range(i, j):
            mapping[k] = pos
        out.append(chunk)
        pos += len(chunk)
        i = j
    mapping[len(raw)] = pos
    return "".join(out), mapping


def read_ann(path: Path, text: str, mapping: list[int] | None) -> tuple[list[Gold], int]:
    """Gold attributions of one .ann file and the number of odd lines or references skipped."""
    spans: dict[str, tuple[str, list[Piece]]] = {}
    events: list[str] = []
    odd = 0
    for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
        line = line.rstrip("\r")
        if m := _T_LINE.match(line):
            pieces = []
            for part in m.group(3).split(";"):
                s, e = map(int, part.split())
                if mapping is not None:
                    s, e = (mapping[s], mapping[e]) if e < len(mapping) else (-1, -1)
                if 0 <= s < e <= len(text):
                    pieces.append((s, e))
                else:
                    odd += 1
            if pieces:
                spans[m.group(1)] = (m.group(2), sorted(pieces))
        elif line.startswith("E") and "\t" in line:
            events.append(line.split("\t", 1)[1])
        elif line.startswith("T") and "\t" in line:
            odd += 1
    gold = []
    for event in events:
        args = [a.partition(":") for a in event.split()]
        if not args or args[0][0] not in TRIGGERS:
            continue
        roles: dict[str, list[Piece]] = {}
        for role, _, ref in args:
            if ref not in spans:
                odd += 1
                continue
            roles.setdefault(role.rstrip("0123456789"), []).extend(spans[ref][1])
        cue = sorted(roles.get("Cue") or roles.get(args[0][0]) or [])
        if not cue:
            odd += 1
            continue
        gold.append(
            Gold(args[0][0], cue, sorted(roles.get("Source", [])), sorted(roles.get("Content", [])))
        )
    return gold, odd


def statement_definition():
    """Stems of the analyser's speech, characterise and according_to cues (single and phrase)."""
    from framing.lexicon import lexicon_root, phrase_words, read_toml, stem

    data, _ = read_toml(lexicon_root().joinpath("attribution.toml"), "lexicons/attribution.toml")
    cues = data.get("cues", {})
    terms = [t for key in ("speech", "characterise", "according_to") for t in cues.get(key, [])]
    singles, phrases = set(), set()
    for term in terms:
        stems = tuple(stem(w) for w in phrase_words(term))
        if len(stems) == 1:
            singles.add(stems[0])
        elif stems:
            phrases.add(stems)
    return terms, singles, phrases


def is_statement(cue_text: str, singles, phrases) -> bool:
    from framing.document import fold
    from framing.lexicon import stem

    stems = [stem(w) for w in re.findall(r"[^\W_]+", fold(cue_text))]
    if any(s in singles for s in stems):
        return True
    return any(stems[i : i + len(p)] == list(p) for p in phrases for i in range(len(stems)))


# --------------------------------------------------------------------------- helpers


def overlaps(a: list[Piece], b: list[Piece]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def piece_text(text: str, pieces: list[Piece]) -> str:
    return " ".join(text[s:e] for s, e in pieces)


def chars(pieces: list[Piece]) -> set[int]:
    return {i for s, e in pieces for i in range(s, e)}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  n/a"


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


class Context:
    """Sentence lookup and a one-line display of a span in its sentence."""

    def __init__(self, name: str, article) -> None:
        self.name = name
        self.article = article
        self.sentences = ([article.headline] if article.headline else []) + list(article.sentences)
        self.starts = [s.start for s in self.sentences]

    def sentence(self, offset: int):
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_key(self, offset: int) -> tuple[int, int]:
        s = self.sentence(offset)
        return (s.start, s.end) if s else (offset, offset + 1)

    def in_headline(self, offset: int) -> bool:
        h = self.article.headline
        return h is not None and h.start <= offset < h.end

    def show(self, start: int, end: int, width: int = 260) -> str:
        text = self.article.text
        s = self.sentence(start)
        a, b = (s.start, s.end) if s else (max(0, start - 120), min(len(text), end + 120))
        a, b = min(a, start), max(b, end)
        left = " ".join(text[a:start].split())
        mid = " ".join(text[start:end].split())
        right = " ".join(text[end:b].split())
        room = max(40, (width - len(mid)) // 2)
        if len(left) > room:
            left = "…" + left[-room:]
        if len(right) > room:
            right = right[:room] + "…"
        return f"{left} [[{mid}]] {right}".strip()


def sample(items: list, n: int) -> list:
    if len(items) <= n:
        return items
    return sorted(random.Random(0).sample(items, n), key=lambda x: (x[0], x[1]))


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--compartment", choices=tuple(COMPARTMENTS), default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--examples", type=int, default=15)
    args = parser.parse_args(argv)
    if not any((args.corpus / c / "text").is_dir() for c in COMPARTMENTS[args.compartment]):
        print(
            f"{args.corpus}: no {args.compartment}/text here (expected the polnear layout)",
            file=sys.stderr,
        )
        return 1
    baseline_path = (
        args.baseline or args.corpus.parent / "anonymous-phrases-baseline" / "anonymous-phrases.txt"
    )
    phrases: list[str] = []
    try:
        for line in baseline_path.read_text(encoding="utf-8").splitlines():
            phrase = line.strip().strip('"').strip()
            if phrase:
                phrases.append(phrase.lower())
    except OSError as exc:
        print(
            f"{baseline_path}: cannot read the baseline phrases ({exc}); part 2 compares "
            "against no phrases",
            file=sys.stderr,
        )

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from framing.analysers import sources
    from framing.document import fold
    from framing.ingest import build_article
    from framing.lexicon import load_attribution

    lexicon = load_attribution()
    pronouns = lexicon.singular_pronouns | lexicon.plural_pronouns
    terms, singles, stem_phrases = statement_definition()
    cue_categories = ("speech", "characterise", "according_to")

    skipped: Counter = Counter()
    n_articles = n_multi = odd_lines = 0
    n_gold = n_subset = n_subset_source = n_subset_headline = 0
    n_gold_no_source_trigger = 0
    # cue scores
    n_pred = hit_any = hit_subset = 0
    found_subset = found_subset_body = 0
    found_all = 0
    by_form: Counter = Counter()
    by_form_hit: Counter = Counter()
    agentless = 0
    n_pred_attributions = 0
    # source scores
    src_matched = src_overlap = src_exact = 0
    src_pred = src_pred_correct = 0
    src_gold_found = 0
    # content
    content_matched = content_overlap = 0
    content_dice = 0.0
    false_positives: list = []
    misses: list = []
    fp_words: Counter = Counter()
    fp_where: Counter = Counter()
    miss_words: Counter = Counter()
    miss_why: Counter = Counter()
    src_errors: list = []
    # part 2
    ana_hits: list = []  # (name, start, ctx, span, sentence key)
    base_hits: list = []  # (name, start, ctx, span, phrase, sentence key)
    gold_sources: list = []  # (name, start, ctx, pieces, unnamed flag or None)
    ana_pronoun = 0
    ana_distinct = 0

    files = list(corpus_files(args.corpus, args.compartment))
    if args.limit is not None:
        files = files[: args.limit]
    for part, name, text_path, ann_path, n_ann in files:
        if ann_path is None:
            skipped["no .ann file"] += 1
            continue
        read = read_text(text_path)
        if isinstance(read, str):
            print(f"{text_path}: skipped: {read}", file=sys.stderr)
            skipped[read.split(" (")[0]] += 1
            continue
        text, mapping = read
        try:
            gold, odd = read_ann(ann_path, text, mapping)
        except (OSError, ValueError) as exc:
            print(f"{ann_path}: skipped: {exc}", file=sys.stderr)
            skipped["unreadable .ann"] += 1
            continue
        try:
            article = build_article(text)
            result = sources.analyse(article)
        except Exception as exc:  # report and skip, never crash
            print(
                f"{text_path}: skipped: analyser failed ({exc.__class__.__name__}: {exc})",
                file=sys.stderr,
            )
            skipped["analyser failed"] += 1
            continue
        n_articles += 1
        n_multi += n_ann > 1
        odd_lines += odd
        ctx = Context(f"{part}/{name}", article)
        for g in gold:
            g.statement = is_statement(piece_text(text, g.cue), singles, stem_phrases)
        subset = [g for g in gold if g.statement]
        n_gold += len(gold)
        n_gold_no_source_trigger += sum(g.trigger != "Attribution" for g in gold)
        n_subset += len(subset)
        n_subset_source += sum(bool(g.source) for g in subset)
        n_subset_headline += sum(ctx.in_headline(g.cue_start) for g in subset)
        gold_cues = [g.cue for g in gold]

        # ---- predicted cues (distinct cue spans; continued quotations reuse a cue)
        preds = [a for a in result.attributions if a.form != "agentless"]
        agentless += len(result.attributions) - len(preds)
        n_pred_attributions += len(preds)
        cues: dict[Piece, str] = {}
        for a in preds:
            cues.setdefault((a.cue.start, a.cue.end), a.form)
        pred_cues = [[c] for c in cues]
        for piece, form in cues.items():
            n_pred += 1
            by_form[form] += 1
            any_hit = any(overlaps([piece], c) for c in gold_cues)
            hit_any += any_hit
            sub_hit = any(overlaps([piece], g.cue) for g in subset)
            hit_subset += sub_hit
            by_form_hit[form] += any_hit
            if not any_hit:
                fp_words[fold(text[piece[0] : piece[1]])] += 1
                word = text[piece[0] : piece[1]]
                if word[:1].isupper() and ctx.sentence_key(piece[0])[0] != piece[0]:
                    where = "capitalised cue word mid-sentence (a name: 'United States')"
                elif any(overlaps([piece], g.content) for g in gold):
                    where = "inside a gold content span (nested speech not annotated)"
                elif any(ctx.sentence_key(g.cue_start) == ctx.sentence_key(piece[0]) for g in gold):
                    where = "sentence has another gold attribution"
                else:
                    where = "sentence has no gold attribution"
                fp_where[where] += 1
                false_positives.append((ctx.name, piece[0], ctx, piece, form))
        for g in gold:
            found = any(overlaps(g.cue, c) for c in pred_cues)
            found_all += found
            if not g.statement:
                continue
            found_subset += found
            if not ctx.in_headline(g.cue_start):
                found_subset_body += found
            if not found:
                cue_text = piece_text(text, g.cue)
                miss_words[fold(cue_text)] += 1
                miss_why[_why_missed(ctx, g, lexicon, cue_categories)] += 1
                misses.append((ctx.name, g.cue_start, ctx, g))

        # ---- sources and contents of matched attributions
        pairs = {}
        for a in preds:
            if a.source is not None:
                pairs.setdefault(((a.cue.start, a.cue.end), (a.source.start, a.source.end)), a)
        for cue_piece, src_piece in pairs:
            src_pred += 1
            candidates = [g for g in gold if overlaps([cue_piece], g.cue)]
            best = _best_gold(candidates, cue_piece)
            if (
                best is not None
                and best.statement
                and best.source
                and overlaps([src_piece], best.source)
            ):
                src_pred_correct += 1
            with_source = [g for g in candidates if g.source]
            g = _best_gold(with_source, cue_piece)
            if g is None:
                continue
            src_matched += 1
            ok = overlaps([src_piece], g.source)
            src_overlap += ok
            exact = text[src_piece[0] : src_piece[1]].strip(STRIP) == piece_text(
                text, g.source
            ).strip(STRIP)
            src_exact += exact
            if not exact:
                src_errors.append(
                    (ctx.name, src_piece[0], ctx, src_piece, piece_text(text, g.source), ok)
                )
        for g in subset:
            if g.source and any(overlaps(g.cue, [c]) and overlaps(g.source, [s]) for c, s in pairs):
                src_gold_found += 1
        for a in preds:
            if a.content is None:
                continue
            candidates = [
                g for g in gold if g.content and overlaps([(a.cue.start, a.cue.end)], g.cue)
            ]
            g = _best_gold(candidates, (a.cue.start, a.cue.end))
            if g is None:
                continue
            content_matched += 1
            mine, theirs = chars([(a.content.start, a.content.end)]), chars(g.content)
            content_overlap += bool(mine & theirs)
            content_dice += 2 * len(mine & theirs) / (len(mine) + len(theirs))

        # ---- part 2: anonymous sources
        seen = set()
        for a in result.attributions:
            if a.source_id is None or a.source is None:
                continue
            if result.sources[a.source_id].kind != "anonymous":
                continue
            span = (a.source.start, a.source.end)
            if span in seen:
                continue
            seen.add(span)
            if fold(a.source.text.strip()) in pronouns:
                ana_pronoun += 1
                continue
            ana_hits.append((ctx.name, span[0], ctx, span, ctx.sentence_key(span[0])))
        ana_distinct += sum(s.kind == "anonymous" for s in result.sources)
        lowered = text.lower() if len(text.lower()) == len(text) else text
        found_spans: list[tuple[int, int, str]] = []
        for phrase in phrases:
            start = lowered.find(phrase)
            while start >= 0:
                found_spans.append((start, start + len(phrase), phrase))
                start = lowered.find(phrase, start + 1)
        found_spans.sort()
        merged: list[list] = []
        for s, e, phrase in found_spans:  # overlapping phrases are one hit
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
                merged[-1][2].append(phrase)
            else:
                merged.append([s, e, [phrase]])
        for s, e, found_phrases in merged:
            base_hits.append(
                (ctx.name, s, ctx, (s, e), " | ".join(found_phrases), ctx.sentence_key(s))
            )
        for g in gold:
            if g.source:
                gold_sources.append(
                    (
                        ctx.name,
                        g.source[0][0],
                        ctx,
                        g.source,
                        _unnamed(text, g.source, ENGLISH_STOP_WORDS),
                    )
                )

    # ======================================================================= report
    print(
        f"corpus: {args.corpus} compartment {args.compartment}: {n_articles} articles "
        f"(skipped: {sum(skipped.values())}"
        + (", " + ", ".join(f"{n} {why}" for why, n in skipped.items()) if skipped else "")
        + ")"
    )
    print(
        f"gold: ONE annotator per article, the first .ann file in sorted order "
        f"({n_multi} articles have several annotators; the others are not used); "
        f"{odd_lines} odd spans or references skipped"
    )
    print("\n1. Attribution detection (statement attributions)\n")
    print("statement subset: a gold attribution whose cue words include, by Snowball stem of")
    print("the folded word, one of the analyser's cues (lexicons/attribution.toml [cues] speech,")
    print("characterise, according_to; multi-word cues as a contiguous stem sequence). Nominal")
    print("cues with such a stem ('his claim that') are in the subset too. The cue list:")
    line = "  "
    for term in terms:
        if len(line) + len(term) + 2 > 92:
            print(line.rstrip())
            line = "  "
        line += term + ", "
    print(line.rstrip(", "))
    print(
        f"\ngold attributions: {n_gold} ({n_gold_no_source_trigger} of them "
        f"'Attribution-no-source'); statement subset: {n_subset} ({ratio(n_subset, n_gold)}), "
        f"{n_subset_source} with a source span, {n_subset_headline} in a headline "
        "(the analyser reads body paragraphs only)"
    )
    print(
        f"predicted: {n_pred_attributions + agentless} attributions; {agentless} agentless "
        f"(not scored: PolNeAR does not annotate agentless claims as such); "
        f"{n_pred_attributions} others on {n_pred} distinct cue spans (continued quotations "
        "reuse their cue; cues are scored once)"
    )
    p_any, p_sub = hit_any / n_pred if n_pred else 0.0, hit_subset / n_pred if n_pred else 0.0
    r_sub = found_subset / n_subset if n_subset else 0.0
    n_body = n_subset - n_subset_headline
    r_body = found_subset_body / n_body if n_body else 0.0
    print("\ncue spans (right when they overlap a gold cue):")
    print(f"  precision vs any gold cue       {p_any:.3f}  ({hit_any}/{n_pred})")
    print(f"  precision vs statement subset   {p_sub:.3f}  ({hit_subset}/{n_pred})")
    print(f"  recall of statement subset      {r_sub:.3f}  ({found_subset}/{n_subset})")
    print(f"  recall, body only (no headline) {r_body:.3f}  ({found_subset_body}/{n_body})")
    print(f"  recall of all gold attributions {ratio(found_all, n_gold)}  ({found_all}/{n_gold})")
    print(f"  F1 (P any, R subset)            {f1(p_any, r_sub):.3f}")
    print(f"  F1 (P subset, R subset)         {f1(p_sub, r_sub):.3f}")
    print(
        "  precision by form (vs any gold cue): "
        + ", ".join(
            f"{form} {ratio(by_form_hit[form], by_form[form])} ({by_form[form]})"
            for form in sorted(by_form)
        )
    )
    print("\nsource spans (predicted attributions with a source whose cue overlaps a gold")
    print("attribution with a source; exact = equal after stripping punctuation and spaces):")
    print(
        f"  matched {src_matched}; overlap {ratio(src_overlap, src_matched)}; "
        f"exact {ratio(src_exact, src_matched)}"
    )
    p_src = src_pred_correct / src_pred if src_pred else 0.0
    r_src = src_gold_found / n_subset_source if n_subset_source else 0.0
    print(
        f"  source P (cue and source overlap a statement-subset gold) {p_src:.3f} "
        f"({src_pred_correct}/{src_pred} cue+source pairs)"
    )
    print(
        f"  source R (statement-subset gold with a source)            {r_src:.3f} "
        f"({src_gold_found}/{n_subset_source}); F1 {f1(p_src, r_src):.3f}"
    )
    print(
        f"\ncontent spans of matched attributions: {content_matched}; overlap "
        f"{ratio(content_overlap, content_matched)}; mean character Dice "
        f"{content_dice / content_matched if content_matched else 0.0:.3f}"
    )

    print(f"\nfalse positives: {n_pred - hit_any} predicted cues overlapping no gold cue")
    for where, n in fp_where.most_common():
        print(f"  {n:>5}  {where}")
    print(
        "  most frequent cue words: " + ", ".join(f"{w} {n}" for w, n in fp_words.most_common(15))
    )
    print(
        f"\nmisses: {n_subset - found_subset} statement-subset gold attributions with no "
        "overlapping predicted cue; likely cause, the first that applies (read from the"
    )
    print("  analyser's tokens before the cue word, then from the shape of the gold spans):")
    for why, n in miss_why.most_common():
        print(f"  {n:>5}  {why}")
    print(
        "  most frequent gold cues: " + ", ".join(f"{w} {n}" for w, n in miss_words.most_common(15))
    )

    print(
        f"\nfalse positives, {min(args.examples, len(false_positives))} sampled "
        "(cue in [[ ]], form):"
    )
    for name, _, ctx, piece, form in sample(false_positives, args.examples):
        print(f"  {name} ({form}): {ctx.show(*piece)}")
    print(f"\nmisses, {min(args.examples, len(misses))} sampled (gold cue in [[ ]]; gold source):")
    for name, _, ctx, g in sample(misses, args.examples):
        source = piece_text(ctx.article.text, g.source) if g.source else "-"
        print(f"  {name}: {ctx.show(g.cue_start, g.cue_end)}  <source: {source[:60]}>")
    wrong = [e for e in src_errors if not e[5]]
    print(
        f"\nsource spans not overlapping gold, {min(args.examples, len(wrong))} of "
        f"{len(wrong)} sampled (predicted source in [[ ]]; gold source):"
    )
    for name, _, ctx, piece, gold_text, _ in sample(wrong, args.examples):
        print(f"  {name}: {ctx.show(*piece)}  <gold: {gold_text[:60]}>")

    _report_anonymous(
        args, baseline_path, phrases, ana_hits, base_hits, gold_sources, ana_pronoun, ana_distinct
    )

    print("\n3. For scale\n")
    print("  A published quote extractor for news (the Gender Gap Tracker) reports quote F1 0.837")
    print("  and speaker accuracy 0.860 on its own annotated data: a different corpus, task")
    print("  definition and matching rule, so a reference point, not a like-for-like comparison.")
    return 0


def _best_gold(candidates: list[Gold], cue: Piece) -> Gold | None:
    """The gold attribution whose cue overlaps ``cue`` most, statement subset first."""
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda g: (g.statement, sum(max(0, min(e, cue[1]) - max(s, cue[0])) for s, e in g.cue)),
    )


_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "has", "have", "had", "'s"})
_MODALS = frozenset(
    {
        "to",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "did",
        "does",
        "do",
        "not",
        "n't",
        "never",
    }
)
_ADVERBS = frozenset(
    {
        "now",
        "also",
        "then",
        "later",
        "often",
        "still",
        "again",
        "already",
        "once",
        "first",
        "just",
        "even",
        "previously",
        "recently",
        "repeatedly",
        "frequently",
        "publicly",
        "privately",
        "initially",
        "subsequently",
        "further",
        "long",
        "earlier",
        "separately",
        "last",
        "soon",
    }
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _why_missed(ctx: Context, g: Gold, lexicon, categories) -> str:
    """A likely cause for a missed statement attribution: where the analyser's rules stop."""
    article = ctx.article
    if ctx.in_headline(g.cue_start):
        return "cue in the headline (not read)"
    if not any(p.start <= g.cue_start < p.end for p in article.paragraphs):
        return "cue outside the body paragraphs (byline or similar)"
    if article.quotation_at(g.cue_start, g.cue_end) is not None:
        return "cue inside a quotation (skipped as the speaker's own words)"
    sentence = ctx.sentence(g.cue_start)
    if sentence is None:
        return "cue in no sentence"
    tokens = sentence.tokens
    for m in lexicon.matcher.find(tokens):
        if m.entry.category not in categories:
            continue
        first, last = tokens[m.first], tokens[m.last]
        if not overlaps([(first.start, last.end)], g.cue):
            continue
        before = tokens[m.first - 1].norm if m.first > 0 else ""
        if before in ("a", "an", "the", "his", "her", "their", "its", "our", "this", "that"):
            return "cue word read as a noun (after a determiner)"
        if before in _MODALS:
            return "cue word after to/modal/do/not ('to say', 'did not respond')"
        if before in _AUXILIARIES:
            return "auxiliary before the cue word ('is warning', 'has said')"
        if before in _ADVERBS or before.endswith("ly"):
            return "adverb before the cue word ('now says', 'also said')"
        return _gold_shape(article.text, g, lexicon)
    return "cue word not matched by the analyser's matcher (other word form or tokenisation)"


def _gold_shape(text: str, g: Gold, lexicon) -> str:
    """What a missed gold attribution looks like, to group misses by likely cause."""
    from framing.document import fold
    from framing.lexicon import stem

    if not g.source:
        return "gold has no source (passive, 'Attribution-no-source')"
    if g.source[0][0] > g.cue_start:
        return "source after the cue ('said X', 'according to X')"
    source = piece_text(text, g.source).strip()
    if re.search(r"\b(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|Sgt|Prof|Rev|Gov|St|Jr|Sr)\.", source):
        return (
            "title abbreviation in the source ('Mr. Obama', 'Sen. X'): its period ends the source"
        )
    if ")" in source:
        return "parentheses in the source ('Rep. Gwen Moore (D-Wis.)')"
    if source.lower() in ("who", "which", "that"):
        return "source is a relative pronoun"
    if source.lower() in _PRONOUNS:
        return "source is a personal pronoun (unresolved)"
    if g.content and g.content[0][0] < g.source[0][0]:
        opening = text[g.content[0][0] : g.content[0][0] + 2]
        if opening == "''":
            return "content before the cue, in NYT ''...'' quotes (not read as a quotation)"
        if opening[:1] in "\"“‘'":
            return "content before the cue, quoted ('“...,” X said')"
        return "content before the cue, unquoted ('..., a source said.': no content after it)"
    between = text[g.source[-1][1] : g.cue_start]
    if "," in between or "—" in between or "--" in between:
        return "a clause between source and cue (', saying', 'X, who ...,')"
    if between.strip():
        return "words between source and cue"
    words = re.findall(r"[^\W\d_]+", source)
    if words and not words[-1][:1].isupper():
        head = stem(fold(words[-1]))
        known = (
            lexicon.anonymous_heads
            | lexicon.vague_heads
            | lexicon.roles
            | lexicon.organisation_words
        )
        if head not in known:
            return "source head noun not in the lexicon ('the campaign', 'the GOP nominee')"
    if len(source.split()) > 10:
        return "source longer than 10 words"
    return "other"


def _unnamed(text: str, pieces: list[Piece], stop_words) -> bool | None:
    """The proxy for an unnamed gold source; None for a bare pronoun or function words."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", piece_text(text, pieces))
    if not words:
        return None
    lower = [w.lower().strip(".'’") for w in words]
    if all(w in stop_words for w in lower):
        return None  # "he", "they", "who": resolved elsewhere, neither named nor unnamed
    singular = [w[:-1] if w.endswith("s") and w[:-1] in UNNAMED_KEYWORDS else w for w in lower]
    for i, w in enumerate(singular):
        if w in UNNAMED_KEYWORDS:
            following = words[i + 1] if i + 1 < len(words) else ""
            if not following[:1].isupper():
                return True  # "a source close to Trump", "White House officials"
    capitalised = [i for i, w in enumerate(words) if w[:1].isupper()]
    if capitalised == [0] and (lower[0] in stop_words or singular[0] in UNNAMED_KEYWORDS):
        capitalised = []
    return not capitalised


def _report_anonymous(
    args, baseline_path, phrases, ana_hits, base_hits, gold_sources, ana_pronoun, ana_distinct
) -> None:
    print(
        "\n2. Anonymous sources: analyser (source kind 'anonymous') vs the fixed-phrase baseline\n"
    )
    print(f"baseline: {len(phrases)} phrases from {baseline_path}, each matched case-insensitively")
    print("as a literal substring of the whole text (headline included; overlapping phrase hits")
    print("count once; a straight apostrophe in a phrase does not match a curly one).")
    ana_sent = {(h[0], h[4]) for h in ana_hits}
    base_sent = {(h[0], h[5]) for h in base_hits}
    both = ana_sent & base_sent
    span_overlap = sum(
        any(b[0] == a[0] and overlaps([a[3]], [b[3]]) for a in ana_hits) for b in base_hits
    )
    print(
        f"  analyser: {len(ana_hits)} anonymous source mentions ({ana_distinct} distinct sources "
        f"after merging) in {len(ana_sent)} sentences; {ana_pronoun} pronoun mentions left out"
    )
    print(f"  baseline: {len(base_hits)} phrase hits in {len(base_sent)} sentences")
    top = Counter(h[4] for h in base_hits).most_common(8)
    if top:
        print("    most frequent phrases: " + ", ".join(f"{p!r} {n}" for p, n in top))
    print(
        f"  sentences with both: {len(both)}; baseline hits overlapping an analyser source span: "
        f"{span_overlap}"
    )
    print(
        f"  sentences only the baseline flags: {len(base_sent - ana_sent)}; "
        f"only the analyser: {len(ana_sent - base_sent)}"
    )

    print("\n  unnamed-source proxy for gold Source spans (all gold attributions, same annotator):")
    print(
        "  a gold source is UNNAMED when it contains a role noun ("
        + ", ".join(sorted(UNNAMED_KEYWORDS))
        + ", or their plurals)"
    )
    print("  not directly followed by a capitalised word, or when it has no capitalised word at")
    print("  all (a capitalised first word that is a stop word or one of those nouns does not")
    print("  count); a bare pronoun or stop words only ('he', 'they', 'who') is left out; every")
    print("  other gold source counts as NAMED. A hit is right by span when it overlaps an unnamed")
    print("  gold source, by sentence when its sentence holds one.")
    by_article: dict[str, list] = {}
    for name, _, ctx, pieces, unnamed in gold_sources:
        by_article.setdefault(name, []).append((pieces, unnamed, ctx.sentence_key(pieces[0][0])))
    n_unnamed = sum(g[4] is True for g in gold_sources)
    n_named = sum(g[4] is False for g in gold_sources)
    print(
        f"  gold sources: {len(gold_sources)}; unnamed {n_unnamed}, named {n_named}, "
        f"pronoun/left out {len(gold_sources) - n_unnamed - n_named}"
    )
    print(
        f"  {'detector':<10} {'hits':>6} {'on gold src':>11} {'P(span)':>8} {'P(sent)':>8} "
        f"{'R(span)':>8} {'R(sent)':>8}"
    )
    for label, hits, key_at in (("analyser", ana_hits, 4), ("baseline", base_hits, 5)):
        on_gold = right_span = right_sent = 0
        for h in hits:
            golds = by_article.get(h[0], [])
            on_gold += any(overlaps([h[3]], p) for p, _, _ in golds)
            right_span += any(u and overlaps([h[3]], p) for p, u, _ in golds)
            right_sent += any(u and k == h[key_at] for _, u, k in golds)
        found_span = found_sent = 0
        for name, _, ctx, pieces, unnamed in gold_sources:
            if not unnamed:
                continue
            mine = [h for h in hits if h[0] == name]
            found_span += any(overlaps([h[3]], pieces) for h in mine)
            found_sent += any(h[key_at] == ctx.sentence_key(pieces[0][0]) for h in mine)
        print(
            f"  {label:<10} {len(hits):>6} {on_gold:>11} {ratio(right_span, len(hits)):>8} "
            f"{ratio(right_sent, len(hits)):>8} {ratio(found_span, n_unnamed):>8} "
            f"{ratio(found_sent, n_unnamed):>8}"
        )

    only_ana = [h for h in ana_hits if (h[0], h[4]) not in base_sent]
    only_base = [h for h in base_hits if (h[0], h[5]) not in ana_sent]
    print(
        f"\n  found by the analyser, not the baseline ({min(args.examples, len(only_ana))} of "
        f"{len(only_ana)}; source in [[ ]]):"
    )
    for name, _, ctx, span, _ in sample(only_ana, args.examples):
        print(f"    {name}: {ctx.show(*span)}")
    print(
        f"\n  found by the baseline, not the analyser ({min(args.examples, len(only_base))} of "
        f"{len(only_base)}; phrase in [[ ]]):"
    )
    for name, _, ctx, span, _, _ in sample(only_base, args.examples):
        print(f"    {name}: {ctx.show(*span)}")


if __name__ == "__main__":
    raise SystemExit(main())
