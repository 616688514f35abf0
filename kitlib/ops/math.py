"""Element-wise unary math: negative, abs, sign, exp, log, sqrt, square, clip, cast...

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Each op keeps its derivative next to its forward rule; the gradient of a
unary op is the upstream gradient times the local derivative.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.ops._common import float_dtype, to_float
from kitlib.ops._op import Op, Shape
from kitlib.utils.dtypes import floatx, is_float, standardize_dtype


class _Unary(Op):
    """One input; the output has the input's shape."""

    def shape_rule(self, x: Shape) -> Shape:
        return x


class _FloatUnary(_Unary):
    """A unary op whose output is always floating point (exp, log, sqrt)."""

    def dtype_rule(self, x: str) -> str:
        return float_dtype(x)


class Negative(_Unary):
    """``-x``."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return np.negative(x), None

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (-grad,)


class Abs(_Unary):
    """``|x|``."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return np.abs(x), np.sign(x)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        # NOTE: at x == 0 the kink gets gradient 0 (sign(0) = 0), as in TF.
        return (grad * ctx,)


class Sign(_Unary):
    """-1, 0 or 1 by the sign of ``x``."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return np.sign(x), None

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        # NOTE: sign is flat wherever it is differentiable, so TF defines its
        # gradient as zeros (not None): `sign(x) * x` still differentiates.
        return (np.zeros_like(grad),)


class Exp(_FloatUnary):
    """``e ** x``."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        out = np.exp(to_float(x))
        return out, out

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (grad * ctx,)


class Log(_FloatUnary):
    """Natural logarithm."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        x = to_float(x)
        return np.log(x), x

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (grad / ctx,)


class Log1p(_FloatUnary):
    """``log(1 + x)``, accurate for tiny ``x``."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        x = to_float(x)
        return np.log1p(x), x

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (grad / (1 + ctx),)


class Sqrt(_FloatUnary):
    """Square root."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        out = np.sqrt(to_float(x))
        return out, out

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        with np.errstate(divide="ignore"):  # sqrt'(0) is +inf, as in TF
            return (grad / (2 * ctx),)


class Square(_Unary):
    """``x * x``."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return x * x, x

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (2 * ctx * grad,)


class Clip(_Unary):
    """``x`` limited to ``[x_min, x_max]``."""

    def __init__(self, x_min: float, x_max: float) -> None:
        super().__init__()
        if x_min > x_max:
            raise ValueError(
                f"ops.clip expects x_min <= x_max, but received x_min={x_min} and "
                f"x_max={x_max}. Swap the two bounds."
            )
        self.x_min = x_min
        self.x_max = x_max

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        inside = (x >= self.x_min) & (x <= self.x_max)
        return np.clip(x, self.x_min, self.x_max), inside

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        # NOTE: like TF's clip_by_value, a value exactly on a bound still
        # passes its gradient; only values strictly outside get 0.
        return (np.where(ctx, grad, 0),)


class Cast(_Unary):
    """``x`` converted to ``dtype``; float-to-float casts pass gradients through."""

    def __init__(self, dtype: Any) -> None:
        super().__init__()
        self.target_dtype = standardize_dtype(dtype)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return x.astype(self.target_dtype), x.dtype

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        # An integer input has no gradient; a float one gets it in its own dtype.
        return (grad.astype(ctx) if is_float(ctx) else None,)

    def dtype_rule(self, x: str) -> str:
        return self.target_dtype


class ZerosLike(_Unary):
    """Zeros with the shape (and by default the dtype) of ``x``."""

    differentiable = False  # the output does not depend on x's values

    def __init__(self, dtype: Any = None) -> None:
        super().__init__()
        self.target_dtype = None if dtype is None else standardize_dtype(dtype)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return np.zeros_like(x, dtype=self.target_dtype), None

    def dtype_rule(self, x: str) -> str:
        return self.target_dtype or (x if x is not None else floatx())


class OnesLike(ZerosLike):
    """Ones with the shape (and by default the dtype) of ``x``."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return np.ones_like(x, dtype=self.target_dtype), None


def negative(x: Any) -> Any:
    """Element-wise ``-x``."""
    return Negative()(x)


def abs(x: Any) -> Any:  # noqa: A001 - Keras's name
    """Element-wise absolute value; the gradient at 0 is 0.

    Example:
        >>> abs([-2.0, 0.0, 3.0]).numpy().tolist()
        [2.0, 0.0, 3.0]
    """
    return Abs()(x)


def sign(x: Any) -> Any:
    """Element-wise sign (-1, 0 or 1); its gradient is zero everywhere."""
    return Sign()(x)


def exp(x: Any) -> Any:
    """Element-wise exponential ``e ** x``.

    Example:
        >>> round(float(exp(1.0)), 4)
        2.7183
    """
    return Exp()(x)


def log(x: Any) -> Any:
    """Element-wise natural logarithm (``log(0)`` is ``-inf``)."""
    return Log()(x)


def log1p(x: Any) -> Any:
    """Element-wise ``log(1 + x)``, accurate when ``x`` is tiny."""
    return Log1p()(x)


def sqrt(x: Any) -> Any:
    """Element-wise square root.

    Example:
        >>> sqrt([4.0, 9.0]).numpy().tolist()
        [2.0, 3.0]
    """
    return Sqrt()(x)


def square(x: Any) -> Any:
    """Element-wise ``x * x``."""
    return Square()(x)


def clip(x: Any, x_min: float, x_max: float) -> Any:
    """Limit ``x`` to ``[x_min, x_max]``; values on a bound keep their gradient.

    Example:
        >>> clip([-2.0, 0.5, 3.0], 0.0, 1.0).numpy().tolist()
        [0.0, 0.5, 1.0]
    """
    return Clip(x_min, x_max)(x)


def cast(x: Any, dtype: Any) -> Any:
    """Convert ``x`` to ``dtype``; gradients pass through float-to-float casts.

    Example:
        >>> cast([1.7, -1.7], "int32").numpy().tolist()
        [1, -1]
    """
    return Cast(dtype)(x)


def zeros_like(x: Any, dtype: Any = None) -> Any:
    """Zeros shaped like ``x`` (not differentiable: it ignores x's values)."""
    return ZerosLike(dtype)(x)


def ones_like(x: Any, dtype: Any = None) -> Any:
    """A tensor of ones shaped like ``x`` (not differentiable)."""
    return OnesLike(dtype)(x)
