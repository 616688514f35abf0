"""A fused, numerically stable sigmoid cross-entropy op (used by BCE with logits).

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

For a logit ``x`` and label ``z`` the loss ``-z log s(x) - (1-z) log(1-s(x))``
equals ``max(x, 0) - x z + log(1 + exp(-|x|))``: ``exp`` only ever sees a
non-positive number, so nothing overflows, even for ``x = 1000``. Its
gradient is simply ``sigmoid(x) - z``. Written as one op (rather than
``maximum``, ``abs``, ``log1p``... on the tape) the gradient is exact
everywhere, including ``x = 0`` where ``max`` and ``abs`` have kinks whose
sub-gradients would not cancel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.ops import Op
from kitlib.ops._op import Shape, broadcast_shapes, unbroadcast


class _SigmoidCrossEntropy(Op):
    """Element-wise ``max(x, 0) - x z + log1p(exp(-|x|))``; inputs ``(z, x)``."""

    def forward(self, labels: np.ndarray, logits: np.ndarray) -> tuple[np.ndarray, Any]:
        loss = (
            np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))
        )
        return loss, (labels, logits)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        labels, logits = ctx
        # NOTE: sigmoid via exp(-|x|) as well, so it never overflows.
        e = np.exp(-np.abs(logits))
        sigmoid = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
        return (
            unbroadcast(-logits * grad, labels.shape),
            unbroadcast((sigmoid - labels) * grad, logits.shape),
        )

    def shape_rule(self, labels_shape: Shape, logits_shape: Shape) -> Shape:
        return broadcast_shapes(labels_shape, logits_shape)


def sigmoid_cross_entropy(labels: Any, logits: Any) -> Any:
    """Per-element binary cross-entropy of ``labels`` given ``logits``.

    Example:
        >>> sigmoid_cross_entropy([1.0, 0.0], [1000.0, 1000.0]).numpy().tolist()
        [0.0, 1000.0]
    """
    return _SigmoidCrossEntropy()(labels, logits)
