"""``Softmax`` layer: scores along an axis -> probabilities that sum to 1.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.layer import Layer

#: Added to masked scores: exp(-1e9) is exactly 0 in float32/float64.
_LARGE_NEGATIVE = -1e9


class Softmax(Layer):
    """``exp(x) / sum(exp(x))`` along ``axis``.

    With a mask (1 = keep, 0 = ignore), masked positions get a score of
    ``-1e9`` first, so they receive (almost exactly) zero probability.

    Args:
        axis: the axis to normalize (default -1).

    Call arguments:
        inputs: the scores (logits).
        mask: optional, broadcastable to ``inputs``; a mask with one axis fewer
            (e.g. per time step) is applied to the whole last axis.

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> Softmax()(np.zeros((1, 4), "float32")).numpy().tolist()
        [[0.25, 0.25, 0.25, 0.25]]
        >>> scores = np.array([[1.0, 1.0, 5.0]])
        >>> Softmax()(scores, mask=np.array([[1, 1, 0]])).numpy().tolist()
        [[0.5, 0.5, 0.0]]
    """

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise ValueError(
                f"Softmax expects axis to be an int, but received axis={axis!r}. "
                "Use axis=-1 for the class axis of (batch, classes) scores."
            )
        self.axis = axis
        self.supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is not None:
            keep = ops.cast(mask, inputs.dtype)
            if keep.ndim == inputs.ndim - 1:
                keep = ops.expand_dims(keep, -1)
            inputs = inputs + (1.0 - keep) * _LARGE_NEGATIVE
        return ops.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
