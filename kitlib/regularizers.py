"""Weight regularizers: penalties added to the loss to keep weights small.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

A regularizer maps a weight tensor to a scalar penalty built from ``kitlib.ops``,
so it is differentiable. Layers add ``regularizer(weight)`` to ``layer.losses``
and ``fit`` adds ``sum(model.losses)`` to the training loss.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib._registry_get import resolve
from kitlib._registry_get import serialize as _serialize
from kitlib.tensor import Tensor


class Regularizer:
    """Base class: ``__call__(x)`` returns a scalar penalty tensor."""

    def __call__(self, x: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement __call__.")

    def get_config(self) -> dict:
        """Constructor arguments."""
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class L1L2(Regularizer):
    """``l1 * sum(|x|) + l2 * sum(x**2)``.

    Example:
        >>> round(float(L1L2(l1=0.1, l2=0.01)([1.0, -2.0])), 6)  # 0.1*3 + 0.01*5
        0.35
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        for name, value in (("l1", l1), ("l2", l2)):
            if value < 0:
                raise ValueError(
                    f"{type(self).__name__} expects {name} >= 0, but received {value}. "
                    "A negative penalty would reward large weights."
                )
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x: Any) -> Any:
        penalty = Tensor(0.0)
        if self.l1:
            penalty = penalty + self.l1 * ops.sum(ops.abs(x))
        if self.l2:
            penalty = penalty + self.l2 * ops.sum(ops.square(x))
        return penalty

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """``l1 * sum(|x|)`` (Keras default l1=0.01)."""

    def __init__(self, l1: float = 0.01) -> None:
        super().__init__(l1=l1)

    def get_config(self) -> dict:
        return {"l1": self.l1}


class L2(L1L2):
    """``l2 * sum(x**2)`` (Keras default l2=0.01)."""

    def __init__(self, l2: float = 0.01) -> None:
        super().__init__(l2=l2)

    def get_config(self) -> dict:
        return {"l2": self.l2}


def l1_l2(l1: float = 0.01, l2: float = 0.01) -> L1L2:
    """Keras's ``l1_l2`` helper (both default to 0.01)."""
    return L1L2(l1=l1, l2=l2)


_BY_NAME = {"l1": L1, "l2": L2, "l1_l2": L1L2, "L1": L1, "L2": L2, "L1L2": L1L2}


def get(identifier: Any) -> Any:
    """Resolve ``"l2"``, a config dict, an instance or a callable."""
    return resolve(identifier, Regularizer, _BY_NAME, "regularizer")


def serialize(regularizer: Any) -> Any:
    """``{"class_name", "config"}`` for saving (a registered name for a function)."""
    return _serialize(regularizer, Regularizer)
