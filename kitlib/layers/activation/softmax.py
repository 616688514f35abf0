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
        mask: optional, same number of axes as ``inputs`` (broadcastable); 1
            keeps a score, 0 hides it. A per-step mask with fewer axes is not
            applied (it is passed on to the next layer).

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
        # A mask with fewer axes (one flag per time step, from Embedding or
        # Masking) says which *steps* are padding, not which scores to hide: it
        # only passes through to later layers.
        if mask is not None and len(mask.shape) == len(inputs.shape):
            keep = ops.cast(mask, inputs.dtype)
            inputs = inputs + (1.0 - keep) * _LARGE_NEGATIVE
        return ops.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
