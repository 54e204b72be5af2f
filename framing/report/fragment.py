"""A compact view of one audit as an HTML fragment, for notebooks (``Audit._repr_html_``).

It is drawn from the same view model as the full page (:func:`build_view`), and
rendered by the same autoescaped Jinja2 environment, so the escaping rules are the
report's: article text becomes HTML only in :mod:`framing.report.highlight`. The
fragment is one ``<div>`` with a scoped ``<style>``: headline, byline, a line of
facts, the scorecard numbers, the top findings and the annotated article. It holds
no script, no link and no URL, and leaves out the embedded JSON data block.
"""

from __future__ import annotations

from collections.abc import Mapping

from .html import environment
from .view import build_view

__all__ = ["render_fragment"]

_FACTS = ("Outlet", "Words", "Paragraphs · sentences", "Reading time")


def render_fragment(audit, *, max_findings: int = 5, open_article: bool = True) -> str:
    """The audit as an HTML fragment (one ``<div>``), for display inside a notebook.

    Parameters
    ----------
    audit : framing.Audit or mapping
        An Audit (its ``to_dict()`` is used) or that dict itself.
    max_findings : int
        How many key findings to show; the rest are counted.
    open_article : bool
        Show the annotated article unfolded.

    Returns
    -------
    str
    """
    data = audit if isinstance(audit, Mapping) else audit.to_dict()
    view = build_view(data)
    findings = view.findings[:max_findings]
    return environment().get_template("fragment.html.j2").render(
        view=view,
        facts=[f for f in view.facts if f.label in _FACTS],
        findings=findings,
        more_findings=len(view.findings) - len(findings),
        open_article=open_article,
    )
