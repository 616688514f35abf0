"""Matrix products: ``matmul`` (the ``@`` operator) for 1-D, 2-D and batched inputs.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

For ``out = x @ y`` with ``x`` (n, k) and ``y`` (k, m), each ``out[i, j]``
sums ``x[i, p] * y[p, j]`` over ``p``, so the vector-Jacobian products are
two more matmuls: ``dx = grad @ y.T`` and ``dy = x.T @ grad``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.ops._common import _CheckedOp
from kitlib.ops._op import Shape, broadcast_shapes, unbroadcast
from kitlib.utils.errors import fmt_shape


def _swap(array: np.ndarray) -> np.ndarray:
    """Transpose the last two axes (the matrix transpose of a batch)."""
    return np.swapaxes(array, -1, -2)


class Matmul(_CheckedOp):
    """``x @ y`` with NumPy's rules: batch axes broadcast, 1-D inputs are vectors."""

    def shape_rule(self, x: Shape, y: Shape) -> Shape:
        if len(x) == 0 or len(y) == 0:
            raise ValueError(
                f"ops.matmul expects inputs with at least 1 axis, but received shapes "
                f"{fmt_shape(x)} and {fmt_shape(y)}. To scale a tensor by a number, "
                "use * (ops.multiply) instead of @."
            )
        x_mat = (1,) + tuple(x) if len(x) == 1 else tuple(x)  # a row vector
        y_mat = tuple(y) + (1,) if len(y) == 1 else tuple(y)  # a column vector
        inner_x, inner_y = x_mat[-1], y_mat[-2]
        if inner_x is not None and inner_y is not None and inner_x != inner_y:
            raise ValueError(
                f"ops.matmul expects the last axis of x to match the second-to-last "
                f"axis of y, but received x of shape {fmt_shape(x)} and y of shape "
                f"{fmt_shape(y)} ({inner_x} != {inner_y}). In x @ y, each row of x "
                "is multiplied with each column of y, so both need the same length; "
                "check the order of the operands or transpose one of them (y.T)."
            )
        try:
            batch = broadcast_shapes(x_mat[:-2], y_mat[:-2])
        except ValueError:
            raise ValueError(
                f"ops.matmul expects batch axes (all but the last two) that "
                f"broadcast, but received x of shape {fmt_shape(x)} and y of shape "
                f"{fmt_shape(y)}. Batch sizes must be equal or 1."
            ) from None
        rows = () if len(x) == 1 else (x_mat[-2],)
        cols = () if len(y) == 1 else (y_mat[-1],)
        return batch + rows + cols

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape, y.shape)  # clear errors before NumPy's
        return np.matmul(x, y), (x, y)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x, y = ctx
        # NOTE: a 1-D operand was a row (x) or column (y) vector; put the axis
        # it lost back into the gradient so the 2-D formulas below apply.
        x_mat = x[None, :] if x.ndim == 1 else x
        y_mat = y[:, None] if y.ndim == 1 else y
        if y.ndim == 1:
            grad = grad[..., None]
        if x.ndim == 1:
            grad = grad[..., None, :]
        grad_x = grad_y = None  # skipped when the tape does not need them
        if self.wants_grad(0):
            grad_x = unbroadcast(grad @ _swap(y_mat), x_mat.shape).reshape(x.shape)
        if self.wants_grad(1):
            grad_y = unbroadcast(_swap(x_mat) @ grad, y_mat.shape).reshape(y.shape)
        return grad_x, grad_y


def matmul(x: Any, y: Any) -> Any:
    """Matrix product ``x @ y``, batched over leading axes like ``np.matmul``.

    Args:
        x: a tensor of shape ``(..., n, k)``, or a vector ``(k,)``.
        y: a tensor of shape ``(..., k, m)``, or a vector ``(k,)``.

    Returns:
        A tensor of shape ``(..., n, m)`` (vector axes dropped), where ``...``
        is the broadcast of both batch shapes.

    Raises:
        ValueError: if the inner dimensions differ (both shapes are named).

    Example:
        >>> matmul([[1.0, 2.0]], [[3.0], [4.0]]).numpy().tolist()
        [[11.0]]
    """
    return Matmul()(x, y)
