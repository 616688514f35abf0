"""The ``Loss`` base class: per-sample losses, sample weights, reduction.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

A loss object is called like a function, ``loss(y_true, y_pred,
sample_weight=None)``, and returns one scalar to minimize. In three steps:

1. ``call(y_true, y_pred)`` computes one value per sample (built from
   ``kitlib.ops``, so a ``GradientTape`` can differentiate it);
2. each value is multiplied by its ``sample_weight`` (if given);
3. the values are reduced: ``"sum_over_batch_size"`` (the default, as in
   Keras 3) divides the sum by the number of values, ``"sum"`` just sums,
   ``"none"`` returns them per sample.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kitlib import ops
from kitlib.losses.checks import to_tensor
from kitlib.utils.errors import did_you_mean, fmt_shape
from kitlib.utils.naming import to_snake_case

#: Accepted ``reduction`` values (None means "none").
REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none")


def _expand_weight(sample_weight: Any, values: Any) -> Any:
    weight = to_tensor(sample_weight, values.dtype)
    if weight.ndim == values.ndim + 1 and weight.shape[-1] == 1:
        weight = ops.squeeze(weight, -1)
    while weight.ndim < values.ndim:  # one weight per sample: repeat over time steps
        weight = ops.expand_dims(weight, -1)
    try:
        np.broadcast_shapes(weight.shape, values.shape)
    except ValueError:
        raise ValueError(
            f"sample_weight of shape {fmt_shape(weight.shape)} does not fit the "
            f"per-sample losses of shape {fmt_shape(values.shape)}. Pass one weight "
            "per sample, shape (batch_size,)."
        ) from None
    return weight


def reduce_weighted_values(
    values: Any,
    sample_weight: Any = None,
    reduction: str | None = "sum_over_batch_size",
) -> Any:
    """Weight per-sample ``values`` and reduce them (see the module docstring).

    Example:
        >>> out = reduce_weighted_values([1.0, 3.0], [1.0, 0.0], "sum_over_batch_size")
        >>> float(out)    # (1 * 1 + 3 * 0) / 2 values
        0.5
    """
    values = to_tensor(values)
    weight = None
    if sample_weight is not None:
        weight = _expand_weight(sample_weight, values)
        values = values * weight
    if reduction in (None, "none"):
        return values
    if reduction in ("sum_over_batch_size", "mean") and weight is None:
        if 0 not in tuple(values.shape):  # the usual case: one op, not sum then divide
            return ops.mean(values)
    total = ops.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and weight is not None:
        weight_sum = float(np.sum(np.broadcast_to(weight.value, values.shape)))
        return total / max(weight_sum, 1e-12)
    return total / max(int(np.prod(values.shape)), 1)


class Loss:
    """Base class of losses: subclasses implement ``call(y_true, y_pred)``.

    Args:
        name: the name (defaults to the snake-case class name).
        reduction: one of ``"sum_over_batch_size"`` (default), ``"sum"``,
            ``"mean"``, ``"mean_with_sample_weight"``, ``"none"`` or None.
        dtype: the dtype of the computation (default float32).

    Example:
        >>> class AbsoluteSum(Loss):
        ...     def call(self, y_true, y_pred):
        ...         return ops.sum(ops.abs(y_pred - y_true), axis=-1)
        >>> float(AbsoluteSum()([[0.0, 0.0]], [[1.0, -2.0]]))
        3.0
    """

    def __init__(
        self,
        name: str | None = None,
        reduction: str | None = "sum_over_batch_size",
        dtype: Any = None,
    ) -> None:
        if reduction not in (*REDUCTIONS, None):
            raise ValueError(
                f"{type(self).__name__} expects reduction to be one of "
                f"{', '.join(REDUCTIONS)} or None, but received {reduction!r}."
                f"{did_you_mean(str(reduction), REDUCTIONS)}"
            )
        self.name = name or to_snake_case(type(self).__name__)
        self.reduction = reduction
        self.dtype = dtype or "float32"

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        """The reduced loss of a batch (a scalar Tensor unless reduction is none)."""
        y_pred = to_tensor(y_pred, self.dtype)
        values = self.call(y_true, y_pred)
        return reduce_weighted_values(values, sample_weight, self.reduction)

    def call(self, y_true: Any, y_pred: Any) -> Any:
        """One loss value per sample (implemented by subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} must implement call().")

    def get_config(self) -> dict:
        """The constructor arguments."""
        return {"name": self.name, "reduction": self.reduction, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        """Rebuild a loss from :meth:`get_config`'s output."""
        return cls(**config)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} name='{self.name}' reduction={self.reduction!r}>"
        )


class LossFunctionWrapper(Loss):
    """A ``Loss`` around a function ``fn(y_true, y_pred, **kwargs)``.

    Args:
        fn: returns one value per sample.
        reduction: see :class:`Loss`.
        name: defaults to the function's name.
        dtype: see :class:`Loss`.
        **kwargs: fixed keyword arguments for ``fn``.
    """

    def __init__(
        self,
        fn: Callable,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ) -> None:
        if not callable(fn):
            raise TypeError(
                "LossFunctionWrapper expects a function fn(y_true, y_pred), but "
                f"received {type(fn).__name__} {fn!r}."
            )
        super().__init__(
            name=name or getattr(fn, "__name__", None), reduction=reduction, dtype=dtype
        )
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true: Any, y_pred: Any) -> Any:
        """``fn(y_true, y_pred, **kwargs)``."""
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        """The base config plus the keyword arguments given to ``fn``."""
        return {**super().get_config(), **self._fn_kwargs}
