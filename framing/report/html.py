"""The HTML audit: serialised results -> view model -> one self-contained page.

Two steps, in the manner of coverage.py's HTML report:

1. :func:`build_view` (in :mod:`framing.report.view`) turns ``audit.to_dict()``
   (plain JSON data, nothing else) into small frozen dataclasses holding exactly
   what the page shows: formatted numbers, sentences, links, chart geometry, and
   article text already turned into escaped HTML by :mod:`framing.report.highlight`.
2. :func:`render_view` fills the Jinja2 template (autoescaped) with that view.

The page is a single file: CSS inlined, charts drawn as inline SVG, no script
that runs (the results ride along as an inert JSON data block), no external URL,
and a Content-Security-Policy that forbids every network load and every script.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import jinja2

from ..files import write_atomic
from .marks import article_marks
from .view import CSP, ReportView, build_view

__all__ = [
    "CSP",
    "ReportView",
    "article_marks",
    "build_view",
    "render_html",
    "render_view",
    "write_html",
]


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The report's Jinja2 environment (made once): autoescaped, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("framing", "report/templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "j2", "htm", "xml", "css"),
            default_for_string=True,
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_view(view: ReportView) -> str:
    """Fill the page template with ``view``. The CSS is inlined by the template."""
    return environment().get_template("report.html.j2").render(view=view)


def render_html(audit, *, baseline=None) -> str:
    """The audit as one self-contained HTML page.

    Parameters
    ----------
    audit : framing.Audit or mapping
        An Audit (its ``to_dict()`` is used) or that dict itself.
    baseline : framing.compare.Baseline, optional
        Corpus percentiles to place the scorecard's numbers against.

    Returns
    -------
    str
        The page: deterministic for the same audit.
    """
    data = audit if isinstance(audit, Mapping) else audit.to_dict()
    return render_view(build_view(data, baseline=baseline))


def write_html(audit, path: str | os.PathLike, *, baseline=None) -> Path:
    """Write :func:`render_html` to ``path`` atomically.

    The page is written to a temporary file in the same directory and moved
    over ``path`` with :func:`os.replace`, so ``path`` is either absent (or its
    old content) or the complete new page, never a partial one, and no
    temporary file is left behind on failure. Missing parent directories are made.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    return write_atomic(path, render_html(audit, baseline=baseline))
