"""What every analyser is and returns.

An analyser is a pure function ``analyse(article) -> Result``: no I/O, no global
state beyond resources loaded once per process, no printing. A Result is a frozen
dataclass whose ``to_dict()`` is plain JSON (numbers, strings, lists, dicts).
"""

from __future__ import annotations

import dataclasses
from typing import Protocol, TypeVar

from ..document import Article


class Result:
    """Mixin for frozen result dataclasses: ``to_dict()`` gives plain JSON data."""

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


R = TypeVar("R", bound=Result, covariant=True)


class Analyser(Protocol[R]):
    """Anything callable as ``analyse(article) -> Result``."""

    def __call__(self, article: Article) -> R: ...
