"""framing: audit how a news article frames its story, with evidence for every number.

>>> import framing
>>> audit = framing.analyze(pathlib.Path("seeds/turkiye-libya-defence-pact.txt"))  # doctest: +SKIP
>>> audit.sentiment.article.compound  # doctest: +SKIP
"""

__version__ = "0.1.0"

from .audit import Audit, analyze
from .batch import analyze_many
from .compare import Baseline, Comparison, compare, fit_baseline
from .document import Article
from .ingest import InputError, load_article

__all__ = [
    "Article",
    "Audit",
    "Baseline",
    "Comparison",
    "InputError",
    "__version__",
    "analyze",
    "analyze_many",
    "compare",
    "fit_baseline",
    "load_article",
]
