"""The ``framing`` command: a thin layer over the public API.

Exit codes: 0 success, 1 an input could not be audited (one plain line on stderr
per input, naming it), 2 a usage error, 3 a batch finished but some documents failed.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from . import __version__
from .files import write_atomic
from .ingest import DEFAULT_MAX_BYTES, InputError
from .lexicon import LexiconError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_SOME_FAILED = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Audit how a news article frames its story, with evidence for every number.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    audit = commands.add_parser(
        "audit",
        help="audit one or more articles",
        description="Audit articles (.txt, .md, .html, .json, one-record .jsonl); print a summary.",
    )
    audit.add_argument("files", nargs="+", type=Path, metavar="FILE")
    audit.add_argument(
        "--html",
        type=Path,
        metavar="PATH",
        help="write the HTML audit here (a folder when auditing several files)",
    )
    audit.add_argument(
        "--json",
        metavar="PATH|-",
        help="write the JSON results here, or '-' for standard output "
        "(a folder when auditing several files, or JSON lines on '-')",
    )
    audit.add_argument("--quiet", action="store_true", help="print no summary")
    audit.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    audit.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse inputs larger than N bytes (default {DEFAULT_MAX_BYTES:,})",
    )
    audit.add_argument(
        "--lexicon",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="a category file that adds to, overrides or disables bundled "
        "loaded-language categories (repeatable)",
    )
    audit.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="a baseline from 'framing baseline fit': the HTML scorecard places each "
        "number against it",
    )
    audit.set_defaults(run=run_audit)

    batch = commands.add_parser(
        "batch",
        help="audit a corpus: files, folders and JSONL, one flat row per article",
        description="Audit many articles in parallel. A document that fails becomes an error "
        "row and the run goes on; the exit code is 3 when any failed.",
    )
    batch.add_argument("inputs", nargs="+", type=Path, metavar="INPUT",
                       help="files, folders (searched recursively) or JSONL corpora")
    batch.add_argument("--out", type=Path, required=True, metavar="PATH",
                       help="results file: .jsonl, .csv or .parquet (a folder of parts)")
    batch.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: all cores)")
    batch.add_argument("--resume", action="store_true", help="skip ids already in --out")
    batch.add_argument("--reports", type=Path, metavar="DIR",
                       help="also write each article's HTML audit here")
    batch.add_argument("--spans", type=Path, metavar="PATH",
                       help="also write span-level evidence (hits, attributions) as JSONL")
    batch.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local process pool (default) or a Dask cluster")
    batch.add_argument("--scheduler", metavar="ADDR",
                       help="Dask scheduler address (default: a local cluster)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    batch.add_argument("--lexicon", action="append", type=Path, default=[], metavar="PATH")
    batch.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N")
    batch.set_defaults(run=run_batch)

    compare = commands.add_parser(
        "compare",
        help="compare articles by outlet (or another field): scores, words, profiles, map",
        description="Compare articles by group. INPUT: files, folders and JSONL corpora (audited "
        "here), or results tables written by 'framing batch' (.jsonl, .csv, .parquet).",
    )
    compare.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    compare.add_argument("--group-by", default="outlet", metavar="FIELD",
                         help="the column to group by (default: outlet)")
    compare.add_argument("--pair", nargs=2, metavar=("GROUP", "GROUP"),
                         help="the two groups whose vocabulary to contrast (default: the largest)")
    compare.add_argument("--baseline", type=Path, metavar="FILE",
                         help="a baseline from 'framing baseline fit': per-article percentiles")
    compare.add_argument("--html", type=Path, metavar="PATH", help="write the comparison page here")
    compare.add_argument("--csv", type=Path, metavar="PATH",
                         help="write one row per article (scores, map, percentiles) here")
    compare.add_argument("--jobs", type=int, default=None, metavar="N",
                         help="worker processes for articles to audit (default: all cores)")
    compare.add_argument("--lexicon", action="append", type=Path, default=[], metavar="PATH")
    compare.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N")
    compare.set_defaults(run=run_compare)

    baseline = commands.add_parser("baseline", help="corpus baselines: percentiles of every score")
    baseline_actions = baseline.add_subparsers(dest="action", metavar="ACTION", required=True)
    fit = baseline_actions.add_parser(
        "fit", help="fit a baseline on a corpus (articles or 'framing batch' results)"
    )
    fit.add_argument("inputs", nargs="+", type=Path, metavar="CORPUS")
    fit.add_argument("-o", "--out", type=Path, required=True, metavar="PATH",
                     help="the baseline JSON file to write")
    fit.add_argument("--name", metavar="NAME",
                     help="a label for the baseline (default: the file name)")
    fit.add_argument("--jobs", type=int, default=None, metavar="N")
    fit.add_argument("--lexicon", action="append", type=Path, default=[], metavar="PATH")
    fit.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N")
    fit.set_defaults(run=run_baseline_fit)

    lexicon = commands.add_parser("lexicon", help="list, show or check loaded-language lexicons")
    actions = lexicon.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the categories in force")
    listing.add_argument("--lexicon", action="append", type=Path, default=[], metavar="PATH")
    listing.set_defaults(run=run_lexicon_list)
    show = actions.add_parser("show", help="one category: description, examples and entries")
    show.add_argument("category")
    show.add_argument("--lexicon", action="append", type=Path, default=[], metavar="PATH")
    show.set_defaults(run=run_lexicon_show)
    check = actions.add_parser(
        "check", help="validate category files and run their examples; exit 1 on any error"
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(run=run_lexicon_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    try:
        return args.run(args)
    except LexiconError as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130


def _output_path(option: Path | None, source: Path, suffix: str, several: bool) -> Path | None:
    if option is None:
        return None
    return option / f"{source.stem}{suffix}" if several else option


def run_audit(args: argparse.Namespace) -> int:
    from .audit import analyze
    from .lexicon import load_lexicon

    lexicon = load_lexicon(tuple(args.lexicon))
    baseline = None
    if args.baseline is not None:
        from .compare import Baseline, BaselineError

        try:
            baseline = Baseline.load(args.baseline)
        except (BaselineError, OSError) as exc:
            print(f"framing: {exc}", file=sys.stderr)
            return EXIT_INPUT
    several = len(args.files) > 1
    json_to_stdout = args.json == "-"
    json_option = None if args.json in (None, "-") else Path(args.json)
    failures = 0
    for path in args.files:
        try:
            audit = analyze(path, max_bytes=args.max_bytes, lexicon=lexicon)
            html_path = _output_path(args.html, path, ".html", several)
            json_path = _output_path(json_option, path, ".json", several)
            if html_path is not None:
                from .report import write_html

                write_html(audit, html_path, baseline=baseline)
            if json_path is not None:
                write_atomic(json_path, audit.to_json())
            if json_to_stdout:
                sys.stdout.write(audit.to_json(indent=None if several else 2) + "\n")
            elif not args.quiet:
                print(format_summary(audit, html_path, json_path))
        except InputError as exc:
            failures += 1
            print(f"framing: {exc}", file=sys.stderr)
        except OSError as exc:
            failures += 1
            if args.debug:
                raise
            print(
                f"framing: {path}: cannot write output ({exc.strerror}: {exc.filename})",
                file=sys.stderr,
            )
        except Exception as exc:  # a bug, not bad input: still one line unless --debug
            failures += 1
            if args.debug:
                raise
            print(
                f"framing: {path}: internal error ({type(exc).__name__}: {exc}); "
                "rerun with --debug for the traceback",
                file=sys.stderr,
            )
    return EXIT_INPUT if failures else EXIT_OK


def run_batch(args: argparse.Namespace) -> int:
    from .batch import BatchError
    from .batch import run_batch as batch

    try:
        summary = batch(
        args.inputs, args.out, jobs=args.jobs, resume=args.resume, reports=args.reports,
            engine=args.engine, scheduler=args.scheduler, quiet=args.quiet, spans=args.spans,
            lexicon=tuple(args.lexicon), max_bytes=args.max_bytes,
        )
    except BatchError as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"framing batch: {summary.n_ok} audited, {summary.n_failed} failed, "
        f"{summary.n_skipped} skipped (already in {args.out}) in {summary.seconds:.1f} s",
        file=sys.stderr,
    )
    return EXIT_SOME_FAILED if summary.n_failed else EXIT_OK


def _corpus_rows(args: argparse.Namespace):
    """Rows and texts of the inputs; failed documents reported one line each."""
    from .compare import rows_from_inputs

    if args.jobs is not None and args.jobs < 1:
        raise _Usage("--jobs must be at least 1")
    frame, texts = rows_from_inputs(
        args.inputs, jobs=args.jobs, lexicon=tuple(args.lexicon), max_bytes=args.max_bytes
    )
    failed = 0
    if "error" in frame.columns:
        for doc_id, error in zip(frame["id"], frame["error"], strict=True):
            if isinstance(error, str):
                failed += 1
                print(f"framing: {error if str(doc_id) in error else f'{doc_id}: {error}'}",
                      file=sys.stderr)
    if len(frame) == failed:
        if failed:
            raise _Failed  # each failure is already on its line
        raise InputError("no articles found in the inputs")
    return frame, texts, failed


class _Usage(Exception):
    """A usage error found after parsing: exit 2."""


class _Failed(Exception):
    """Every input failed and each was reported: exit 1."""


def run_compare(args: argparse.Namespace) -> int:
    from .compare import Baseline, compare

    try:
        baseline = Baseline.load(args.baseline) if args.baseline is not None else None
        frame, texts, failed = _corpus_rows(args)
        if args.group_by not in frame.columns:
            raise _Usage(f"--group-by {args.group_by}: no such column in the rows")
        present = {str(v) for v in frame[args.group_by].dropna()}
        for name in args.pair or ():
            if name not in present:
                raise _Usage(f"--pair {name}: no such group in {args.group_by}")
        result = compare(frame, by=args.group_by, texts=texts, baseline=baseline,
                         pair=tuple(args.pair) if args.pair else None)
    except _Usage as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _Failed:
        return EXIT_INPUT
    except ValueError as exc:  # InputError, BaselineError, and compare's refusals
        print(f"framing: {exc}", file=sys.stderr)
        return EXIT_INPUT
    print(format_comparison(result))
    try:
        if args.html is not None:
            result.to_html(args.html)
            print(f"  HTML: {args.html}")
        if args.csv is not None:
            result.to_csv(args.csv)
            print(f"  CSV: {args.csv}")
    except OSError as exc:
        print(f"framing: cannot write output ({exc.strerror}: {exc.filename})", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_INPUT if failed else EXIT_OK


def format_comparison(result) -> str:
    """The plain-text summary ``framing compare`` prints."""
    from .compare import MAIN_SCORES

    groups = result.group_names()
    lines = [f"{len(result.scores)} articles in {len(groups)} group(s) by {result.by}"]
    g = result.groups
    for score, label in MAIN_SCORES[:3]:
        part = g[g.score == score]
        if part.empty:
            continue
        cells = "; ".join(
            f"{r.group} {r.mean:.2f} [{r.ci_low:.2f}, {r.ci_high:.2f}]"
            for r in part.itertuples() if r.n
        )
        lines.append(f"  {label}: {cells}")
    if result.distinctive is not None:
        for name in result.pair:
            top = result.distinctive[result.distinctive.group == name].head(8)
            words = ", ".join(f"{t} ({z:+.1f})" for t, z in zip(top.term, top.z, strict=True))
            lines.append(f"  words of {name}: {words}")
    if result.map is not None:
        ev = result.explained_variance
        lines.append(f"  map: PC1 {ev[0]:.0%}, PC2 {ev[1]:.0%} of the profile variance")
        for r in result.outliers.itertuples():
            lines.append(f"  outlier {r.id} ({r.group}): {r.why}")
    for note in result.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def run_baseline_fit(args: argparse.Namespace) -> int:
    from .compare import fit_baseline

    try:
        frame, _texts, failed = _corpus_rows(args)
        baseline = fit_baseline(frame, name=args.name or args.out.stem)
    except _Usage as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _Failed:
        return EXIT_INPUT
    except ValueError as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return EXIT_INPUT
    try:
        baseline.save(args.out)
    except OSError as exc:
        print(f"framing: cannot write {args.out} ({exc.strerror})", file=sys.stderr)
        return EXIT_INPUT
    print(
        f"framing baseline: {baseline.n} article(s), {len(baseline.percentiles)} score columns, "
        f"lexicon {baseline.lexicon_version}: {args.out}"
    )
    return EXIT_INPUT if failed else EXIT_OK


def run_lexicon_list(args: argparse.Namespace) -> int:
    from .lexicon import load_lexicon

    lexicon = load_lexicon(tuple(args.lexicon))
    print(f"{'category':<18} {'bias':<9} {'entries':>7} {'weight':>6}  name")
    for c in lexicon.categories:
        print(f"{c.id:<18} {c.bias:<9} {len(c.entries):>7} {c.default_weight:>6}  {c.name}")
    total = sum(len(c.entries) for c in lexicon.categories)
    print(
        f"{len(lexicon.categories)} categories, {total} entries, lexicon version {lexicon.version}"
    )
    return EXIT_OK


def run_lexicon_show(args: argparse.Namespace) -> int:
    from .lexicon import load_lexicon

    c = load_lexicon(tuple(args.lexicon)).category(args.category)
    print(f"{c.name} ({c.id}), default weight {c.default_weight}; from {c.where}")
    print(
        textwrap.fill(
            " ".join(c.description.split()), 88, initial_indent="  ", subsequent_indent="  "
        )
    )
    print("  fires on:")
    for example in c.fire:
        print(f"    + {example}")
    print("  quiet on:")
    for example in c.quiet:
        print(f"    - {example}")
    print(f"  {len(c.entries)} entries:")
    for e in c.entries:
        extra = f" (instead: {e.neutral})" if e.neutral else ""
        unless = f" [not in: {'; '.join(e.exceptions)}]" if e.exceptions else ""
        print(f"    {e.term!r} {e.match} w{e.weight}{extra}{unless}")
        if e.note:
            print(f"        {e.note}")
    return EXIT_OK


def run_lexicon_check(args: argparse.Namespace) -> int:
    from .lexicon import check_lexicon_files

    failures = 0
    for path, problems, summary in check_lexicon_files(args.files):
        if problems:
            failures += 1
            for problem in problems:
                print(f"framing: {problem}", file=sys.stderr)
        else:
            print(f"ok: {path}: {summary}")
    return EXIT_INPUT if failures else EXIT_OK


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def _signed(x: float) -> str:
    return f"{x:+.2f}"


def _loaded_lines(result) -> list[str]:
    density = result.per_1000_words
    scored = [h for h in result.hits if not h.negated]
    lines = [
        f"  loaded language: {len(scored)} hit(s), {density['all']:.1f} per 1,000 body words "
        f"(outlet {result.outlet_vs_sources['outlet']:.1f}, "
        f"sources {result.outlet_vs_sources['sources']:.1f}); "
        f"weighted intensity {result.weighted_intensity['all']:.1f}"
    ]
    if result.headline_hits:
        terms = ", ".join(f"'{h.text}'" for h in result.headline_hits)
        lines.append(f"  headline frames with {terms}")
    if result.top_terms:
        top = ", ".join(
            f"{t.label} ×{t.count}" if t.count > 1 else t.label for t in result.top_terms[:6]
        )
        lines.append(f"  top terms: {top}")
    return lines


def _sources_lines(result) -> list[str]:
    n = len(result.attributions)
    if not n:
        return ["  sources: no attributed statements found"]
    kinds = ", ".join(
        f"{k.replace('_', ' ')} {v:.0%}" for k, v in result.share_by_kind.items() if v
    )
    lines = [
        f"  sources: {n} attribution(s) from {result.n_distinct_sources} source(s) and "
        f"{result.n_distinct_affiliations} affiliation(s): {kinds}; "
        f"{result.share_quoted_words_anonymous:.0%} of quoted words from anonymous sources"
    ]
    for chain in result.relay_chains:
        lines.append(f"  relayed: {' -> '.join(chain)}")
    for flag in result.flags:
        lines.append(f"  flag [{flag.rule}] {flag.message}")
    return lines


def format_summary(audit, html_path: Path | None = None, json_path: Path | None = None) -> str:
    """The plain-text summary ``framing audit`` prints for one article."""
    a = audit.article
    s = audit.sentiment
    r = audit.readability
    lines = [a.headline.text if a.headline else "(no headline)"]
    by = f"by {a.byline.text}" if a.byline else "no byline"
    lines.append(f"  {by} · {a.meta.source}")
    if a.meta.encoding not in ("utf-8", "utf-16", "utf-32"):
        lines.append(f"  note: not UTF-8; decoded as {a.meta.encoding}")
    lines.append(
        f"  {a.n_words} words · {len(a.sentences)} sentences · {len(a.paragraphs)} paragraphs"
        f" · reading time {_duration(r.article['reading_time'])}"
    )
    tone = f"  tone (VADER, word-weighted mean of paragraphs): {_signed(s.article.compound)}"
    if s.headline is not None:
        tone += f" · headline {_signed(s.headline.compound)}"
    lines.append(tone)
    if s.paragraphs:
        hi = max(s.paragraphs, key=lambda p: p.compound)
        lo = min(s.paragraphs, key=lambda p: p.compound)
        for label, p in (("most positive", hi), ("most negative", lo)):
            excerpt = textwrap.shorten(a.text[p.start : p.end], 60, placeholder="…")
            lines.append(f"  {label} paragraph {p.index + 1} ({_signed(p.compound)}): {excerpt}")
    lines.extend(_loaded_lines(audit.loaded))
    lines.extend(_sources_lines(audit.sources))
    m = r.article
    lines.append(
        f"  readability: Flesch-Kincaid grade {m['flesch_kincaid_grade']:.1f}, "
        f"reading ease {m['flesch_reading_ease']:.1f}, consensus {m['text_standard_label']}; "
        f"{len(r.hard_sentences)} sentence(s) at grade {r.threshold:g}+"
    )
    for label, path in (("HTML", html_path), ("JSON", json_path)):
        if path is not None:
            lines.append(f"  {label}: {path}")
    return "\n".join(lines)
