"""``Masking``: mark time steps whose features all equal ``mask_value`` as padding.

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.layer import Layer


class Masking(Layer):
    """Skip padded time steps in later layers (RNNs) that support masks.

    A step ``t`` of sample ``n`` is masked when every feature
    ``inputs[n, t, :]`` equals ``mask_value``. The layer outputs the input with
    masked steps set to 0 and attaches the mask ``(batch, steps)`` (True = keep).

    Args:
        mask_value: the padding value (default 0.0).

    Input shape:
        ``(batch_size, steps, features)`` (any rank >= 2 works).

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> x = np.array([[[1.0, 2.0], [0.0, 0.0]]], "float32")
        >>> Masking()(x)._keras_mask.numpy().tolist()
        [[True, False]]
    """

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * ops.cast(keep, inputs.dtype)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """True for steps with at least one feature different from ``mask_value``."""
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}
