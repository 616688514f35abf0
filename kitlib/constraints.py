"""Weight constraints: projections applied to a weight after every optimizer update.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

A constraint maps the weight's NumPy array to the projected array. Optimizers
call ``variable.constraint`` right after they update the variable.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib._registry_get import resolve
from kitlib._registry_get import serialize as _serialize

_EPSILON = 1e-7


class Constraint:
    """Base class: ``__call__(w) -> projected w`` on NumPy arrays."""

    def __call__(self, w: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must implement __call__.")

    def get_config(self) -> dict:
        """Constructor arguments."""
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _norms(w: np.ndarray, axis: int | tuple | list) -> np.ndarray:
    # Keras writes conv-kernel axes as a list (max_norm(axis=[0, 1, 2])).
    axis = tuple(axis) if isinstance(axis, list) else axis
    return np.sqrt(np.sum(np.square(w), axis=axis, keepdims=True))


class MaxNorm(Constraint):
    """Rescale columns (along ``axis``) whose L2 norm exceeds ``max_value``.

    Example:
        >>> MaxNorm(1.0, axis=0)(np.array([[3.0], [4.0]])).round(2).tolist()
        [[0.6], [0.8]]
    """

    def __init__(self, max_value: float = 2.0, axis: int | tuple = 0) -> None:
        self.max_value, self.axis = max_value, axis

    def __call__(self, w: np.ndarray) -> np.ndarray:
        norms = _norms(w, self.axis)
        desired = np.clip(norms, 0, self.max_value)
        return (w * (desired / (_EPSILON + norms))).astype(w.dtype)

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Set negative weights to zero."""

    def __call__(self, w: np.ndarray) -> np.ndarray:
        return np.maximum(w, 0).astype(w.dtype)


class UnitNorm(Constraint):
    """Scale so each column (along ``axis``) has L2 norm 1."""

    def __init__(self, axis: int | tuple = 0) -> None:
        self.axis = axis

    def __call__(self, w: np.ndarray) -> np.ndarray:
        return (w / (_EPSILON + _norms(w, self.axis))).astype(w.dtype)

    def get_config(self) -> dict:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Pull column norms into ``[min_value, max_value]``, moving ``rate`` of the way."""

    def __init__(
        self,
        min_value: float = 0.0,
        max_value: float = 1.0,
        rate: float = 1.0,
        axis: int | tuple = 0,
    ) -> None:
        self.min_value, self.max_value = min_value, max_value
        self.rate, self.axis = rate, axis

    def __call__(self, w: np.ndarray) -> np.ndarray:
        norms = _norms(w, self.axis)
        clipped = np.clip(norms, self.min_value, self.max_value)
        desired = self.rate * clipped + (1 - self.rate) * norms
        return (w * (desired / (_EPSILON + norms))).astype(w.dtype)

    def get_config(self) -> dict:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


_BY_NAME = {
    "max_norm": MaxNorm, "non_neg": NonNeg, "unit_norm": UnitNorm,
    "min_max_norm": MinMaxNorm, "MaxNorm": MaxNorm, "NonNeg": NonNeg,
    "UnitNorm": UnitNorm, "MinMaxNorm": MinMaxNorm,
}  # fmt: skip


def get(identifier: Any) -> Any:
    """Resolve ``"max_norm"``, a config dict, an instance or a callable."""
    return resolve(identifier, Constraint, _BY_NAME, "constraint")


def serialize(constraint: Any) -> Any:
    """``{"class_name", "config"}`` for saving (a registered name for a function)."""
    return _serialize(constraint, Constraint)
