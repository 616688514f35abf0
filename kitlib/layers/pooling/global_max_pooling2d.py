"""``GlobalMaxPooling2D``: one number per channel, the maximum over the whole image.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.layers.pooling.global_average_pooling2d import GlobalAveragePooling2D


class GlobalMaxPooling2D(GlobalAveragePooling2D):
    """Maximum over the height and width axes: ``(N, H, W, C) -> (N, C)``.

    Args:
        data_format: ``None`` or ``"channels_last"``.
        keepdims: keep the pooled axes with size 1: ``(N, 1, 1, C)``.

    Input shape:
        ``(batch_size, rows, cols, channels)``.

    Output shape:
        ``(batch_size, channels)``, or ``(batch_size, 1, 1, channels)`` with
        ``keepdims=True``.

    Example:
        >>> import numpy as np
        >>> x = np.arange(8, dtype="float32").reshape(1, 2, 2, 2)
        >>> GlobalMaxPooling2D()(x).numpy().tolist()
        [[6.0, 7.0]]
    """

    def call(self, inputs: Any) -> Any:
        return ops.max(inputs, axis=(1, 2), keepdims=self.keepdims)


#: Keras's short alias.
GlobalMaxPool2D = GlobalMaxPooling2D
