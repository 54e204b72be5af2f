"""The HTML audit report: one self-contained page per article.

>>> import framing, framing.report
>>> audit = framing.analyze(pathlib.Path("seeds/turkiye-libya-defence-pact.txt"))  # doctest: +SKIP
>>> framing.report.write_html(audit, "reports/turkiye-libya-defence-pact.html")  # doctest: +SKIP

The page is drawn from ``audit.to_dict()`` alone: :func:`build_view` computes a
view model of plain dataclasses, then the autoescaped template renders it.
Article text becomes HTML only in :mod:`framing.report.highlight`.
"""

from .highlight import Mark, render_spans
from .html import render_html, render_view, write_html
from .view import ReportView, build_view

__all__ = [
    "Mark",
    "ReportView",
    "build_view",
    "render_html",
    "render_spans",
    "render_view",
    "write_html",
]
