"""``AveragePooling2D``: replace each window by its mean (downsampling).

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.layers.pooling.base_pooling2d import Pooling2D


class AveragePooling2D(Pooling2D):
    """Average pooling: ``output[n, i, j, c] = mean`` of the ``pool_size`` window.

    Each input pixel of a window receives ``1 / window_size`` of its gradient.

    Args:
        pool_size: int or ``(rows, cols)`` (default ``(2, 2)``).
        strides: int, pair or ``None`` (= ``pool_size``).
        padding: ``"valid"`` or ``"same"`` (padded zeros are not counted).
        data_format: ``None`` or ``"channels_last"``.

    Input shape:
        ``(batch_size, rows, cols, channels)``.

    Output shape:
        ``(batch_size, pooled_rows, pooled_cols, channels)``.

    Example:
        >>> import numpy as np
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> AveragePooling2D(2)(x).numpy()[0, :, :, 0].tolist()
        [[2.5, 4.5], [10.5, 12.5]]
    """

    def call(self, inputs: Any) -> Any:
        self._check_input(inputs.shape)
        return ops.avg_pool2d(inputs, self.pool_size, self.strides, self.padding)


#: Keras's short alias.
AvgPool2D = AveragePooling2D
