"""Unique automatic names (``dense``, ``dense_1``, ...) like Keras gives layers."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

_counts: defaultdict[str, int] = defaultdict(int)


@lru_cache(maxsize=512)  # called for every op on every step: class names repeat
def to_snake_case(name: str) -> str:
    """``"MaxPooling2D"`` -> ``"max_pooling2d"``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def auto_name(prefix: str) -> str:
    """Return ``prefix`` the first time, then ``prefix_1``, ``prefix_2``, ..."""
    count = _counts[prefix]
    _counts[prefix] += 1
    return prefix if count == 0 else f"{prefix}_{count}"


def reset_names() -> None:
    """Forget every name handed out, so the next ``Dense`` is ``dense`` again."""
    _counts.clear()
