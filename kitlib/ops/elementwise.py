"""Element-wise binary ops with broadcasting: add, multiply, power, maximum, where...

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Every backward pass here ends with ``unbroadcast``: an input that was
broadcast (say a bias of shape (3,) added to a batch of shape (32, 3)) was
used once per row, so its gradient is the sum over those rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.ops._op import Op, Shape, broadcast_shapes, unbroadcast
from kitlib.utils.dtypes import floatx, is_float, result_dtype


class _Binary(Op):
    """Two inputs broadcast together; subclasses give the two partial derivatives."""

    def shape_rule(self, a: Shape, b: Shape) -> Shape:
        return broadcast_shapes(a, b)


class Add(_Binary):
    """``x + y``."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
        return x + y, (x.shape, y.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x_shape, y_shape = ctx
        return unbroadcast(grad, x_shape), unbroadcast(grad, y_shape)


class Subtract(_Binary):
    """``x - y``."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
        return x - y, (x.shape, y.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x_shape, y_shape = ctx
        return unbroadcast(grad, x_shape), unbroadcast(-grad, y_shape)


class Multiply(_Binary):
    """``x * y``."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
        return x * y, (x, y)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x, y = ctx
        return unbroadcast(grad * y, x.shape), unbroadcast(grad * x, y.shape)


class Divide(_Binary):
    """``x / y`` (true division: integer inputs give the default float)."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
        out = x / y
        if not (is_float(x.dtype) or is_float(y.dtype)):
            out = out.astype(floatx())  # NumPy would give float64 for int / int
        return out, (x, y)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x, y = ctx
        return (
            unbroadcast(grad / y, x.shape),
            unbroadcast(-grad * x / (y * y), y.shape),
        )

    def dtype_rule(self, *dtypes: str) -> str:
        dtype = result_dtype(*dtypes)
        return dtype if is_float(dtype) else floatx()


class Power(_Binary):
    """``x ** y``."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
        out = np.power(x, y)
        return out, (x, y, out)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x, y, out = ctx
        # NOTE: d(x**y)/dy = x**y * log(x) only exists for x > 0; like TF we
        # use 0 elsewhere instead of NaN, so `x ** 2` with negative x works.
        log_x = np.log(np.where(x > 0, x, 1))
        with np.errstate(divide="ignore", invalid="ignore"):
            grad_x = grad * y * np.power(x, y - 1)  # 0 ** -0.5 is inf, as it should be
        return unbroadcast(grad_x, x.shape), unbroadcast(grad * out * log_x, y.shape)


class Maximum(_Binary):
    """Element-wise larger of ``x`` and ``y``."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
        # NOTE: at ties the gradient goes to x only (x >= y), as in TF/Keras, so
        # the two gradients always add up to the upstream gradient.
        return np.maximum(x, y), (x >= y, x.shape, y.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x_wins, x_shape, y_shape = ctx
        return (
            unbroadcast(np.where(x_wins, grad, 0), x_shape),
            unbroadcast(np.where(x_wins, 0, grad), y_shape),
        )


class Minimum(_Binary):
    """Element-wise smaller of ``x`` and ``y``."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
        # NOTE: at ties the gradient goes to x only (x <= y), as in TF/Keras.
        return np.minimum(x, y), (x <= y, x.shape, y.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x_wins, x_shape, y_shape = ctx
        return (
            unbroadcast(np.where(x_wins, grad, 0), x_shape),
            unbroadcast(np.where(x_wins, 0, grad), y_shape),
        )


class Where(Op):
    """``x`` where ``condition`` is true, else ``y`` (all three broadcast)."""

    def forward(
        self, condition: np.ndarray, x: np.ndarray, y: np.ndarray
    ) -> tuple[np.ndarray, Any]:
        mask = condition.astype(bool)
        return np.where(mask, x, y), (mask, x.shape, y.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        mask, x_shape, y_shape = ctx
        grad_x = unbroadcast(np.where(mask, grad, 0), x_shape)
        grad_y = unbroadcast(np.where(mask, 0, grad), y_shape)
        return None, grad_x, grad_y  # the condition has no gradient

    def shape_rule(self, condition: Shape, x: Shape, y: Shape) -> Shape:
        return broadcast_shapes(condition, x, y)

    def dtype_rule(self, condition: str, x: str, y: str) -> str:
        return result_dtype(x, y)


def add(x: Any, y: Any) -> Any:
    """Element-wise ``x + y`` with broadcasting.

    Example:
        >>> add([1.0, 2.0], 1.0).numpy().tolist()
        [2.0, 3.0]
    """
    return Add()(x, y)


def subtract(x: Any, y: Any) -> Any:
    """Element-wise ``x - y`` with broadcasting."""
    return Subtract()(x, y)


def multiply(x: Any, y: Any) -> Any:
    """Element-wise ``x * y`` with broadcasting."""
    return Multiply()(x, y)


def divide(x: Any, y: Any) -> Any:
    """Element-wise true division ``x / y`` with broadcasting.

    Example:
        >>> divide([1, 2], 2).numpy().tolist()
        [0.5, 1.0]
    """
    return Divide()(x, y)


def power(x: Any, y: Any) -> Any:
    """Element-wise ``x ** y`` with broadcasting.

    Example:
        >>> power([1.0, 2.0, 3.0], 2).numpy().tolist()
        [1.0, 4.0, 9.0]
    """
    return Power()(x, y)


def maximum(x: Any, y: Any) -> Any:
    """Element-wise maximum; at ties the gradient goes to ``x``.

    Example:
        >>> maximum([1.0, 5.0], [3.0, 2.0]).numpy().tolist()
        [3.0, 5.0]
    """
    return Maximum()(x, y)


def minimum(x: Any, y: Any) -> Any:
    """Element-wise minimum; at ties the gradient goes to ``x``.

    Example:
        >>> minimum([1.0, 5.0], 2.0).numpy().tolist()
        [1.0, 2.0]
    """
    return Minimum()(x, y)


def where(condition: Any, x: Any, y: Any) -> Any:
    """Pick ``x`` where ``condition`` is true and ``y`` elsewhere (broadcasting).

    Gradients flow to the picked elements only; ``condition`` gets none.

    Example:
        >>> where([True, False], [1.0, 2.0], 0.0).numpy().tolist()
        [1.0, 0.0]
    """
    return Where()(condition, x, y)
