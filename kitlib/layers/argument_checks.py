"""Checks of constructor arguments shared by many layers (sizes, rates).

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any


def check_positive_int(value: Any, who: str, name: str, hint: str) -> int:
    """``value`` if it is a positive int, else a ValueError with ``hint``."""
    # Integral also admits NumPy integers such as np.int64(32).
    if not isinstance(value, Integral) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"{who} expects {name} to be a positive integer, but received "
            f"{name}={value!r}. {hint}"
        )
    return int(value)


def check_rate(value: Any, who: str, name: str = "rate") -> float:
    """A float in ``[0, 1)``: the fraction of units to drop."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value < 1
    ):
        raise ValueError(
            f"{who} expects {name} to be a number in [0, 1), but received "
            f"{name}={value!r}. It is the fraction of inputs set to zero during "
            f"training: {name}=0.5 drops half of them."
        )
    return float(value)
