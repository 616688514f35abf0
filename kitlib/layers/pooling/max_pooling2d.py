"""``MaxPooling2D``: keep the largest value of each window (downsampling).

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.layers.pooling.base_pooling2d import Pooling2D


class MaxPooling2D(Pooling2D):
    """Max pooling: ``output[n, i, j, c] = max`` of the ``pool_size`` window.

    The gradient flows only to the pixel that won each window.

    Args:
        pool_size: int or ``(rows, cols)`` (default ``(2, 2)``).
        strides: int, pair or ``None`` (= ``pool_size``).
        padding: ``"valid"`` or ``"same"`` (padded zeros never win).
        data_format: ``None`` or ``"channels_last"``.

    Input shape:
        ``(batch_size, rows, cols, channels)``.

    Output shape:
        ``(batch_size, pooled_rows, pooled_cols, channels)``; with ``valid``,
        ``pooled_rows = (rows - pool_rows) // stride_rows + 1``.

    Example:
        >>> import numpy as np
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> MaxPooling2D((2, 2), strides=(2, 2))(x).numpy()[0, :, :, 0].tolist()
        [[5.0, 7.0], [13.0, 15.0]]
    """

    def call(self, inputs: Any) -> Any:
        self._check_input(inputs.shape)
        return ops.max_pool2d(inputs, self.pool_size, self.strides, self.padding)


#: Keras's short alias.
MaxPool2D = MaxPooling2D
