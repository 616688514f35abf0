"""``UpSampling2D``: make an image larger by repeating each row and column.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer
from kitlib.layers.convolutional.conv_utils import check_data_format, normalize_tuple


class UpSampling2D(Layer):
    """Repeat every row ``size[0]`` times and every column ``size[1]`` times.

    This is nearest-neighbour upsampling: ``output[n, i, j, c] =
    x[n, i // size[0], j // size[1], c]``. It has no weights; the gradient of an
    input pixel is the sum over its copies.

    Args:
        size: int or ``(rows, cols)`` upsampling factors (default ``(2, 2)``).
        data_format: ``None`` or ``"channels_last"``.
        interpolation: ``"nearest"`` (the only mode kitlib implements).

    Input shape:
        ``(batch_size, rows, cols, channels)``.

    Output shape:
        ``(batch_size, rows * size[0], cols * size[1], channels)``.

    Example:
        >>> import numpy as np
        >>> x = np.arange(4, dtype="float32").reshape(1, 2, 2, 1)
        >>> UpSampling2D(2)(x).numpy()[0, :, :, 0].tolist()[0]
        [0.0, 0.0, 1.0, 1.0]

    Keras note: Keras also offers ``interpolation="bilinear"`` and others.
    """

    def __init__(
        self,
        size: Any = (2, 2),
        data_format: str | None = None,
        interpolation: str = "nearest",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        who = type(self).__name__
        self.size = normalize_tuple(size, who, "size")
        self.data_format = check_data_format(data_format, who)
        if interpolation != "nearest":
            raise ValueError(
                f"{who} supports interpolation='nearest' only, but received "
                f"interpolation={interpolation!r}. Use the default 'nearest' "
                "(each pixel is copied into a size[0] x size[1] block)."
            )
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs: Any) -> Any:
        rows = ops.repeat(inputs, self.size[0], axis=1)
        return ops.repeat(rows, self.size[1], axis=2)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        batch, rows, cols, channels = input_shape
        rows = None if rows is None else rows * self.size[0]
        cols = None if cols is None else cols * self.size[1]
        return (batch, rows, cols, channels)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "size": self.size,
            "data_format": self.data_format,
            "interpolation": self.interpolation,
        }
