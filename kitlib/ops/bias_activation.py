"""``bias_activation``: ``activation(x + bias)`` as one fused op.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

``Dense``, ``Conv1D`` and ``Conv2D`` end with a bias and an activation. As two
ops (``x + bias``, then ``ops.relu``) they read and write the layer's whole
output twice each way; this op does it in one pass forward and one backward
(``kitlib.kernels.bias_activation``) and records one step on the tape instead
of two. The numbers are the same as the two separate ops; only the time differs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.kernels import bias_activation as kernels
from kitlib.ops._nn_utils import _KernelOp, as_float, float_dtype
from kitlib.ops._op import Shape
from kitlib.utils.errors import fmt_shape

#: Activation names the fused op accepts.
FUSED_ACTIVATIONS = tuple(kernels.KINDS)
_WHO = "ops.bias_activation"


class BiasActivation(_KernelOp):
    """``activation(x + bias)``, the bias added along the last axis.

    Args:
        activation: one of :data:`FUSED_ACTIVATIONS` (``"linear"``, ``"relu"``).
    """

    def __init__(self, activation: str = "linear") -> None:
        super().__init__()
        if activation not in kernels.KINDS:
            raise ValueError(
                f"{_WHO} fuses the activations {list(FUSED_ACTIVATIONS)}, but "
                f"received activation={activation!r}. For any other activation "
                "apply it after the bias: ops.sigmoid(x + bias)."
            )
        self.activation = activation
        self.kind = kernels.KINDS[activation]

    def shape_rule(self, x_shape: Shape, bias_shape: Shape) -> Shape:
        channels = x_shape[-1] if x_shape else None
        known = len(bias_shape) == 1 and None not in (channels, bias_shape[0])
        if len(bias_shape) != 1 or (known and channels != bias_shape[0]):
            raise ValueError(
                f"{_WHO} expects a bias of shape ({channels},), one value per entry "
                f"of the input's last axis (input shape {fmt_shape(x_shape)}), but "
                f"received a bias of shape {fmt_shape(bias_shape)}."
            )
        return x_shape

    def dtype_rule(self, x_dtype: str, bias_dtype: str) -> str:
        return float_dtype(x_dtype, bias_dtype)

    def forward(self, x: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape, bias.shape)
        dtype = float_dtype(x.dtype, bias.dtype)
        rows = as_float(x, dtype).reshape(-1, bias.shape[0])
        y = kernels.bias_activation_forward(rows, as_float(bias, dtype), self.kind)
        return y.reshape(x.shape), y

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        y = ctx
        rows = as_float(grad, y.dtype).reshape(y.shape)
        dx, dbias = kernels.bias_activation_backward(rows, y, self.kind)
        return dx.reshape(grad.shape), dbias


def bias_activation(x: Any, bias: Any, activation: str = "linear") -> Any:
    """``activation(x + bias)`` in one fused step (``"linear"`` or ``"relu"``).

    Same result as ``ops.relu(x + bias)``, but one pass over ``x`` each way
    instead of two, and one op on the tape. ``Dense`` and ``Conv2D`` use it.

    Args:
        x: any shape whose last axis has ``len(bias)`` entries.
        bias: ``(channels,)``.
        activation: ``"linear"`` (only the bias) or ``"relu"``.

    Returns:
        A tensor shaped like ``x``.

    Raises:
        ValueError: for a bias that does not match the last axis, or an
            activation that is not fused.

    Example:
        >>> x = np.array([[-2.0, 1.0], [0.5, -0.5]], "float32")
        >>> bias_activation(x, np.array([1.0, 0.0], "float32"), "relu").numpy()
        array([[0. , 1. ],
               [1.5, 0. ]], dtype=float32)
    """
    return BiasActivation(activation)(x, bias)
