"""Compare many articles: scores by group, distinctive vocabulary, profiles, a map.

>>> import framing
>>> cmp = framing.compare(audits, by="outlet")  # doctest: +SKIP
>>> cmp.groups.query("score == 'loaded_per_1000'")  # doctest: +SKIP
>>> cmp.to_html("compare.html")  # doctest: +SKIP

Everything here is drawn from the flat rows of :meth:`framing.Audit.to_row` (and,
for the vocabulary, from the article texts); nothing is re-analysed.

- ``groups``: per group and score, n, mean, median and a 95 % percentile-bootstrap
  interval of the mean (seeded NumPy generator, 1000 resamples by default);
- ``distinctive``: the words that set two groups apart, by the log-odds ratio with
  an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin'
  Words"), as z-scores, counted with scikit-learn's ``CountVectorizer``;
- ``profiles``: mean loaded-term category densities and source-kind shares per
  group, side by side;
- ``map``: the articles placed by ``StandardScaler`` + ``PCA(2)`` over those profile
  columns, with the outliers named.

A :class:`Baseline` (:func:`fit_baseline`) keeps a corpus's percentiles of every
numeric score, so that one article's score can be placed against it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .files import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "PERCENTILES",
    "Baseline",
    "BaselineError",
    "Comparison",
    "compare",
    "fit_baseline",
]

#: The corpus percentiles a :class:`Baseline` stores.
PERCENTILES = (1, 5, 10, 25, 50, 75, 90, 95, 99)
#: Columns of a row that are not scores.
TEXT_COLUMNS = ("id", "source", "headline", "outlet", "date", "url", "lexicon_version", "error")
#: The scores the comparison page charts, in this order, when present.
MAIN_SCORES = (
    ("sentiment_article", "Tone (VADER compound, article)"),
    ("loaded_per_1000", "Loaded terms per 1,000 words"),
    ("loaded_weighted_intensity", "Loaded-language weighted intensity"),
    ("loaded_outlet_per_1000", "Loaded terms in the outlet's own voice per 1,000 words"),
    ("sources_share_anonymous", "Share of attributions to anonymous sources"),
    ("readability_flesch_kincaid_grade", "Flesch-Kincaid grade"),
)
# loaded_<name>_per_1000 columns that are voices or totals, not lexicon categories.
_LOADED_NOT_CATEGORIES = frozenset({"headline", "author", "quote", "reported", "outlet", "sources"})
_SOURCES_NOT_KINDS = frozenset({"quoted_words_anonymous"})
MISSING_GROUP = "(none)"


class BaselineError(ValueError):
    """A baseline file cannot be read, or rows cannot make one: the message says why."""


# --------------------------------------------------------------------------- inputs


def _as_frame(data, texts=None) -> tuple[pd.DataFrame, list[str | None] | None]:
    """Rows as a DataFrame, and the article texts aligned with them (or None)."""
    import pandas as pd

    from .audit import Audit

    found: list | None = None
    if isinstance(data, pd.DataFrame):
        frame = data.reset_index(drop=True).copy()
    else:
        items = list(data)
        rows = []
        found = []
        for i, item in enumerate(items):
            if isinstance(item, Audit):
                rows.append(item.to_row())
                found.append(item.article.text)
            elif isinstance(item, Mapping):
                rows.append(dict(item))
                found.append(item.get("text"))
            else:
                raise TypeError(
                    f"item {i}: compare takes Audits, to_row() dicts or a DataFrame, "
                    f"not a {type(item).__name__}"
                )
        frame = pd.DataFrame.from_records(rows)
    if "text" in frame.columns:
        found = [t if isinstance(t, str) else None for t in frame.pop("text")]
    if texts is not None:
        if isinstance(texts, Mapping):
            ids = frame["id"] if "id" in frame.columns else pd.Series([None] * len(frame))
            found = [texts.get(i, texts.get(str(i))) for i in ids]
        else:
            found = list(texts)
            if len(found) != len(frame):
                raise ValueError(f"{len(found)} texts given for {len(frame)} rows")
    if found is not None and not any(isinstance(t, str) and t.strip() for t in found):
        found = None
    return frame, found


def _numeric_columns(frame: pd.DataFrame, exclude=()) -> list[str]:
    import pandas as pd

    skip = set(TEXT_COLUMNS) | set(exclude)
    out = []
    for name in frame.columns:
        if name in skip:
            continue
        col = frame[name]
        if pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
            out.append(name)
        elif (
            col.dropna().map(lambda v: isinstance(v, int | float) and not isinstance(v, bool)).all()
        ):
            out.append(name)  # object columns of numbers and Nones
    return out


def _scores(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    return frame[list(columns)].apply(pd.to_numeric, errors="coerce").astype(float)


def profile_columns(columns: Sequence[str]) -> tuple[list[str], list[str]]:
    """The loaded-category density columns and the source-kind share columns among ``columns``."""
    loaded, kinds = [], []
    for name in columns:
        m = re.fullmatch(r"loaded_(.+)_per_1000", name)
        if m and m[1] not in _LOADED_NOT_CATEGORIES:
            loaded.append(name)
            continue
        m = re.fullmatch(r"sources_share_(.+)", name)
        if m and m[1] not in _SOURCES_NOT_KINDS:
            kinds.append(name)
    return loaded, kinds


# --------------------------------------------------------------------------- statistics


def bootstrap_interval(
    values, *, resamples: int = 1000, level: float = 0.95, rng=None
) -> tuple[float, float]:
    """The percentile-bootstrap interval of the mean of ``values`` (NaN ignored).

    Parameters
    ----------
    values : array-like of float
    resamples : int
    level : float
        0.95 gives the 2.5th and 97.5th percentiles of the resampled means.
    rng : numpy.random.Generator or int, optional
        The generator (or its seed); default seed 0, so results are reproducible.

    Returns
    -------
    (low, high) : tuple of float
        NaN for no values; the value itself twice for one.
    """
    import numpy as np

    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return math.nan, math.nan
    if x.size == 1 or np.all(x == x[0]):
        return float(x[0]), float(x[0])
    rng = np.random.default_rng(0 if rng is None else rng)
    means = np.empty(resamples)
    chunk = max(1, 2_000_000 // x.size)  # bounded memory on large groups
    for start in range(0, resamples, chunk):
        stop = min(resamples, start + chunk)
        idx = rng.integers(0, x.size, size=(stop - start, x.size))
        means[start:stop] = x[idx].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def group_summary(
    scores: pd.DataFrame, groups: pd.Series, *, resamples: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """Per group and score: ``n`` (non-null values), ``mean``, ``median``, ``ci_low``, ``ci_high``.

    One generator seeded with ``seed`` draws every resample, group by group and score
    by score in table order, so the table is the same on every run.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    records = []
    order = _group_order(groups)
    for g in order:
        part = scores[groups.to_numpy() == g]
        for score in scores.columns:
            x = part[score].dropna().to_numpy()
            low, high = bootstrap_interval(x, resamples=resamples, rng=rng)
            records.append(
                {
                    "group": g,
                    "score": score,
                    "n": int(x.size),
                    "mean": float(x.mean()) if x.size else math.nan,
                    "median": float(np.median(x)) if x.size else math.nan,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return pd.DataFrame.from_records(
        records, columns=["group", "score", "n", "mean", "median", "ci_low", "ci_high"]
    )


def _group_order(groups: pd.Series) -> list[str]:
    """Groups, largest first, ties by name."""
    counts = groups.value_counts()
    return sorted(counts.index, key=lambda g: (-counts[g], str(g)))


def fightin_words(
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    *,
    prior: float | None = None,
    background: Sequence[str] | None = None,
    vectorizer=None,
) -> pd.DataFrame:
    """Log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008).

    For each word w with counts y_aw, y_bw (totals n_a, n_b) and prior pseudo-counts
    α_w = ``prior`` × (w's share of the background counts), α_0 = Σ α_w::

        δ_w = log((y_aw + α_w) / (n_a + α_0 − y_aw − α_w))
            − log((y_bw + α_w) / (n_b + α_0 − y_bw − α_w))
        σ²_w ≈ 1 / (y_aw + α_w) + 1 / (y_bw + α_w)
        z_w = δ_w / σ_w

    Parameters
    ----------
    texts_a, texts_b : sequence of str
    prior : float, optional
        α_0, the strength of the prior in words; default a tenth of the background's
        words. Larger values shrink rare words more.
    background : sequence of str, optional
        The texts the prior's word shares come from; default ``texts_a + texts_b``.
    vectorizer : sklearn CountVectorizer, optional
        Default: lower-cased words of two or more letters (digits left out).

    Returns
    -------
    pandas.DataFrame
        ``term``, ``count_a``, ``count_b``, ``log_odds`` (δ), ``z``: positive z leans
        to ``texts_a``; sorted by z, highest first.
    """
    import numpy as np
    import pandas as pd
    from sklearn.feature_extraction.text import CountVectorizer

    if vectorizer is None:
        vectorizer = CountVectorizer(lowercase=True, token_pattern=r"(?u)\b[^\W\d_][^\W\d_'’-]+\b")
    texts_a, texts_b = list(texts_a), list(texts_b)
    background = texts_a + texts_b if background is None else list(background)
    vectorizer.fit(background + texts_a + texts_b)
    terms = vectorizer.get_feature_names_out()
    ya = np.asarray(vectorizer.transform(texts_a).sum(axis=0)).ravel().astype(float)
    yb = np.asarray(vectorizer.transform(texts_b).sum(axis=0)).ravel().astype(float)
    bg = np.asarray(vectorizer.transform(background).sum(axis=0)).ravel().astype(float)
    if prior is None:
        prior = 0.1 * bg.sum()
    alpha = prior * (bg + 0.01) / (bg + 0.01).sum()  # every word gets some prior mass
    a0 = alpha.sum()
    na, nb = ya.sum(), yb.sum()
    delta = np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log(
        (yb + alpha) / (nb + a0 - yb - alpha)
    )
    z = delta / np.sqrt(1 / (ya + alpha) + 1 / (yb + alpha))
    out = pd.DataFrame(
        {
            "term": terms,
            "count_a": ya.astype(int),
            "count_b": yb.astype(int),
            "log_odds": delta,
            "z": z,
        }
    )
    out = out[(out.count_a + out.count_b) > 0]
    return out.sort_values(["z", "term"], ascending=[False, True], ignore_index=True)


# --------------------------------------------------------------------------- baseline


@dataclass(frozen=True)
class Baseline:
    """Corpus percentiles of every numeric score: where does one article's score sit?

    Attributes
    ----------
    percentiles : dict of str to tuple of float
        For each score column, its values at :data:`PERCENTILES` (1st … 99th).
    n : int
        Articles the baseline was fitted on.
    lexicon_version : str or None
        The loaded-language lexicon the scores were made with.
    levels : tuple of int
        The percentile levels stored (default :data:`PERCENTILES`).
    name : str or None
        A label for the page ("the baseline 'wire-2024'").
    """

    percentiles: dict
    n: int
    lexicon_version: str | None = None
    levels: tuple = PERCENTILES
    name: str | None = None

    @property
    def columns(self) -> list[str]:
        return list(self.percentiles)

    def percentile(self, column: str, value) -> float:
        """Where ``value`` sits in the corpus, 0-100 (NaN for a missing value).

        Linear between the stored percentiles; a value equal to a run of tied
        percentiles gets the middle of that run; below the 1st percentile is 0,
        above the 99th is 100. Non-decreasing in ``value``.
        """
        import numpy as np

        if column not in self.percentiles:
            raise KeyError(f"the baseline has no column {column!r}")
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return math.nan
        q = np.asarray(self.percentiles[column], dtype=float)
        levels = np.asarray(self.levels, dtype=float)
        v = float(value)
        if v < q[0]:
            return 0.0
        if v > q[-1]:
            return 100.0
        tied = np.flatnonzero(q == v)
        if tied.size:
            return float((levels[tied[0]] + levels[tied[-1]]) / 2)
        i = int(np.searchsorted(q, v))  # q[i-1] < v < q[i]
        return float(
            levels[i - 1] + (v - q[i - 1]) / (q[i] - q[i - 1]) * (levels[i] - levels[i - 1])
        )

    def to_dict(self) -> dict:
        return {
            "format": "framing-baseline",
            "version": 1,
            "name": self.name,
            "n": self.n,
            "lexicon_version": self.lexicon_version,
            "levels": list(self.levels),
            "percentiles": {k: list(v) for k, v in self.percentiles.items()},
        }

    def save(self, path) -> Path:
        """Write the baseline as JSON (atomically)."""
        path = Path(path)
        write_atomic(path, json.dumps(self.to_dict(), indent=1).encode("utf-8"))
        return path

    @classmethod
    def load(cls, path) -> Baseline:
        """Read a baseline written by :meth:`save`; :class:`BaselineError` names the problem."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: cannot be read ({exc.strerror})") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: not a baseline file (not JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("format") != "framing-baseline":
            raise BaselineError(f"{path}: not a baseline file written by framing")
        if data.get("version") != 1:
            raise BaselineError(f"{path}: baseline format version {data.get('version')!r} is not 1")
        try:
            levels = tuple(int(x) for x in data["levels"])
            pct = {str(k): tuple(float(x) for x in v) for k, v in data["percentiles"].items()}
            n = int(data["n"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BaselineError(f"{path}: baseline file is incomplete ({exc})") from None
        for k, v in pct.items():
            if len(v) != len(levels) or any(b < a for a, b in zip(v, v[1:], strict=False)):
                raise BaselineError(
                    f"{path}: column {k!r} does not hold {len(levels)} sorted values"
                )
        return cls(pct, n, data.get("lexicon_version"), levels, data.get("name") or path.stem)


def fit_baseline(rows, *, name: str | None = None) -> Baseline:
    """Fit a :class:`Baseline`: the corpus percentiles of every numeric score column.

    Parameters
    ----------
    rows : DataFrame, or iterable of Audits or ``to_row()`` dicts
        Error rows (a non-null ``error``) are left out.
    name : str, optional

    Raises
    ------
    BaselineError
        No rows, or rows made with more than one lexicon version (their scores are
        not comparable; fit one baseline per version).
    """
    import numpy as np

    frame, _ = _as_frame(rows)
    frame = _drop_errors(frame)
    if frame.empty:
        raise BaselineError("no audited rows to fit a baseline on")
    version = None
    if "lexicon_version" in frame.columns:
        versions = sorted({str(v) for v in frame["lexicon_version"].dropna()})
        if len(versions) > 1:
            raise BaselineError(
                f"rows come from {len(versions)} lexicon versions ({', '.join(versions)}); "
                "fit one baseline per version"
            )
        version = versions[0] if versions else None
    scores = _scores(frame, _numeric_columns(frame))
    pct = {}
    for col in scores.columns:
        x = scores[col].dropna().to_numpy()
        if x.size:
            pct[col] = tuple(float(v) for v in np.percentile(x, PERCENTILES))
    return Baseline(pct, int(len(frame)), version, PERCENTILES, name)


def _drop_errors(frame: pd.DataFrame) -> pd.DataFrame:
    if "error" in frame.columns:
        frame = frame[frame["error"].isna()].drop(columns="error")
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- comparison


@dataclass
class Comparison:
    """Many articles compared by group. Made by :func:`compare`.

    Attributes
    ----------
    by : str
        The grouping column.
    scores : pandas.DataFrame
        One row per article: ``id``, ``group``, ``headline``, then every numeric score.
    groups : pandas.DataFrame
        Per group and score: ``n``, ``mean``, ``median``, ``ci_low``, ``ci_high``.
    distinctive : pandas.DataFrame or None
        Two rows per term, one for each group of ``pair``: ``group``, ``other``,
        ``term``, ``count``, ``other_count``, ``log_odds``, ``z`` (positive: the word
        leans to ``group``). None when there were no texts or fewer than two groups
        (``notes`` says which).
    pair : tuple of str or None
        The two groups ``distinctive`` contrasts.
    profiles : pandas.DataFrame
        Rows: loaded-term category densities (per 1,000 words) then source-kind
        shares; columns: ``kind``, ``feature``, then one column per group (means).
    map : pandas.DataFrame or None
        ``id``, ``group``, ``headline``, ``pc1``, ``pc2``, ``distance`` (to the
        group's centroid in the plane), ``outlier`` (bool) and ``why``.
    explained_variance : tuple of float
        The share of the profile variance each component explains.
    loadings : pandas.DataFrame or None
        The components over the profile columns (rows ``pc1``, ``pc2``).
    baseline : Baseline or None
    percentiles : pandas.DataFrame or None
        With a baseline: ``id``, ``group``, then each main score's percentile.
    notes : list of str
        What was skipped or left out, and why.
    """

    by: str
    scores: pd.DataFrame
    groups: pd.DataFrame
    distinctive: pd.DataFrame | None
    pair: tuple[str, str] | None
    profiles: pd.DataFrame
    map: pd.DataFrame | None
    explained_variance: tuple = ()
    loadings: pd.DataFrame | None = None
    baseline: Baseline | None = None
    percentiles: pd.DataFrame | None = None
    notes: list = field(default_factory=list)
    seed: int = 0
    resamples: int = 1000

    @property
    def outliers(self) -> pd.DataFrame:
        """The articles the map names as outliers."""
        import pandas as pd

        if self.map is None:
            return pd.DataFrame(columns=["id", "group", "headline", "why"])
        return self.map[self.map.outlier].reset_index(drop=True)

    def group_names(self) -> list[str]:
        return _group_order(self.scores["group"])

    def table(self, name: str = "articles") -> pd.DataFrame:
        """One of the tables as a DataFrame.

        ``articles``: the scores with the map's coordinates and the baseline
        percentiles (``pct_<score>``) joined on; or ``groups``, ``distinctive``,
        ``profiles``.
        """
        if name == "articles":
            out = self.scores.copy()
            if self.map is not None:
                for col in ("pc1", "pc2", "distance", "outlier"):
                    out[f"map_{col}"] = self.map[col].to_numpy()
            if self.percentiles is not None:
                for col in self.percentiles.columns[2:]:
                    out[f"pct_{col}"] = self.percentiles[col].to_numpy()
            return out
        if name == "groups":
            return self.groups
        if name == "profiles":
            return self.profiles
        if name == "distinctive":
            if self.distinctive is None:
                raise ValueError("no distinctive vocabulary: " + "; ".join(self.notes))
            return self.distinctive
        raise ValueError(f"unknown table {name!r}: articles, groups, distinctive or profiles")

    def to_csv(self, path, table: str = "articles") -> Path:
        """Write :meth:`table` (default: one row per article) as CSV, atomically."""
        path = Path(path)
        write_atomic(path, self.table(table).to_csv(index=False).encode("utf-8"))
        return path

    def to_html(self, path) -> Path:
        """Write the comparison as one self-contained HTML page, atomically.

        Inline CSS and SVG charts, no script, no external URL, the audit report's
        Content-Security-Policy; every value is escaped by the template.
        """
        path = Path(path)
        write_atomic(path, self.render_html().encode("utf-8", "replace"))
        return path

    def render_html(self) -> str:
        from .report.compare_view import build_compare_view
        from .report.html import environment

        view = build_compare_view(self)
        return environment().get_template("compare.html.j2").render(view=view)


def compare(
    audits_or_rows,
    by: str = "outlet",
    *,
    texts=None,
    pair: tuple[str, str] | None = None,
    baseline: Baseline | None = None,
    resamples: int = 1000,
    seed: int = 0,
    prior: float | None = None,
    n_far: int = 3,
) -> Comparison:
    """Compare articles by group.

    Parameters
    ----------
    audits_or_rows : iterable of Audit or dict, or pandas.DataFrame
        Audits, :meth:`framing.Audit.to_row` dicts, or a DataFrame of such rows (as
        :func:`framing.analyze_many` and ``framing batch`` give). A ``text`` column
        or key is used for the vocabulary; error rows are left out.
    by : str
        The column to group by; missing values form the group ``"(none)"``.
    texts : sequence of str or mapping of id to str, optional
        Article texts when the rows do not carry them (aligned with the rows, or by id).
    pair : (str, str), optional
        The two groups whose vocabulary to contrast; default the two largest.
    baseline : Baseline, optional
        Adds each article's percentile on the main scores.
    resamples, seed : int
        Bootstrap resamples and the seed of the generator that draws them.
    prior : float, optional
        α_0 of the Dirichlet prior (see :func:`fightin_words`).
    n_far : int
        How many articles farthest from their group's centroid the map names.

    Returns
    -------
    Comparison
    """
    import pandas as pd

    frame, found = _as_frame(audits_or_rows, texts)
    notes: list[str] = []
    if "error" in frame.columns:
        bad = frame["error"].notna().to_numpy()
        if bad.any():
            notes.append(
                f"{int(bad.sum())} error row(s) left out (articles that could not be audited)"
            )
            if found is not None:
                found = [t for t, b in zip(found, bad, strict=True) if not b]
        frame = _drop_errors(frame)
    if frame.empty:
        raise ValueError("nothing to compare: no audited rows")
    if by not in frame.columns:
        raise ValueError(
            f"no column {by!r} to group by; columns: {', '.join(map(str, frame.columns[:12]))} …"
        )
    group = frame[by].map(lambda v: MISSING_GROUP if v is None or v != v or v == "" else str(v))
    numeric = _numeric_columns(frame, exclude=(by,))
    values = _scores(frame, numeric)
    ids = (
        frame["id"].map(lambda v: None if v is None or v != v else str(v))
        if "id" in frame.columns
        else pd.Series([None] * len(frame))
    )
    ids = [i if i is not None else str(n) for n, i in enumerate(ids)]
    headline = frame["headline"] if "headline" in frame.columns else pd.Series([None] * len(frame))
    scores = pd.concat(
        [
            pd.DataFrame({"id": ids, "group": group.to_numpy(), "headline": headline.to_numpy()}),
            values.reset_index(drop=True),
        ],
        axis=1,
    )
    groups = group_summary(values, group, resamples=resamples, seed=seed)
    order = _group_order(group)

    distinctive, chosen = None, None
    if found is None:
        notes.append(
            "distinctive vocabulary skipped: the rows carry no article text "
            "(pass texts=, or compare Audits or articles)"
        )
    elif len(order) < 2:
        notes.append("distinctive vocabulary skipped: it needs two groups")
    else:
        if pair is None:
            chosen = (order[0], order[1])
        else:
            chosen = (str(pair[0]), str(pair[1]))
            missing = [g for g in chosen if g not in order]
            if missing or chosen[0] == chosen[1]:
                raise ValueError(f"pair {pair!r}: give two different groups among {order}")
        distinctive = _distinctive(found, group.to_numpy(), chosen, prior)

    loaded, kinds = profile_columns(numeric)
    profiles = _profiles(values, group, order, loaded, kinds)
    map_, explained, loadings = _map(scores, values[loaded + kinds], n_far, notes)

    percentiles = None
    if baseline is not None:
        version = None
        if "lexicon_version" in frame.columns:
            versions = {str(v) for v in frame["lexicon_version"].dropna()}
            version = versions.pop() if len(versions) == 1 else None
        if baseline.lexicon_version and version and baseline.lexicon_version != version:
            notes.append(
                f"the baseline was fitted with lexicon {baseline.lexicon_version}, these "
                f"articles with {version}: loaded-language percentiles may not be comparable"
            )
        cols = [c for c, _ in MAIN_SCORES if c in values.columns and c in baseline.percentiles]
        percentiles = pd.DataFrame({"id": ids, "group": group.to_numpy()})
        for c in cols:
            percentiles[c] = [baseline.percentile(c, v) for v in values[c]]
    return Comparison(
        by,
        scores,
        groups,
        distinctive,
        chosen,
        profiles,
        map_,
        explained,
        loadings,
        baseline,
        percentiles,
        notes,
        seed,
        resamples,
    )


def _distinctive(texts, group, pair, prior) -> pd.DataFrame:
    import pandas as pd

    a, b = pair
    ta = [t for t, g in zip(texts, group, strict=True) if g == a and isinstance(t, str)]
    tb = [t for t, g in zip(texts, group, strict=True) if g == b and isinstance(t, str)]
    background = [t for t in texts if isinstance(t, str)]
    fw = fightin_words(ta, tb, prior=prior, background=background)
    one = pd.DataFrame(
        {
            "group": a,
            "other": b,
            "term": fw.term,
            "count": fw.count_a,
            "other_count": fw.count_b,
            "log_odds": fw.log_odds,
            "z": fw.z,
        }
    )
    two = pd.DataFrame(
        {
            "group": b,
            "other": a,
            "term": fw.term,
            "count": fw.count_b,
            "other_count": fw.count_a,
            "log_odds": -fw.log_odds,
            "z": -fw.z,
        }
    )
    out = pd.concat([one, two], ignore_index=True)
    return out.sort_values(["group", "z", "term"], ascending=[True, False, True], ignore_index=True)


def _profiles(values, group, order, loaded, kinds) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for kind, cols in (("loaded_per_1000", loaded), ("source_share", kinds)):
        for c in cols:
            row = {"kind": kind, "feature": c}
            for g in order:
                x = values.loc[group.to_numpy() == g, c].dropna()
                row[g] = float(x.mean()) if len(x) else math.nan
            rows.append(row)
    return pd.DataFrame.from_records(rows, columns=["kind", "feature", *order])


def _map(scores, features: pd.DataFrame, n_far: int, notes: list):
    import numpy as np
    import pandas as pd
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    n = len(features)
    varying = [c for c in features.columns if features[c].nunique(dropna=True) > 1]
    if n < 3 or len(varying) < 2:
        notes.append(
            f"map skipped: it needs 3 articles and 2 varying profile columns "
            f"({n} article(s), {len(varying)} varying column(s))"
        )
        return None, (), None
    x = features[varying].copy()
    filled = int(x.isna().sum().sum())
    if filled:
        x = x.fillna(x.median())
        x = x.fillna(0.0)
        notes.append(
            f"map: {filled} missing profile value(s) (no attributions) set to the column median"
        )
    z = StandardScaler().fit_transform(x.to_numpy())
    pca = PCA(n_components=2, random_state=0).fit(z)
    xy = pca.transform(z)
    # A component's sign is arbitrary: fix it so the largest loading is positive.
    for k in range(2):
        j = int(np.argmax(np.abs(pca.components_[k])))
        if pca.components_[k, j] < 0:
            pca.components_[k] *= -1
            xy[:, k] *= -1
    group = scores["group"].to_numpy()
    distance = np.zeros(n)
    for g in np.unique(group):
        m = group == g
        distance[m] = np.linalg.norm(xy[m] - xy[m].mean(axis=0), axis=1)
    sd = xy.std(axis=0, ddof=1)
    zc = np.divide(xy - xy.mean(axis=0), sd, out=np.zeros_like(xy), where=sd > 0)
    why = [[] for _ in range(n)]
    for k in range(2):
        for i in np.flatnonzero(np.abs(zc[:, k]) > 2.5):
            why[i].append(f"{zc[i, k]:+.1f} SD on PC{k + 1}")
    far = [i for i in np.argsort(-distance, kind="stable")[:n_far] if distance[i] > 0]
    for rank, i in enumerate(far, 1):
        why[i].insert(0, f"#{rank} farthest from its group's centroid ({distance[i]:.2f})")
    out = pd.DataFrame(
        {
            "id": scores["id"].to_numpy(),
            "group": group,
            "headline": scores["headline"].to_numpy(),
            "pc1": xy[:, 0],
            "pc2": xy[:, 1],
            "distance": distance,
            "outlier": [bool(w) for w in why],
            "why": ["; ".join(w) for w in why],
        }
    )
    loadings = pd.DataFrame(pca.components_, index=["pc1", "pc2"], columns=varying)
    return out, tuple(float(v) for v in pca.explained_variance_ratio_), loadings


# --------------------------------------------------------------------------- CLI inputs

#: Columns that mark a table as rows written by ``framing batch`` / ``analyze_many``.
RESULT_COLUMNS = frozenset({"id", "lexicon_version", "loaded_per_1000", "sentiment_article"})


def is_results_file(path) -> bool:
    """Whether ``path`` is a results table written by ``framing batch`` (by its columns)."""
    path = Path(path)
    try:
        if path.is_dir():
            return any(path.glob("part-*.parquet"))
        suffix = path.suffix.lower()
        if suffix == ".csv":
            import csv

            with open(path, encoding="utf-8", newline="") as fh:
                header = next(csv.reader(fh), [])
            return RESULT_COLUMNS <= set(header)
        if suffix == ".jsonl":
            with open(path, "rb") as fh:
                for line in fh:
                    if line.strip():
                        record = json.loads(line)
                        return isinstance(record, dict) and RESULT_COLUMNS <= set(record)
        if suffix == ".parquet" and path.is_file():
            return True
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return False


def read_results(path):
    """A results table written by ``framing batch`` (.jsonl, .csv or .parquet) as a DataFrame."""
    import pandas as pd

    path = Path(path)
    try:
        if path.is_dir() or path.suffix.lower() == ".parquet":
            return pd.read_parquet(path)
        if path.suffix.lower() == ".csv":
            return pd.read_csv(path, dtype={"id": str, "outlet": str})
        return pd.read_json(path, lines=True, dtype={"id": str})
    except (OSError, ValueError) as exc:
        from .ingest import InputError

        raise InputError(f"{path}: cannot read the results table ({exc})") from None


def rows_from_inputs(inputs, *, jobs=None, lexicon=(), max_bytes=None, quiet=True):
    """Rows and texts for :func:`compare` from files, folders, corpora or batch results.

    Parameters
    ----------
    inputs : iterable of paths
        Results tables written by ``framing batch`` (recognised by their columns)
        are read as they are; everything else is read as by ``framing batch``
        (:func:`framing.batch.iter_tasks`) and audited with
        :func:`framing.analyze_many`.
    jobs, lexicon, max_bytes, quiet
        As for :func:`framing.analyze_many`.

    Returns
    -------
    (pandas.DataFrame, list of str or None)
        The rows (error rows included: :func:`compare` leaves them out) and the
        texts aligned with them (None for rows read from results tables).
    """
    import pandas as pd

    from .batch import analyze_many, iter_tasks
    from .ingest import DEFAULT_MAX_BYTES, load_article

    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    frames, texts = [], []
    articles = []
    for given in inputs:
        if is_results_file(given):
            frame = read_results(given)
            frames.append(frame)
            texts.extend([None] * len(frame))
        else:
            articles.append(given)
    if articles:
        tasks = list(iter_tasks(articles, max_bytes=max_bytes))
        frame = analyze_many(tasks, jobs=jobs, lexicon=lexicon, max_bytes=max_bytes, quiet=quiet)
        for task, error in zip(tasks, frame["error"], strict=True):
            text = None
            if error is None or error != error:
                if task.kind == "record":
                    text = task.payload.get("text")
                elif task.kind == "path":
                    try:
                        text = load_article(Path(task.payload), max_bytes=max_bytes).text
                    except (OSError, ValueError):
                        text = None
            texts.append(text)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(), None
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return frame, texts if any(isinstance(t, str) for t in texts) else None


# --------------------------------------------------------------------------- writing


